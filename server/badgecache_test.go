package server

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/badgeimage"
)

func TestBadgeCache(t *testing.T) {
	var c badgeCache
	b := badgeimage.Badge{ID: "mentor", Name: "Mentor", Issuer: "Riverside"}
	first := c.get(b, accolade.FormSVG)
	if !bytes.Equal(first, badgeimage.DefaultSVG(b)) {
		t.Fatal("the cached badge is not the generated one")
	}
	if again := c.get(b, accolade.FormSVG); &again[0] != &first[0] {
		t.Error("the second get drew the badge again")
	}
	if png := c.get(b, accolade.FormPNG); !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Error("the PNG form is not a PNG")
	}
	renamed := b
	renamed.Name = "Mentor (renamed)"
	if bytes.Equal(c.get(renamed, accolade.FormSVG), first) {
		t.Error("a renamed achievement got the old badge")
	}
	for i := 0; i < maxCachedBadges+10; i++ {
		c.get(badgeimage.Badge{ID: fmt.Sprint(i), Name: "n"}, accolade.FormSVG)
	}
	if n := len(c.m); n > maxCachedBadges {
		t.Errorf("the cache holds %d badges, more than %d", n, maxCachedBadges)
	}
}
