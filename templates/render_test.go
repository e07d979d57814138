package templates

import (
	"slices"
	"testing"
	"time"
)

func TestFormatName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"jwt", "VC-JWT"},
		{"json", "JSON"},
		{"png+jwt", "VC-JWT baked in a PNG image"},
		{"svg+json", "JSON baked in an SVG image"},
		{"url+jwt", "VC-JWT, fetched from a link"},
		{"url+png+json", "JSON baked in a PNG image, fetched from a link"},
		{"url", "a link"},
		{"cbor", "cbor"},
		{"url+gif+jwt", "url+gif+jwt"},
	} {
		if got := (Site{}).FormatName(tc.in); got != tc.want {
			t.Errorf("formatName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestURLHelpers(t *testing.T) {
	for _, tc := range []struct{ base, path, want string }{
		{"", "/verify", "/verify"},
		{"", "/", "/"},
		{"https://x.example", "/verify", "https://x.example/verify"},
		{"https://x.example/", "/", "https://x.example/"},
		{"https://x.example/badges/", "/verify", "https://x.example/badges/verify"},
	} {
		if got := joinURL(tc.base, tc.path); got != tc.want {
			t.Errorf("joinURL(%q, %q) = %q, want %q", tc.base, tc.path, got, tc.want)
		}
	}
	for _, tc := range []struct{ base, u, want string }{
		{"https://x.example/badges", "/a.png", "https://x.example/a.png"},
		{"https://x.example", "/a.png", "https://x.example/a.png"},
		{"", "/a.png", "/a.png"},
		{"https://x.example", "https://cdn.example/a.png", "https://cdn.example/a.png"},
		{"https://x.example", "//evil.example/a.png", "//evil.example/a.png"},
	} {
		if got := absURL(tc.base, tc.u); got != tc.want {
			t.Errorf("absURL(%q, %q) = %q, want %q", tc.base, tc.u, got, tc.want)
		}
	}
	for u, want := range map[string]bool{
		"https://x.example": true, "HTTP://x.example": true, "/credentials/1": true,
		"//x.example": false, "urn:uuid:1": false, "did:web:x": false, "javascript:alert(1)": false, "": false,
	} {
		if got := isWebURL(u); got != want {
			t.Errorf("isWebURL(%q) = %v, want %v", u, got, want)
		}
	}
}

func TestTextHelpers(t *testing.T) {
	for in, want := range map[string]string{
		"Certificate": "Certificate", "MicroCredential": "Micro credential",
		"ext:CommunityAward": "Community award", "": "",
	} {
		if got := humanize(in); got != want {
			t.Errorf("humanize(%q) = %q, want %q", in, got, want)
		}
	}
	got := paragraphs("one\r\nline\r\n\r\n\n\n  two  \n\n")
	if want := []string{"one\nline", "two"}; !slices.Equal(got, want) {
		t.Errorf("paragraphs() = %q, want %q", got, want)
	}
	if got := (Site{}).Date(time.Date(2026, 3, 4, 23, 0, 0, 0, time.FixedZone("", -3600))); got != "5 March 2026" {
		t.Errorf("Date(4 March 23:00 -01:00) = %q, want 5 March 2026 (UTC)", got)
	}
	if got := isolate("ليلى"); got != "\u2068ليلى\u2069" {
		t.Errorf("isolate() = %q", got)
	}
	if got := siteName("  "); got != "Accolade" {
		t.Errorf("siteName(blank) = %q, want Accolade", got)
	}
}
