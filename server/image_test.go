package server

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/bake"
	"github.com/accolade-badges/accolade/ob3"
)

const testSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="40" fill="teal"/></svg>`

func testPNG(t *testing.T, side int) []byte {
	t.Helper()
	var b bytes.Buffer
	mustOK(t, png.Encode(&b, image.NewGray(image.Rect(0, 0, side, side))))
	return b.Bytes()
}

// get sends a GET with headers and returns the answer.
func (ts *testServer) get(t *testing.T, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	ts.s.ServeHTTP(rec, req)
	return rec
}

// upload PUTs an image and decodes the answer.
func (ts *testServer) upload(t *testing.T, path, ct string, body []byte) (*httptest.ResponseRecorder, api.Image) {
	t.Helper()
	rec := ts.serve(t, "PUT", path, ct, testToken, string(body))
	var out api.Image
	if rec.Code == http.StatusOK {
		mustOK(t, json.Unmarshal(rec.Body.Bytes(), &out))
	}
	return rec, out
}

// issue issues circle-host to a new member and returns the record.
func (ts *testServer) issue(t *testing.T, member string) *accolade.Record {
	t.Helper()
	ts.serve(t, "PUT", "/api/v1/members/"+member, "application/json", testToken, `{"name":"Sam Okafor","email":"`+member+`@example.org"}`)
	rec := ts.serve(t, "POST", "/api/v1/credentials", "application/json", testToken, `{"achievement":"circle-host","member":"`+member+`"}`)
	var out api.Issued
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusCreated {
		t.Fatalf("issuing to %s = %d %s", member, rec.Code, rec.Body)
	}
	r, err := ts.db.Credential(out.ID)
	mustOK(t, err)
	return r
}

func TestImageUploadAndServe(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	rec, out := ts.upload(t, "/api/v1/achievements/circle-host/image", "image/svg+xml", []byte(testSVG))
	if rec.Code != http.StatusOK || !strings.HasPrefix(out.URL, "https://badges.example.org/images/") || !strings.HasSuffix(out.URL, ".svg") ||
		out.Width != 100 || out.ContentType != accolade.ImageSVG {
		t.Fatalf("PUT achievement image = %d %s, want 200 with the served URL", rec.Code, rec.Body)
	}
	if _, again := ts.upload(t, "/api/v1/achievements/circle-host/image", "image/svg+xml", []byte(testSVG)); again.URL != out.URL {
		t.Errorf("the same image uploaded twice has two URLs: %s, %s", out.URL, again.URL)
	}
	path := strings.TrimPrefix(out.URL, "https://badges.example.org")
	got := ts.get(t, path)
	h := got.Header()
	if got.Code != http.StatusOK || h.Get("Content-Type") != accolade.ImageSVG || !strings.Contains(got.Body.String(), "<circle") ||
		h.Get("Cache-Control") != "public, max-age=31536000, immutable" || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Content-Security-Policy") != imageCSP {
		t.Errorf("GET %s = %d %v", path, got.Code, h)
	}
	if got := ts.get(t, path, "If-None-Match", h.Get("ETag")); got.Code != http.StatusNotModified {
		t.Errorf("GET %s with If-None-Match = %d, want 304", path, got.Code)
	}
	for _, p := range []string{strings.TrimSuffix(path, ".svg") + ".png", "/images/" + strings.Repeat("0", 64) + ".svg", "/images/x.svg"} {
		if got := ts.get(t, p); got.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, got.Code)
		}
	}
	// New credentials carry the image; the achievement names it.
	c, err := ob3.ParseCredential(ts.issue(t, "sam").JSON)
	mustOK(t, err)
	if img := c.CredentialSubject.Achievement.Image; img == nil || img.ID != out.URL || img.Type != "Image" {
		t.Errorf("credential achievement image = %+v, want {id: %s, type: Image}", img, out.URL)
	}
	if a, _ := ts.db.Achievement("circle-host"); a.Image != out.URL {
		t.Errorf("achievement image = %q, want %q", a.Image, out.URL)
	}
	if rec := ts.serve(t, "DELETE", "/api/v1/achievements/circle-host/image", "", testToken, ""); rec.Code != http.StatusNoContent {
		t.Errorf("DELETE achievement image = %d %s", rec.Code, rec.Body)
	}
	if a, _ := ts.db.Achievement("circle-host"); a.Image != "" {
		t.Errorf("achievement image after DELETE = %q", a.Image)
	}
	if got := ts.get(t, path); got.Code != http.StatusOK {
		t.Errorf("GET %s after DELETE = %d: issued credentials still name it", path, got.Code)
	}
}

func TestImageUploadErrors(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	for _, tt := range []struct {
		name, path, ct, token string
		body                  []byte
		status                int
		detail                string
	}{
		{"jpeg", "/api/v1/achievements/circle-host/image", "image/jpeg", testToken, []byte("\xff\xd8\xff"), http.StatusUnsupportedMediaType, "PNG and SVG images only"},
		{"form", "/api/v1/achievements/circle-host/image", "application/x-www-form-urlencoded", testToken, []byte("a=b"), http.StatusUnsupportedMediaType, "image/png or image/svg+xml"},
		{"script", "/api/v1/achievements/circle-host/image", "image/svg+xml", testToken,
			[]byte("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script></svg>"), http.StatusBadRequest, "the SVG has a <script> element at line 2; remove it"},
		{"small png", "/api/v1/issuers/default/logo", "image/png", testToken, testPNG(t, 16), http.StatusBadRequest, "16×16 pixels"},
		{"svg said png", "/api/v1/issuers/default/logo", "image/png", testToken, []byte(testSVG), http.StatusBadRequest, "not a PNG image"},
		{"empty", "/api/v1/issuers/default/logo", "image/png", testToken, nil, http.StatusBadRequest, "empty"},
		{"too large", "/api/v1/issuers/default/logo", "image/png", testToken, make([]byte, 3<<20), http.StatusRequestEntityTooLarge, "larger than"},
		{"no token", "/api/v1/achievements/circle-host/image", "image/svg+xml", "", []byte(testSVG), http.StatusUnauthorized, ""},
		{"unknown achievement", "/api/v1/achievements/nothing/image", "image/svg+xml", testToken, []byte(testSVG), http.StatusNotFound, "nothing"},
		{"unknown issuer", "/api/v1/issuers/nobody/logo", "image/svg+xml", testToken, []byte(testSVG), http.StatusNotFound, "nobody"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.serve(t, "PUT", tt.path, tt.ct, tt.token, string(tt.body))
			p := wantProblem(t, "PUT "+tt.path+" ("+tt.name+")", rec, tt.status)
			if !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("PUT %s (%s) detail = %q, want it to mention %q", tt.path, tt.name, p.Detail, tt.detail)
			}
		})
	}
	if a, _ := ts.db.Achievement("circle-host"); a.Image != "" {
		t.Errorf("a refused upload changed the achievement's image to %q", a.Image)
	}
}

func TestImageIssuerLogo(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	rec, out := ts.upload(t, "/api/v1/issuers/default/logo", "image/png", testPNG(t, 128))
	if rec.Code != http.StatusOK || !strings.HasSuffix(out.URL, ".png") || out.Width != 128 {
		t.Fatalf("PUT logo = %d %s", rec.Code, rec.Body)
	}
	if p, _ := ts.db.Issuer("default"); p.Logo != out.URL {
		t.Errorf("issuer logo = %q, want %q", p.Logo, out.URL)
	}
	if got := ts.get(t, strings.TrimPrefix(out.URL, "https://badges.example.org")); got.Code != http.StatusOK || got.Header().Get("Content-Type") != "image/png" {
		t.Errorf("GET logo = %d %v", got.Code, got.Header())
	}
	if rec := ts.serve(t, "DELETE", "/api/v1/issuers/default/logo", "", testToken, ""); rec.Code != http.StatusNoContent {
		t.Errorf("DELETE logo = %d", rec.Code)
	}
	if p, _ := ts.db.Issuer("default"); p.Logo != "" {
		t.Errorf("issuer logo after DELETE = %q", p.Logo)
	}
}

// TestImageBaked fetches the baked forms of credentials over HTTP, reads
// the credential back with package bake and verifies it.
func TestImageBaked(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	_, up := ts.upload(t, "/api/v1/achievements/circle-host/image", "image/svg+xml", []byte(testSVG))
	withImage := ts.issue(t, "sam")
	for _, tt := range []struct {
		name string
		rec  *accolade.Record
		ext  string
		want string // in the image, besides the credential
	}{
		{"no image, svg", ts.rec, "svg", "Circle Host"},
		{"no image, png", ts.rec, "png", ""},
		{"uploaded svg", withImage, "svg", `fill="teal"`},
		{"uploaded svg, png asked", withImage, "png", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := "/credentials/" + tt.rec.ID + "." + tt.ext
			got := ts.get(t, path)
			h := got.Header()
			if got.Code != http.StatusOK || h.Get("Content-Type") != accolade.ImageType(tt.ext) || h.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.HasPrefix(h.Get("Content-Disposition"), "attachment") || !strings.Contains(h.Get("Content-Disposition"), "."+tt.ext) ||
				h.Get("ETag") == "" || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Fatalf("GET %s = %d %v", path, got.Code, h)
			}
			body := got.Body.Bytes()
			read := bake.ReadSVG
			if tt.ext == "png" {
				read = bake.ReadPNG
			}
			jwt, err := read(body, 1<<20)
			if err != nil || string(jwt) != tt.rec.JWT {
				t.Fatalf("the credential baked into %s = %.40q, %v; want its JWT", path, jwt, err)
			}
			if !bytes.Contains(body, []byte(tt.want)) {
				t.Errorf("%s does not show %q", path, tt.want)
			}
			if v := ts.s.verifier.Verify(context.Background(), body, accolade.ImageType(tt.ext)); !v.Verified {
				t.Errorf("the baked %s does not verify: %s %+v", path, v.Outcome, v.Checks)
			}
			if again := ts.get(t, path, "If-None-Match", h.Get("ETag")); again.Code != http.StatusNotModified {
				t.Errorf("GET %s with If-None-Match = %d, want 304", path, again.Code)
			}
		})
	}
	if !strings.Contains(up.URL, "/images/") {
		t.Fatalf("upload URL = %q", up.URL)
	}
}

// TestImageRebake uploads a baked badge as the achievement's image: the
// old credential is removed, and the next credential's badge holds only
// its own.
func TestImageRebake(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	for _, ext := range []string{"png", "svg"} {
		t.Run(ext, func(t *testing.T) {
			old := ts.get(t, "/credentials/"+ts.rec.ID+"."+ext).Body.Bytes()
			rec, _ := ts.upload(t, "/api/v1/achievements/circle-host/image", accolade.ImageType(ext), old)
			if rec.Code != http.StatusOK {
				t.Fatalf("uploading a baked %s = %d %s", ext, rec.Code, rec.Body)
			}
			next := ts.issue(t, "member-"+ext)
			body := ts.get(t, "/credentials/"+next.ID+"."+ext).Body.Bytes()
			read := bake.ReadSVG
			if ext == "png" {
				read = bake.ReadPNG
			}
			jwt, err := read(body, 1<<20) // more than one credential is an error
			if err != nil || string(jwt) != next.JWT {
				t.Errorf("re-baked %s holds %.40q, %v; want only the new credential's JWT", ext, jwt, err)
			}
			if bytes.Contains(body, []byte(ts.rec.JWT)) {
				t.Errorf("re-baked %s still holds the first credential", ext)
			}
		})
	}
}
