package certificate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/certificate"
	"github.com/accolade-badges/accolade/errs"
)

// sample is a certificate as the server builds it, for holder name.
func sample(name, lang string) *certificate.Certificate {
	return &certificate.Certificate{
		Lang:            lang,
		IssuerName:      "Riverside Skill Exchange",
		IssuerURL:       "https://riverside.example.org",
		AchievementName: "Project Trainer",
		Description:     "Trains other volunteers to run community projects, from the first meeting to the last report.",
		Criteria:        "Ran 3 confirmed workshops for 10 different learners and was vouched for by 2 mentors.",
		HolderName:      name,
		HolderLang:      lang,
		HolderLatinName: "Sam Okafor",
		Awarded:         time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC),
		Expires:         time.Date(2027, 11, 3, 10, 0, 0, 0, time.UTC),
		CredentialID:    "urn:uuid:5f0c6a8e-3a52-4b5e-9d0f-2c1b7e9a4d31",
		VerifyURL:       "https://riverside.example.org/credentials/5f0c6a8e-3a52-4b5e-9d0f-2c1b7e9a4d31",
		CredentialJSON:  []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:5f0c6a8e","proof":{"type":"DataIntegrityProof"}}` + "\n"),
		JWT:             "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
		AttachmentName:  "project-trainer",
		Design:          certificate.Design{Signatory: "Amara Nwosu", SignatoryRole: "Coordinator"},
	}
}

// badgePNG is a small PNG with transparency: a disc.
func badgePNG(t testing.TB) []byte {
	m := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for y := range 64 {
		for x := range 64 {
			if (x-32)*(x-32)+(y-32)*(y-32) < 30*30 {
				m.Set(x, y, color.NRGBA{0x2a, 0x7a, 0x4b, 0xff})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func render(t testing.TB, c *certificate.Certificate) []byte {
	t.Helper()
	pdf, err := certificate.Render(c, nil)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return pdf
}

// tool returns the path of a command-line tool, or skips the test.
func tool(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found: install Debian's %s to run this test", name, pkg)
	}
	return p
}

func renderNotes(t testing.TB, c *certificate.Certificate) ([]byte, []string) {
	t.Helper()
	pdf, notes, err := certificate.RenderNotes(c, nil)
	if err != nil {
		t.Fatalf("RenderNotes: %v", err)
	}
	return pdf, notes
}

func readLabels(t testing.TB, lang string) map[string]any {
	t.Helper()
	b, err := os.ReadFile("labels/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("labels/%s.json: %v", lang, err)
	}
	return m
}

func asErr(err error, e **errs.Error) bool { return errors.As(err, e) }
