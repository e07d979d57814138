package verifier_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"testing"

	"github.com/accolade-badges/accolade/keys"
)

// FuzzVerify checks that no input makes Verify panic. The verifier has no
// network: every fetch fails.
func FuzzVerify(f *testing.F) {
	// An Ed25519 key only: generating RSA keys under the fuzzer's coverage
	// instrumentation takes minutes.
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	ed := newTestKey(priv, keys.EdDSA, "default")
	local := &fakeLocal{keys: map[string][]testKey{issuerID: {ed}}}
	jwt := ownJWT(f, ed)
	di := signDI(f, credential(issuerID, issuerName), ed.priv.(ed25519.PrivateKey), ed.kid)
	for _, seed := range [][]byte{
		[]byte(jwt),
		[]byte(flip(jwt)),
		di,
		pngWith(itxt([]byte(jwt), false)),
		pngWith(itxt(di, true)),
		[]byte(`<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="` + jwt + `"/></svg>`),
		[]byte(`{"@context":[],"proof":{}}`),
		[]byte(`eyJhbGciOiJub25lIn0.e30.`),
		[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x00iTXt"),
		{},
	} {
		f.Add(seed, "")
	}
	f.Add([]byte(jwt), "image/png")
	v := newVerifier(f, local, nil)
	f.Fuzz(func(t *testing.T, input []byte, contentType string) {
		got := v.Verify(ctx, input, contentType)
		if got.Verified && len(got.Checks) < 3 {
			t.Errorf("Verify(%q) verified with only %d checks: %+v", input, len(got.Checks), got.Checks)
		}
	})
}
