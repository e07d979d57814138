package server

import (
	"sync"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/badgeimage"
)

// maxCachedBadges bounds the generated badges kept: a community has a few
// dozen achievements, each drawn with the names it has had.
const maxCachedBadges = 256

// badgeCache keeps generated badges, which take tens of milliseconds to
// draw as PNG and are asked for by every page view and every baked
// download. A badge depends only on its Badge and format, so an entry never
// goes stale; when the cache is full it starts again.
type badgeCache struct {
	mu sync.Mutex
	m  map[badgeKey][]byte
}

type badgeKey struct {
	badge badgeimage.Badge
	ext   string
}

// get returns the generated badge b in format ext (accolade.FormPNG or
// FormSVG). The bytes are shared: callers must not change them.
func (c *badgeCache) get(b badgeimage.Badge, ext string) []byte {
	k := badgeKey{b, ext}
	c.mu.Lock()
	img, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return img
	}
	if ext == accolade.FormPNG {
		img = badgeimage.DefaultPNG(b)
	} else {
		img = badgeimage.DefaultSVG(b)
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCachedBadges {
		c.m = make(map[badgeKey][]byte)
	}
	c.m[k] = img
	c.mu.Unlock()
	return img
}
