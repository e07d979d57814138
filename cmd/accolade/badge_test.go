package main

import (
	"bytes"
	"encoding/json"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
)

// An achievement without an image has its generated badge at
// /achievements/{id}/badge.png and .svg, shown on the home and achievement
// pages and given to social sites as og:image (PNG: they do not show SVG).
func TestAchievementBadge(t *testing.T) {
	a := startApp(t, "--demo")
	code, h, body := a.do("GET", "/achievements/project-trainer/badge.png", "", "", "")
	if code != 200 || h.Get("Content-Type") != "image/png" || h.Get("ETag") == "" {
		t.Fatalf("badge.png = %d %s %q", code, h.Get("Content-Type"), h.Get("ETag"))
	}
	img, err := png.Decode(bytes.NewReader(body))
	if err != nil || img.Bounds().Dx() != 512 {
		t.Fatalf("badge.png does not decode as a 512-pixel PNG: %v", err)
	}
	if code, _, _ := a.do304("/achievements/project-trainer/badge.png", h.Get("ETag")); code != 304 {
		t.Errorf("If-None-Match = %d, want 304", code)
	}
	code, h, body = a.do("GET", "/achievements/project-trainer/badge.svg", "", "", "")
	if code != 200 || h.Get("Content-Type") != "image/svg+xml" || !bytes.Contains(body, []byte("Project Trainer")) {
		t.Errorf("badge.svg = %d %s, want an SVG naming the achievement", code, h.Get("Content-Type"))
	}
	for _, p := range []string{"/achievements/project-trainer/badge.gif", "/achievements/nope/badge.png"} {
		if code, _, _ := a.do("GET", p, "", "", ""); code != 404 {
			t.Errorf("GET %s = %d, want 404", p, code)
		}
	}
	req, _ := http.NewRequest("GET", a.base+"/achievements/project-trainer", nil)
	req.Header.Set("Accept", "text/html")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), `<meta property="og:image" content="`+a.base+`/achievements/project-trainer/badge.png">`) {
		t.Error("the achievement page's og:image is not its PNG badge")
	}
	_, _, home := a.do("GET", "/", "", "", "")
	if !strings.Contains(string(home), "/achievements/project-trainer/badge.svg") {
		t.Error("the home page does not show the achievement's badge")
	}
}

// POST /api/v1/images stores an image on its own; a batch of achievement
// files may then name it (files[i].image), and loads with it at once. An
// image that is not stored here is refused, naming the field.
func TestLoadAchievementsWithImage(t *testing.T) {
	a := startApp(t, "--demo")
	code, _, body := a.do("POST", "/api/v1/images", adminToken, "image/png", string(testPNG(t, color.RGBA{0x1f, 0x3a, 0x5f, 0xff})))
	var img struct{ URL string }
	if json.Unmarshal(body, &img); code != 200 || !strings.Contains(img.URL, "/images/") {
		t.Fatalf("POST /api/v1/images = %d %s", code, body)
	}
	file := func(image string) string {
		b, _ := json.Marshal(map[string]any{"files": []map[string]string{{
			"name": "sewing.yaml", "content": "id: sewing\nname: Sewing\ndescription: Sews.\nimage: sewing.png\n", "image": image}}})
		return string(b)
	}
	if code, _, body := a.do("POST", "/api/v1/achievements", adminToken, "application/json", file("https://example.org/x.png")); code != 400 || !strings.Contains(string(body), "files[0].image") {
		t.Errorf("a batch naming an image elsewhere = %d %s, want 400 naming files[0].image", code, body)
	}
	if code, _, body := a.do("POST", "/api/v1/achievements", adminToken, "application/json", file(img.URL)); code != 200 {
		t.Fatalf("batch = %d %s", code, body)
	}
	_, _, doc := a.do("GET", "/achievements/sewing", "", "", "")
	if !strings.Contains(string(doc), img.URL) {
		t.Errorf("the achievement does not name the uploaded image:\n%s", doc)
	}
}
