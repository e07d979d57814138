package verifier_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/internal/certtest"
	"github.com/accolade-badges/accolade/verifier"
)

// hostileInputs are inputs built to make a verifier work hard: each one
// must be refused (never verified), and quickly. Issue 14 asks for an
// answer within a second; BenchmarkHostileInputs measures it.
func hostileInputs(tb testing.TB) []struct {
	name, contentType string
	input             []byte
} {
	_, ed, _, _ := testKeys(tb)
	jwt := ownJWT(tb, ed)
	parts := strings.SplitN(jwt, ".", 3)
	b64 := base64.RawURLEncoding.EncodeToString
	zeros := func(n int) []byte { return make([]byte, n) }

	// A noisy photo at the largest size accepted for a file: a QR search
	// over every pixel, and no code to find.
	rng := rand.New(rand.NewPCG(1, 2))
	noise := image.NewGray(image.Rect(0, 0, 2400, 1800))
	for i := range noise.Pix {
		noise.Pix[i] = byte(rng.IntN(256))
	}
	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, noise, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}

	laughs := `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">` +
		`<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">` +
		`<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>` +
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">` +
		`<openbadges:credential verify="&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"/></svg>`

	return []struct {
		name, contentType string
		input             []byte
	}{
		{"json nested 100k deep", "", []byte(`{"@context":` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `}`)},
		{"json 2 MiB of braces", "", bytes.Repeat([]byte("{"), 2<<20-1)},
		{"json 2 MiB of keys", "", []byte(`{"a":1` + strings.Repeat(`,"a":1`, (2<<20-16)/6) + `}`)},
		{"jwt duplicate alg", "", []byte(b64([]byte(`{"alg":"none","alg":"EdDSA"}`)) + "." + parts[1] + "." + parts[2])},
		{"jwt 2 MiB payload", "", []byte(parts[0] + "." + b64(bytes.Repeat([]byte(" "), 1<<20+512<<10)) + "." + parts[2])},
		{"jwt 10k segments", "", []byte(strings.Repeat(parts[0]+".", 10_000) + parts[2])},
		{"png iTXt inflating to 64 MiB", "image/png", pngWith(itxt(zeros(64<<20), true))},
		{"png 100000×100000 header", "image/png", hugePNG()},
		{"png 20,000 chunks", "image/png", pngWith(bytes.Repeat(chunk("tEXt", []byte("k\x00v")), 20_000))},
		{"svg billion laughs", "image/svg+xml", []byte(laughs)},
		{"pdf attachment inflating to 64 MiB", "application/pdf", certtest.PDF(certtest.Attachment{Name: "c.jwt", Data: string(zeros(64 << 20)), Flate: true})},
		{"pdf 50,000 objects", "application/pdf", certtest.PDF(manyAttachments(50_000)...)},
		{"photo of noise 2400×1800", "image/jpeg", photo.Bytes()},
	}
}

// hugePNG is a PNG whose header claims 100000×100000 pixels, with no
// pixel data.
func hugePNG() []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	b.Write(chunk("IHDR", []byte{0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 2, 0, 0, 0}))
	b.Write(chunk("IEND", nil))
	return b.Bytes()
}

func manyAttachments(n int) []certtest.Attachment {
	a := make([]certtest.Attachment, n)
	for i := range a {
		a[i] = certtest.Attachment{Name: "x", Data: "x"}
	}
	return a
}

// BenchmarkHostileInputs verifies each hostile input; ms/op is the time to
// the (refusing) verdict.
func BenchmarkHostileInputs(b *testing.B) {
	v := newVerifier(b, newLocal(b), nil)
	for _, h := range hostileInputs(b) {
		b.Run(strings.ReplaceAll(h.name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				if got := v.Verify(ctx, h.input, h.contentType); got.Verified {
					b.Fatalf("Verify(%s) verified it", h.name)
				}
			}
		})
	}
}

// TestHostileInputsRefused checks, in make test, that every hostile input
// of the benchmark is refused with a verdict saying why.
func TestHostileInputsRefused(t *testing.T) {
	v := newVerifier(t, newLocal(t), nil)
	for _, h := range hostileInputs(t) {
		got := v.Verify(ctx, h.input, h.contentType)
		if got.Verified || got.Outcome == verifier.OutcomeValid {
			t.Errorf("Verify(%s) = %s, want a refusal", h.name, got.Outcome)
			continue
		}
		failed := false
		for _, c := range got.Checks {
			if c.Status == verifier.Fail && c.Message != "" {
				failed = true
			}
			// A sentinel's text appended to a sentence ("… 2 MiB.: too
			// large") is a program's words, not the person's.
			if strings.Contains(c.Message, ".:") {
				t.Errorf("Verify(%s) check %s message = %q: a Go error chain, not a sentence", h.name, c.Check, c.Message)
			}
		}
		if !failed {
			t.Errorf("Verify(%s): no failed check says why: %+v", h.name, got.Checks)
		}
		t.Logf("%s: %s", h.name, got.Checks[len(got.Checks)-1].Message)
	}
}
