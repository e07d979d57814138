package accolade

import (
	"mime"
	"testing"
)

func TestDownloadName(t *testing.T) {
	for _, c := range []struct{ achievement, holder, ext, want string }{
		{"Project Trainer", "Kwame Mensah", "pdf", "project-trainer-kwame-mensah.pdf"},
		{"Project Trainer", "ليلى حداد", "png", "project-trainer-ليلى-حداد.png"},
		{"Wiki editor (level 2)", "Zoë Ångström", "svg", "wiki-editor-level-2-zoë-ångström.svg"},
		{"  ", "", "json", "credential.json"},
		{"???", "王小明", "jwt", "王小明.jwt"},
	} {
		if got := DownloadName(c.achievement, c.holder, c.ext); got != c.want {
			t.Errorf("DownloadName(%q, %q, %q) = %q, want %q", c.achievement, c.holder, c.ext, got, c.want)
		}
	}
	long := DownloadName("a very long achievement name that goes on and on and on and on and on", "and a holder with a long name too", "pdf")
	if n := len([]rune(long)); n > 84 {
		t.Errorf("long name has %d runes: %q", n, long)
	}
}

func TestContentDisposition(t *testing.T) {
	for _, name := range []string{"project-trainer-kwame-mensah.pdf", "project-trainer-ليلى-حداد.png", `a"b\c.json`} {
		v := ContentDisposition(name)
		typ, params, err := mime.ParseMediaType(v)
		if err != nil || typ != "attachment" {
			t.Fatalf("ContentDisposition(%q) = %q: %v", name, v, err)
		}
		for _, r := range v {
			if r > 0x7e {
				t.Errorf("header %q has %q", v, r)
			}
		}
		if got := params["filename"]; got != name {
			t.Errorf("filename = %q, want %q", got, name)
		}
	}
	// mime.ParseMediaType decodes filename* into "filename".
	_, params, _ := mime.ParseMediaType(ContentDisposition("ليلى.png"))
	if params["filename"] != "ليلى.png" {
		t.Errorf("filename* decodes to %q", params["filename"])
	}
}
