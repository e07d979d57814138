package bake_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/bake"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/spectest"
)

const limit = 1 << 20

const (
	jwt  = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6d2ViOmV4YW1wbGUub3JnIn0.c2lnbmF0dXJl"
	json = `{"@context":["https://www.w3.org/ns/credentials/v2"],"name":"A & B <x> ]]> done"}`
)

// tinyPNG is a 1×1 PNG: IHDR, IDAT and IEND.
func tinyPNG() []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	b.Write(chunk("IHDR", []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0}))
	b.Write(chunk("IDAT", []byte{0x78, 0x9c, 0x63, 0x60, 0, 0, 0, 2, 0, 1}))
	b.Write(chunk("IEND", nil))
	return b.Bytes()
}

func chunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.Update(crc32.ChecksumIEEE([]byte(typ)), crc32.IEEETable, data))
	return b.Bytes()
}

func TestPNGRoundTrip(t *testing.T) {
	for _, cred := range []string{jwt, json} {
		img, err := bake.PNG(tinyPNG(), cred)
		if err != nil {
			t.Fatalf("PNG(%.20q) error = %v", cred, err)
		}
		if got, err := bake.ReadPNG(img, limit); err != nil || string(got) != cred {
			t.Errorf("ReadPNG(PNG(%.20q)) = %.40q, %v; want it back", cred, got, err)
		}
		// Baking again replaces the credential: still exactly one.
		again, err := bake.PNG(img, "second")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := bake.ReadPNG(again, limit); err != nil || string(got) != "second" {
			t.Errorf("ReadPNG after baking twice = %q, %v; want the second credential alone", got, err)
		}
		if n := bytes.Count(again, []byte(bake.PNGKeyword)); n != 1 {
			t.Errorf("baking twice left %d %s chunks, want 1", n, bake.PNGKeyword)
		}
		if !bytes.HasSuffix(again, chunk("IEND", nil)) {
			t.Errorf("baked image does not end with IEND")
		}
	}
}

func TestPNGRefuses(t *testing.T) {
	img := tinyPNG()
	for name, tt := range map[string]struct {
		img  []byte
		cred string
	}{
		"not a PNG":     {[]byte("GIF89a"), jwt},
		"cut short":     {img[:len(img)-5], jwt},
		"no IEND":       {img[:len(img)-12], jwt},
		"no credential": {img, ""},
	} {
		if _, err := bake.PNG(tt.img, tt.cred); errs.KindOf(err) != errs.Invalid {
			t.Errorf("PNG(%s) error = %v, want Invalid", name, err)
		}
	}
}

func TestReadPNGTooLarge(t *testing.T) {
	img, err := bake.PNG(tinyPNG(), strings.Repeat("x", 100))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bake.ReadPNG(img, 99); !errors.Is(err, bake.ErrTooLarge) || errs.KindOf(err) != errs.TooLarge {
		t.Errorf("ReadPNG(100 bytes, limit 99) error = %v, want ErrTooLarge", err)
	}
}

const plainSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>
`

func TestSVGRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		cred  string
		isJWT bool
	}{{jwt, true}, {json, false}} {
		img, err := bake.SVG([]byte(plainSVG), tt.cred, tt.isJWT)
		if err != nil {
			t.Fatalf("SVG(%.20q) error = %v", tt.cred, err)
		}
		if got, err := bake.ReadSVG(img, limit); err != nil || string(got) != tt.cred {
			t.Errorf("ReadSVG(SVG(%.20q)) = %q, %v; want it back\n%s", tt.cred, got, err, img)
		}
		if !bytes.Contains(img, []byte(`xmlns:openbadges="`+bake.SVGNamespace+`"`)) {
			t.Errorf("SVG did not declare the namespace:\n%s", img)
		}
		if tt.isJWT && !bytes.Contains(img, []byte(`verify="`+jwt+`"`)) {
			t.Errorf("SVG did not put the JWT in verify=:\n%s", img)
		}
		again, err := bake.SVG(img, "second", true)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := bake.ReadSVG(again, limit); err != nil || string(got) != "second" {
			t.Errorf("ReadSVG after baking twice = %q, %v; want the second credential alone\n%s", got, err, again)
		}
		if n := bytes.Count(again, []byte("xmlns:openbadges")); n != 1 {
			t.Errorf("baking twice declared the namespace %d times, want 1:\n%s", n, again)
		}
		if !bytes.Contains(again, []byte(`<circle r="4"/></svg>`)) {
			t.Errorf("baking changed the drawing:\n%s", again)
		}
	}
}

func TestSVGRefuses(t *testing.T) {
	for name, svg := range map[string]string{
		"not XML":    "<svg",
		"not svg":    "<html></html>",
		"empty root": `<svg xmlns="http://www.w3.org/2000/svg"/>`,
		"nothing":    "",
	} {
		if _, err := bake.SVG([]byte(svg), jwt, true); errs.KindOf(err) != errs.Invalid {
			t.Errorf("SVG(%s) error = %v, want Invalid", name, err)
		}
	}
}

// TestOfficialBaked reads the 1EdTech validator's baked images, and bakes
// what they hold into them again.
func TestOfficialBaked(t *testing.T) {
	dir := filepath.Join(spectest.Dir(t), "examples", "baked")
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no baked examples in %s (%v)", dir, err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			img, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			read, write := bake.ReadPNG, func(cred string) ([]byte, error) { return bake.PNG(img, cred) }
			if strings.HasSuffix(path, ".svg") {
				read = bake.ReadSVG
				write = func(cred string) ([]byte, error) {
					return bake.SVG(img, cred, !strings.HasPrefix(cred, "{"))
				}
			}
			got, err := read(img, limit)
			if err != nil {
				t.Fatalf("reading %s: %v", path, err)
			}
			cred := string(bytes.TrimSpace(got))
			if !strings.HasPrefix(cred, "{") && !strings.HasPrefix(cred, "eyJ") {
				t.Fatalf("reading %s = %.40q, want a JSON credential or a JWT", path, cred)
			}
			rebaked, err := write(cred)
			if err != nil {
				t.Fatalf("baking %s again: %v", path, err)
			}
			if again, err := read(rebaked, limit); err != nil || string(again) != cred {
				t.Errorf("reading %s baked again = %.40q, %v; want %.40q", path, again, err, cred)
			}
		})
	}
}
