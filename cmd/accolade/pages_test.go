package main

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/internal/spectest"
	"github.com/accolade-badges/accolade/internal/testutil"
)

func getHTML(t *testing.T, a *app, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", a.base+path, nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func postForm(t *testing.T, a *app, contentType string, body io.Reader) (int, string) {
	t.Helper()
	resp, err := http.Post(a.base+"/verify", contentType, body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestVerifyPage(t *testing.T) {
	a := startApp(t)
	id, jwt, _ := issueOne(t, a, "ana")

	// A link, as the credential page's button sends it.
	code, page := getHTML(t, a, "/verify?url="+url.QueryEscape(a.base+"/credentials/"+id))
	if code != 200 || !strings.Contains(page, "Valid — issued by") || !strings.Contains(page, "Member ana") {
		t.Errorf("GET /verify?url= = %d\n%.800s", code, page)
	}
	// Pasted text.
	code, page = postForm(t, a, "application/x-www-form-urlencoded", strings.NewReader(url.Values{"input": {string(testutil.Tamper(string(jwt)))}}.Encode()))
	if code != 200 || !strings.Contains(page, "Not valid") {
		t.Errorf("POST /verify (pasted, tampered) = %d\n%.800s", code, page)
	}
	// Uploaded files: our JWT, and one of the official baked badges.
	upload := func(t *testing.T, name string, b []byte, want string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(b)
		mw.Close()
		code, page := postForm(t, a, mw.FormDataContentType(), &body)
		if code != 200 || !strings.Contains(page, want) {
			t.Errorf("POST /verify (uploaded %s) = %d\n%.800s", name, code, page)
		}
	}
	upload(t, "badge.jwt", jwt, "Valid — issued by")
	t.Run("official baked PNG", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(spectest.Dir(t), "examples", "baked", "validator_ob30_simple-jwt.png"))
		if err != nil {
			t.Fatal(err)
		}
		upload(t, "badge.png", b, "Signed correctly, but by an issuer this service does not know") // its key is embedded in it
	})
	// Nothing submitted: a 400 page saying what to do, not a crash.
	code, page = postForm(t, a, "application/x-www-form-urlencoded", strings.NewReader(""))
	if code != 400 || !strings.Contains(page, "Paste a credential") {
		t.Errorf("POST /verify (empty) = %d\n%.500s", code, page)
	}
}

func TestPublicPages(t *testing.T) {
	a := startAppIn(t, t.TempDir(), "https://badges.example.org")
	id, _, _ := issueOne(t, a, "ana")
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/", 200, "Project Trainer"},
		{"/credentials/" + id, 200, "Member ana"},
		{"/issuers/default", 200, "did:web:badges.example.org:issuers:default"},
		{"/achievements/project-trainer", 200, "Ran at least 3 confirmed workshops"},
		{"/credentials/00000000-0000-4000-8000-000000000000", 404, "no credential"},
		{"/credentials/not-a-uuid", 404, "no credential"},
		{"/issuers/nobody", 404, "no issuer"},
	}
	for _, tt := range tests {
		code, page := getHTML(t, a, tt.path)
		if code != tt.status || !strings.Contains(page, tt.want) || !strings.Contains(page, "<html") {
			t.Errorf("GET %s (HTML) = %d, want %d with %q\n%.500s", tt.path, code, tt.status, tt.want, page)
		}
	}
	// Content negotiation: JSON for machines.
	for path, ct := range map[string]string{
		"/credentials/" + id:            "application/vc+ld+json",
		"/issuers/default":              "application/ld+json",
		"/achievements/project-trainer": "application/ld+json",
		"/issuers/default/did.json":     "application/did+json",
		"/.well-known/jwks.json":        "application/jwk-set+json",
	} {
		req, _ := http.NewRequest("GET", a.base+path, nil)
		req.Header.Set("Accept", "application/vc+ld+json, application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ct {
			t.Errorf("GET %s (JSON) = %d %q, want 200 %q", path, resp.StatusCode, resp.Header.Get("Content-Type"), ct)
		}
	}
	// The issuer profile lists its keys, each a document of its own.
	_, _, prof := a.do("GET", "/issuers/default", "", "", "")
	var listed struct{ AssertionMethod []string }
	if json.Unmarshal(prof, &listed) != nil || len(listed.AssertionMethod) == 0 {
		t.Errorf("issuer profile does not list its keys: %s", prof)
	}
}
