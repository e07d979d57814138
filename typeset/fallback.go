package typeset

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
)

// state is what one layout call needs that is not safe for concurrent use:
// the shaper, the segmenter, the line wrapper and a go-text face per Face.
type state struct {
	shaper shaping.HarfbuzzShaper
	seg    shaping.Segmenter
	wrap   shaping.LineWrapper
	faces  map[*Face]*font.Face
	back   map[*font.Face]*Face
}

func (f *Fonts) state() *state {
	if s, ok := f.pool.Get().(*state); ok {
		return s
	}
	return &state{faces: map[*Face]*font.Face{}, back: map[*font.Face]*Face{}}
}

func (s *state) face(f *Face) *font.Face {
	ff, ok := s.faces[f]
	if !ok {
		ff = font.NewFace(f.font)
		s.faces[f], s.back[ff] = ff, f
	}
	return ff
}

// fontmap chooses a face per rune: the face of the run's script when it
// covers the rune, else the first face in fallback order that does, else
// a face from the extra directory, else the first face (the rune is then
// reported missing).
type fontmap struct {
	fonts  *Fonts
	st     *state
	order  []*Face
	script language.Script
}

func (m *fontmap) SetScript(s language.Script) { m.script = s }

func (m *fontmap) ResolveFace(r rune) *font.Face {
	return m.st.face(m.pick(r))
}

func (m *fontmap) pick(r rune) *Face {
	if pref := m.forScript(m.script); pref != nil && pref.Has(r) {
		return pref
	}
	for _, f := range m.order {
		if f.Has(r) {
			return f
		}
	}
	if m.fonts.extra != nil && !ignorable(r) {
		if f := m.fonts.extra.find(r); f != nil {
			return f
		}
	}
	return m.order[0]
}

// forScript is the bundled face written for script s, or nil.
func (m *fontmap) forScript(s language.Script) *Face {
	i := -1
	switch s {
	case language.Arabic:
		i = 2
	case language.Hebrew:
		i = 3
	case language.Devanagari:
		i = 4
	case language.Oriya:
		i = 5
	case language.Tamil:
		i = 6
	case language.Han, language.Hiragana, language.Katakana, language.Bopomofo:
		i = 7
	case language.Latin, language.Greek, language.Cyrillic:
		i = 0
	}
	if i < 0 {
		return nil
	}
	return m.order[i]
}

// covered reports whether some face (bundled or extra) has r.
func (m *fontmap) covered(r rune) bool {
	if ignorable(r) {
		return true
	}
	for _, f := range m.order {
		if f.Has(r) {
			return true
		}
	}
	return m.fonts.extra != nil && m.fonts.extra.find(r) != nil
}

// ignorable reports whether r needs no glyph of its own: spaces, controls,
// joiners and other format characters, variation selectors.
func ignorable(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Variation_Selector, r)
}

// dirFonts is a directory of fonts searched, at the first need, for faces
// covering runes the bundled fonts lack. Only single-face TrueType files
// (.ttf) are used. Each file is read once to learn which runes it covers;
// only a face that was chosen stays in memory.
type dirFonts struct {
	dir  string
	once sync.Once

	mu    sync.Mutex
	files []*dirFile
	found map[rune]*Face
}

type dirFile struct {
	path  string
	read  bool
	runes []rune // sorted
	face  *Face  // once chosen
}

func (d *dirFonts) find(r rune) *Face {
	d.once.Do(d.scan)
	d.mu.Lock()
	defer d.mu.Unlock()
	if f, ok := d.found[r]; ok {
		return f
	}
	var hit *Face
	for _, df := range d.files {
		if !df.read {
			df.read = true
			if f := loadFile(df.path); f != nil {
				df.runes = f.runes()
			}
		}
		if !has(df.runes, r) {
			continue
		}
		if df.face == nil {
			df.face = loadFile(df.path)
		}
		hit = df.face
		break
	}
	d.found[r] = hit
	return hit
}

func has(sorted []rune, r rune) bool {
	_, ok := slices.BinarySearch(sorted, r)
	return ok
}

func (d *dirFonts) scan() {
	d.found = map[rune]*Face{}
	_ = filepath.WalkDir(d.dir, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.EqualFold(filepath.Ext(path), ".ttf") {
			d.files = append(d.files, &dirFile{path: path})
		}
		return nil
	})
}

func loadFile(path string) *Face {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	f, err := parseFace(b, 0)
	if err != nil {
		return nil
	}
	return f
}

// runes lists the runes f maps to a glyph, sorted.
func (f *Face) runes() []rune {
	var out []rune
	it := f.font.Cmap.Iter()
	for it.Next() {
		r, _ := it.Char()
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}
