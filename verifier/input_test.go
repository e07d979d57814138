package verifier_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/verifier"
)

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, input, contentType, want string
	}{
		{"png magic", "\x89PNG\r\n\x1a\nrest", "", "png"},
		{"png by type", "anything", "image/png", "png"},
		{"svg", "<svg xmlns='http://www.w3.org/2000/svg'/>", "", "svg"},
		{"xml declaration", "<?xml version='1.0'?><svg/>", "application/octet-stream", "svg"},
		{"svg by type", "x", "image/svg+xml; charset=utf-8", "svg"},
		{"html is not svg", "<!DOCTYPE html><html></html>", "", ""},
		{"json", "  {\"a\":1}", "", "json"},
		{"json by type", "x", "application/vc+ld+json", "json"},
		{"jwt", "eyJhbGciOiJFZERTQSJ9.eyJhIjoxfQ.c2ln\n", "text/plain", "jwt"},
		{"jwt by type", "x", "application/vc+jwt", "jwt"},
		{"two parts", "eyJh.eyJh", "", ""},
		{"not base64url", "a.b+c.d", "", ""},
		{"empty", "", "", ""},
		{"text", "hello world", "text/plain", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := verifier.DetectFormat([]byte(tt.input), tt.contentType); got != tt.want {
				t.Errorf("DetectFormat(%q, %q) = %q, want %q", tt.input, tt.contentType, got, tt.want)
			}
		})
	}
}

func TestVerifyBakedImages(t *testing.T) {
	_, ed, _, _ := testKeys(t)
	jwt := ownJWT(t, ed)
	svgJWT := fmt.Sprintf(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">`+
		`<openbadges:credential verify="%s"/><circle r="1"/></svg>`, jwt)
	const valid, unreadable = verifier.OutcomeValid, verifier.OutcomeUnreadable
	tests := []struct {
		name, contentType string
		input             []byte
		format            string
		outcome           verifier.Outcome
		fragment          string
	}{
		{"png", "image/png", pngWith(itxt([]byte(jwt), false)), "png+jwt", valid, "baked into a PNG"},
		{"png sniffed", "", pngWith(chunk("tEXt", []byte("a\x00b")), itxt([]byte(jwt), false)), "png+jwt", valid, ""},
		{"png compressed iTXt", "", pngWith(itxt([]byte(jwt), true)), "png+jwt", valid, ""},
		{"png without credential", "", pngWith(), "png", unreadable, "no baked credential"},
		{"png with two credentials", "", pngWith(itxt([]byte(jwt), false), itxt([]byte(jwt), false)), "png", unreadable, "more than one"},
		{"png bad crc", "", corruptCRC(pngWith(itxt([]byte(jwt), false))), "png", unreadable, "damaged"},
		{"png truncated", "", pngWith(itxt([]byte(jwt), false))[:60], "png", unreadable, "cut short"},
		{"png not png", "image/png", []byte("GIF89a"), "png", unreadable, "not a PNG"},
		{"png zip bomb", "", pngWith(itxt(bytes.Repeat([]byte("a"), 3<<20), true)), "png", unreadable, "unpacks to more than 2 MiB"},
		{"svg verify attribute", "", []byte(svgJWT), "svg+jwt", valid, "baked into an SVG"},
		{"svg json", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">` +
			`<openbadges:credential><![CDATA[{"a": 1}]]></openbadges:credential></svg>`), "svg+json", unreadable, ""},
		{"svg without credential", "", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>`), "svg", unreadable, "no baked credential"},
		{"svg malformed", "", []byte(`<svg><openbadges:credential verify="x"></svg>`), "svg", unreadable, "not well-formed"},
		{"svg external entity", "", []byte(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>` +
			`<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>&x;</openbadges:credential></svg>`), "svg", unreadable, "not well-formed"},
		{"svg other content", "", []byte(`<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>hello</openbadges:credential></svg>`),
			"svg", unreadable, "neither a VC-JWT nor a JSON credential"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newVerifier(t, newLocal(t), nil).Verify(ctx, tt.input, tt.contentType)
			wantVerdict(t, tt.name, got, tt.outcome, nil, map[string]string{"format": tt.fragment})
			if got.Format != tt.format {
				t.Errorf("Verify(%s) format = %q, want %q; checks: %+v", tt.name, got.Format, tt.format, got.Checks)
			}
		})
	}
}

// corruptCRC flips a bit in the CRC of the image's iTXt chunk.
func corruptCRC(img []byte) []byte {
	out := bytes.Clone(img)
	i := bytes.Index(out, []byte("iTXt"))
	n := int(out[i-4])<<24 | int(out[i-3])<<16 | int(out[i-2])<<8 | int(out[i-1])
	out[i+4+n] ^= 1
	return out
}

func TestVerifyInputTooLarge(t *testing.T) {
	v, err := verifier.New(verifier.Config{MaxInputBytes: 1024})
	if err != nil {
		t.Fatal(err)
	}
	got := v.Verify(ctx, bytes.Repeat([]byte("a"), 2000), "")
	wantVerdict(t, "2000 bytes", got, verifier.OutcomeUnreadable, map[string]verifier.Status{"format": verifier.Fail},
		map[string]string{"format": "more than the 1 KiB this service accepts"})
	got = newVerifier(t, nil, nil).Verify(ctx, bytes.Repeat([]byte("{"), 3<<20), "")
	wantVerdict(t, "3 MiB", got, verifier.OutcomeUnreadable, map[string]verifier.Status{"format": verifier.Fail},
		map[string]string{"format": "2 MiB"})
}

func TestVerifyNotACredential(t *testing.T) {
	for _, in := range []string{"", "hello", "[1,2]", "{", `{"a":1}`, "null"} {
		got := newVerifier(t, nil, nil).Verify(ctx, []byte(in), "")
		if got.Verified || len(got.Checks) == 0 || got.Checks[len(got.Checks)-1].Status == verifier.Pass && len(got.Checks) == 1 {
			t.Errorf("Verify(%q) = %+v, want unverified with a failed check", in, got)
		}
	}
}

func TestVerifyURL(t *testing.T) {
	_, ed, _, _ := testKeys(t)
	jwt := ownJWT(t, ed)
	local := newLocal(t)
	local.credentials["8c5e0e58-4c1a-4b53-9f0a-5f4a1f0d6a11"] = []byte(jwt)
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		switch r.URL.Path {
		case "/cred.jwt":
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, jwt)
		case "/badge.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(pngWith(itxt([]byte(jwt), false)))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	v, err := verifier.New(verifier.Config{Local: local, BaseURL: baseURL, AllowPrivateNetworks: true,
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	const valid, unreadable = verifier.OutcomeValid, verifier.OutcomeUnreadable
	tests := []struct {
		url, format string
		outcome     verifier.Outcome
		fragment    string
	}{
		{baseURL + "/credentials/8c5e0e58-4c1a-4b53-9f0a-5f4a1f0d6a11", "url+jwt", valid, ""},
		{baseURL + "/credentials/8c5e0e58-4c1a-4b53-9f0a-5f4a1f0d6a11.json", "url+jwt", valid, ""},
		{baseURL + "/credentials/8c5e0e58-4c1a-4b53-9f0a-5f4a1f0d6a11.png?x=1#top", "url+jwt", valid, ""},
		{"urn:uuid:8c5e0e58-4c1a-4b53-9f0a-5f4a1f0d6a11", "url+jwt", valid, ""},
		{baseURL + "/credentials/00000000-0000-0000-0000-000000000000", "url", unreadable, "no credential 00000000"},
		{baseURL + "/issuers/default", "url", unreadable, "not to a credential page"},
		{srv.URL + "/cred.jwt", "url+jwt", valid, ""},
		{srv.URL + "/badge.png", "url+png+jwt", valid, ""},
		{srv.URL + "/missing", "url", unreadable, "404"},
		{"ftp://example.com/x", "url", unreadable, "only https"},
		{"not a url", "url", unreadable, "not a link"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got := v.VerifyURL(ctx, tt.url)
			wantVerdict(t, tt.url, got, tt.outcome, nil, map[string]string{"format": tt.fragment})
			if got.Format != tt.format {
				t.Errorf("VerifyURL(%s) format = %q, want %q", tt.url, got.Format, tt.format)
			}
		})
	}
	if hits != 3 {
		t.Errorf("test server got %d requests, want 3 (own pages are never fetched)", hits)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, cfg := range []verifier.Config{
		{BaseURL: "example.org"},
		{BaseURL: "ftp://example.org"},
		{MaxFetchBytes: -1},
	} {
		if _, err := verifier.New(cfg); err == nil {
			t.Errorf("New(%+v) succeeded, want an error", cfg)
		}
	}
	if _, err := verifier.New(verifier.Config{BaseURL: "https://badges.example.org/"}); err != nil {
		t.Errorf("New(https base URL) = %v, want no error", err)
	}
}

func TestVerdictShape(t *testing.T) {
	got := newVerifier(t, nil, nil).Verify(ctx, []byte("junk"), "")
	if got.Checks == nil || strings.Contains(string(got.Credential), "null") {
		t.Errorf("Verify(junk) = %+v, want empty, non-nil checks and no credential", got)
	}
}
