package bake_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/bake"
)

// bakedExamples returns the baked images of ../shared/spec whose names end
// in ext, or none on a clone without it.
func bakedExamples(tb testing.TB, ext string) [][]byte {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "spec", "examples", "baked", "*"+ext))
	var out [][]byte
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			out = append(out, b)
		}
	}
	return out
}

// FuzzReadPNG: ReadPNG never panics or returns more than its limit, and
// baking a credential into an image it reads gives that credential back.
func FuzzReadPNG(f *testing.F) {
	for _, b := range bakedExamples(f, ".png") {
		f.Add(b, "eyJhbGciOiJFZERTQSJ9.e30.c2ln")
	}
	plain := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x00IEND\xaeB`\x82")
	f.Add(plain, `{"type":["VerifiableCredential"]}`)
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x14iTXtopenbadgecredential\x00\x01\x00"), "x")
	f.Fuzz(func(t *testing.T, img []byte, cred string) {
		got, err := bake.ReadPNG(img, 4096)
		if err == nil && len(got) > 4096 {
			t.Errorf("ReadPNG returned %d bytes, more than its limit", len(got))
		}
		baked, err := bake.PNG(img, cred)
		if err != nil {
			return
		}
		back, err := bake.ReadPNG(baked, int64(len(cred))+1)
		if err != nil || string(back) != cred {
			t.Errorf("ReadPNG(PNG(img, %q)) = %q, %v; want the credential back", cred, back, err)
		}
	})
}

// FuzzReadSVG: ReadSVG never panics or returns more than its limit, and
// baking a credential into an SVG gives that credential back.
func FuzzReadSVG(f *testing.F) {
	for _, b := range bakedExamples(f, ".svg") {
		f.Add(b, "eyJhbGciOiJFZERTQSJ9.e30.c2ln", true)
	}
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>`), `{"a":"]]>"}`, false)
	f.Add([]byte(`<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="&x;"/></svg>`), "a.b.c", true)
	f.Fuzz(func(t *testing.T, svg []byte, cred string, isJWT bool) {
		got, err := bake.ReadSVG(svg, 4096)
		if err == nil && len(got) > 4096 {
			t.Errorf("ReadSVG returned %d bytes, more than its limit", len(got))
		}
		baked, err := bake.SVG(svg, cred, isJWT)
		if err != nil {
			return
		}
		back, err := bake.ReadSVG(baked, int64(len(cred))+1)
		switch {
		case err != nil:
			t.Errorf("ReadSVG(SVG(svg, %q)) error %v; want the credential back\n%s", cred, err, baked)
		case isJWT && string(back) != cred, !isJWT && string(bytes.TrimSpace(back)) != strings.TrimSpace(cred):
			t.Errorf("ReadSVG(SVG(svg, %q)) = %q; want the credential back", cred, back)
		}
	})
}
