package server

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

// softKey is a software authenticator for tests: one ES256 passkey with
// "none" attestation, user present and verified, its counter going up by
// one at each assertion.
type softKey struct {
	t            *testing.T
	rpID, origin string
	id, handle   []byte
	key          *ecdsa.PrivateKey
	count        uint32
}

func newSoftKey(t *testing.T, rpID, origin string) *softKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	mustOK(t, err)
	id := make([]byte, 16)
	_, err = rand.Read(id)
	mustOK(t, err)
	return &softKey{t: t, rpID: rpID, origin: origin, id: id, key: key}
}

var b64 = base64.RawURLEncoding.EncodeToString

// authData is the authenticator data: RP id hash, flags (UP, UV, and AT
// with the credential), counter, and the attested credential.
func (k *softKey) authData(attested bool) []byte {
	h := sha256.Sum256([]byte(k.rpID))
	flags := byte(0x01 | 0x04)
	if attested {
		flags |= 0x40
	}
	out := append(h[:], flags)
	out = binary.BigEndian.AppendUint32(out, k.count)
	if !attested {
		return out
	}
	pub, err := k.key.PublicKey.ECDH()
	mustOK(k.t, err)
	point := pub.Bytes() // 0x04 || X || Y
	cose, err := webauthncbor.Marshal(webauthncose.EC2PublicKeyData{
		PublicKeyData: webauthncose.PublicKeyData{KeyType: int64(webauthncose.EllipticKey), Algorithm: int64(webauthncose.AlgES256)},
		Curve:         1, XCoord: point[1:33], YCoord: point[33:],
	})
	mustOK(k.t, err)
	out = append(out, make([]byte, 16)...) // AAGUID
	out = binary.BigEndian.AppendUint16(out, uint16(len(k.id)))
	out = append(out, k.id...)
	return append(out, cose...)
}

func (k *softKey) clientData(kind, challenge string) []byte {
	b, err := json.Marshal(map[string]any{"type": kind, "challenge": challenge, "origin": k.origin, "crossOrigin": false})
	mustOK(k.t, err)
	return b
}

// create answers navigator.credentials.create for challenge, for the
// user handle given in the options.
func (k *softKey) create(challenge string, handle []byte) json.RawMessage {
	k.handle = handle
	att, err := webauthncbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": k.authData(true)})
	mustOK(k.t, err)
	return k.credential(map[string]any{
		"clientDataJSON": b64(k.clientData("webauthn.create", challenge)), "attestationObject": b64(att),
		"transports": []string{"internal"},
	})
}

// get answers navigator.credentials.get for challenge.
func (k *softKey) get(challenge string) json.RawMessage {
	k.count++
	cd := k.clientData("webauthn.get", challenge)
	ad := k.authData(false)
	cdHash := sha256.Sum256(cd)
	digest := sha256.Sum256(append(append([]byte{}, ad...), cdHash[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, k.key, digest[:])
	mustOK(k.t, err)
	return k.credential(map[string]any{
		"clientDataJSON": b64(cd), "authenticatorData": b64(ad), "signature": b64(sig), "userHandle": b64(k.handle),
	})
}

func (k *softKey) credential(response map[string]any) json.RawMessage {
	b, err := json.Marshal(map[string]any{"id": b64(k.id), "rawId": b64(k.id), "type": "public-key", "response": response})
	mustOK(k.t, err)
	return b
}

// postJSON sends a same-origin JSON post from b, as passkey.js does, and
// keeps the cookies it sets.
func (b *browser) postJSON(path string, body any) *httptest.ResponseRecorder {
	b.t.Helper()
	raw, ok := body.(string)
	if !ok {
		enc, err := json.Marshal(body)
		mustOK(b.t, err)
		raw = string(enc)
	}
	req := httptest.NewRequest("POST", path, strings.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.send(req)
}

// answer decodes a JSON answer of a passkey endpoint with status want.
func answer[T any](t *testing.T, rec *httptest.ResponseRecorder, want int) T {
	t.Helper()
	var v T
	if rec.Code != want {
		t.Fatalf("status %d, want %d\n%s", rec.Code, want, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") && want != http.StatusForbidden {
		t.Fatalf("Content-Type %q, want application/json", ct)
	}
	mustOK(t, json.Unmarshal(rec.Body.Bytes(), &v))
	return v
}
