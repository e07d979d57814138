package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const badgeSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="navy"/></svg>`

func pngFile(t *testing.T, side int) string {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, side, side))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func achievementWithImage(id, image string) string {
	return "id: " + id + "\nname: Badge " + id + "\ndescription: A badge.\nimage: " + image + "\ncriteria:\n  narrative: Did it.\n"
}

func TestImagesCLI(t *testing.T) {
	a := startApp(t)
	env := map[string]string{"ACCOLADE_TOKEN": adminToken}
	dir := writeFiles(t, map[string]string{
		"good.yaml":    achievementWithImage("good", "art/badge.svg"),
		"bad.yaml":     achievementWithImage("bad", "evil.svg"),
		"evil.svg":     `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`,
		"missing.yaml": achievementWithImage("missing", "nothere.png"),
		"photo.jpg":    "\xff\xd8\xff\xe0JFIF",
		"logo.png":     pngFile(t, 128),
		"small.png":    pngFile(t, 8),
	})
	srv := []string{"--server", a.base}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"script", []string{"achievements", "load", filepath.Join(dir, "bad.yaml")},
			"bad.yaml:4: image: evil.svg: the SVG has a <script> element at line 1; remove it\nnothing was loaded"},
		{"missing", []string{"achievements", "load", filepath.Join(dir, "missing.yaml")},
			"missing.yaml:4: image: there is no image file nothere.png"},
		{"jpeg", []string{"issuers", "logo", "default", filepath.Join(dir, "photo.jpg")}, "JPEG images are not accepted for badges"},
		{"small", []string{"achievements", "image", "good", filepath.Join(dir, "small.png")}, "small.png: the PNG image is 8×8 pixels"},
		{"usage", []string{"issuers", "logo", "default"}, "for logo, an image FILE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, env, append(tt.args, srv...)...)
			if code == 0 || !strings.Contains(errOut, tt.want) {
				t.Errorf("accolade %s = %d\n%s%s\nwant an error with %q", strings.Join(tt.args, " "), code, out, errOut, tt.want)
			}
		})
	}
	for _, id := range []string{"bad", "missing"} {
		if code, _, _ := a.do("GET", "/achievements/"+id, "", "", ""); code != http.StatusNotFound {
			t.Errorf("achievement %s was loaded although its image was refused", id)
		}
	}

	if err := os.MkdirAll(filepath.Join(dir, "art"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "art", "badge.svg"), []byte(badgeSVG), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, env, append([]string{"achievements", "load", filepath.Join(dir, "good.yaml")}, srv...)...)
	if code != 0 || !strings.Contains(out, "image of good from ") || !strings.Contains(out, a.base+"/images/") {
		t.Fatalf("loading an achievement with an image file = %d\n%s%s", code, out, errOut)
	}
	imageURL := regexp.MustCompile(`http://\S+/images/[0-9a-f]{64}\.svg`).FindString(out)
	_, _, body := a.do("GET", "/achievements/good", "", "", "")
	var doc struct{ Image struct{ ID string } }
	if err := json.Unmarshal(body, &doc); err != nil || doc.Image.ID != imageURL {
		t.Errorf("achievement good image = %q (%v), want %s", doc.Image.ID, err, imageURL)
	}
	if code, h, body := a.do("GET", strings.TrimPrefix(imageURL, a.base), "", "", ""); code != http.StatusOK || h.Get("Content-Type") != "image/svg+xml" || !strings.Contains(string(body), "navy") {
		t.Errorf("GET %s = %d %v", imageURL, code, h)
	}

	code, out, errOut = cli(t, env, append([]string{"issuers", "logo", "default", filepath.Join(dir, "logo.png")}, srv...)...)
	if code != 0 || !strings.Contains(out, "logo of default set from") || !strings.Contains(out, ".png") {
		t.Errorf("accolade issuers logo = %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = cli(t, env, append([]string{"achievements", "image", "good", filepath.Join(dir, "logo.png")}, srv...)...)
	if code != 0 || !strings.Contains(out, "image of good set from") {
		t.Errorf("accolade achievements image = %d\n%s%s", code, out, errOut)
	}
}
