package verifier_test

import (
	"crypto/ed25519"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/certtest"
	"github.com/accolade-badges/accolade/verifier"
)

// TestVerifyPDF verifies credentials embedded in PDF certificates, by this
// package's test writer and by poppler's pdfattach.
func TestVerifyPDF(t *testing.T) {
	_, ed, _, _ := testKeys(t)
	jwt := ownJWT(t, ed)
	di := string(signDI(t, credential(issuerID, issuerName), ed.priv.(ed25519.PrivateKey), ed.kid))
	tamperedDI := strings.Replace(di, issuerName, "Another Time Bank", 1)
	const valid, invalid, unreadable = verifier.OutcomeValid, verifier.OutcomeInvalid, verifier.OutcomeUnreadable
	tests := []struct {
		name, contentType string
		pdf               []byte
		format            string
		outcome           verifier.Outcome
		fragment          string
	}{
		{"jwt", "application/pdf", certtest.PDF(certtest.Attachment{Name: "credential.jwt", Data: jwt}), "pdf+jwt", valid, "embedded in a PDF"},
		{"json flate sniffed", "", certtest.PDF(certtest.Attachment{Name: "credential.json", Data: di, Flate: true}), "pdf+json", valid, ""},
		{"both forms", "application/pdf", certtest.PDF(certtest.Attachment{Name: "credential.json", Data: di, Flate: true},
			certtest.Attachment{Name: "credential.jwt", Data: jwt, Flate: true}), "pdf+json", valid, ""},
		{"tampered jwt", "application/pdf", certtest.PDF(certtest.Attachment{Name: "credential.jwt", Data: flip(jwt), Flate: true}), "pdf+jwt", invalid, ""},
		{"tampered json", "", certtest.PDF(certtest.Attachment{Name: "credential.json", Data: tamperedDI}), "pdf+json", invalid, ""},
		{"no embedded files", "application/pdf", certtest.PDF(), "pdf", unreadable, "This PDF carries no credential: it has no embedded files"},
		{"not a pdf", "application/pdf", []byte("hello"), "pdf", unreadable, "not a PDF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newVerifier(t, newLocal(t), nil).Verify(ctx, tt.pdf, tt.contentType)
			wantVerdict(t, tt.name, got, tt.outcome, nil, map[string]string{"format": tt.fragment})
			if got.Format != tt.format {
				t.Errorf("Verify(%s) format = %q, want %q; checks: %+v", tt.name, got.Format, tt.format, got.Checks)
			}
		})
	}
	t.Run("pdfattach", func(t *testing.T) {
		for name, pdf := range map[string][]byte{
			"valid":    certtest.PDFAttach(t, "credential.jwt", jwt),
			"tampered": certtest.PDFAttach(t, "credential.jwt", flip(jwt)),
		} {
			got := newVerifier(t, newLocal(t), nil).Verify(ctx, pdf, "")
			want := map[string]verifier.Outcome{"valid": valid, "tampered": invalid}[name]
			wantVerdict(t, "pdfattach "+name, got, want, nil, nil)
			if got.Format != "pdf+jwt" {
				t.Errorf("Verify(pdfattach %s) format = %q, want pdf+jwt", name, got.Format)
			}
		}
	})
}

// TestVerifyPhoto verifies what the QR code in a photo of a printed
// certificate links to: one of this service's credential pages (answered
// from Local), or another issuer's credential fetched over HTTP.
func TestVerifyPhoto(t *testing.T) {
	_, ed, _, _ := testKeys(t)
	jwt := ownJWT(t, ed)
	local := newLocal(t)
	const id = "8c5e0e58-4c1a-4b53-9f0a-5f4a1f0d6a11"
	local.credentials[id] = []byte(jwt)
	page := baseURL + "/credentials/" + id
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/jwt")
		fmt.Fprint(w, jwt)
	}))
	defer srv.Close()
	v, err := verifier.New(verifier.Config{Local: local, BaseURL: baseURL, AllowPrivateNetworks: true,
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	const valid, unreadable = verifier.OutcomeValid, verifier.OutcomeUnreadable
	tests := []struct {
		name, contentType string
		img               []byte
		format            string
		outcome           verifier.Outcome
		fragment          string
	}{
		{"jpeg of our page", "image/jpeg", certtest.PhotoJPEG(t, page, 1600, 1200), "jpeg+qr-code+url+jwt", valid, "Found a QR code in the JPEG image, linking to " + page},
		{"jpeg sniffed", "", certtest.PhotoJPEG(t, page, 1200, 900), "jpeg+qr-code+url+jwt", valid, ""},
		{"png scan", "image/png", certtest.Photo(t, page, 900, 1200), "png+qr-code+url+jwt", valid, "PNG image"},
		{"remote credential", "", certtest.PhotoJPEG(t, srv.URL+"/cred.jwt", 1600, 1200), "jpeg+qr-code+url+jwt", valid, ""},
		{"unknown credential", "", certtest.PhotoJPEG(t, baseURL+"/credentials/00000000-0000-0000-0000-000000000000", 1200, 900), "jpeg+qr-code+url", unreadable, "no credential 00000000"},
		{"jwt in the code", "", certtest.Photo(t, jwt, 1600, 1600), "png+qr-code+jwt", valid, ""},
		{"text in the code", "", certtest.Photo(t, "hello", 800, 600), "png+qr-code", unreadable, `holds "hello"`},
		{"no code", "image/jpeg", certtest.PhotoJPEG(t, "", 800, 600), "jpeg", unreadable, "This image holds no credential and no QR code we could read."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := v.Verify(ctx, tt.img, tt.contentType)
			wantVerdict(t, tt.name, got, tt.outcome, nil, map[string]string{"format": tt.fragment})
			if got.Format != tt.format {
				t.Errorf("Verify(%s) format = %q, want %q; checks: %+v", tt.name, got.Format, tt.format, got.Checks)
			}
		})
	}
}
