package criteria

import (
	"encoding/json"
	"strings"
	"testing"
)

const designBase = `id: project-trainer
name: Project Trainer
description: Trains others.
`

func TestCertificateDesign(t *testing.T) {
	a, err := ParseAchievement("trainer.yaml", []byte(designBase+`certificate:
  primaryColor: "#1f4e79"
  accentColor: "#B8860B"
  title: Certificat de formateur
  statement: a mené à bien le programme
  signatory: Amina Diallo
  signatoryRole: Coordinatrice
  paperSize: letter
  logo: data:image/png;base64,iVBORw0KGgo=
`))
	if err != nil {
		t.Fatal(err)
	}
	c := a.Certificate
	if c == nil || c.PrimaryColor != "#1f4e79" || c.Signatory != "Amina Diallo" || c.PaperSize != "letter" || c.Logo == "" {
		t.Fatalf("design = %+v", c)
	}
	// The JSON form reads back the same.
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back Achievement
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if *back.Certificate != *c {
		t.Errorf("round trip: %+v, want %+v", back.Certificate, c)
	}
}

func TestCertificateDesignErrors(t *testing.T) {
	for _, c := range []struct{ design, want string }{
		{"  primaryColor: blue\n", `trainer.yaml:5: certificate.primaryColor: "blue" is not a colour`},
		{"  paperSize: a5\n", `certificate.paperSize: "a5" is not a paper size: use a4 or letter`},
		{"  logo: badge.png\n", `certificate.logo: "badge.png" is not an image`},
		{"  colour: \"#ffffff\"\n", `unknown key "colour"`},
	} {
		_, err := ParseAchievement("trainer.yaml", []byte(designBase+"certificate:\n"+c.design))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.design, err, c.want)
		}
	}
}
