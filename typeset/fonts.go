package typeset

import (
	"embed"
	"fmt"
	"sync"
)

//go:embed fonts/*.ttf
var bundled embed.FS

// Fonts is a set of faces with the order in which they are tried. It is safe
// for concurrent use.
type Fonts struct {
	serif, serifBold, sans, sansBold *Face
	// scripts are the script faces in fallback order (after Latin).
	scripts []*scriptFace
	extra   *dirFonts
	pool    sync.Pool // of *state
}

// scriptFace is a face for one or more scripts, with a bold face if bundled.
type scriptFace struct {
	regular, bold *Face
}

func (s *scriptFace) pick(bold bool) *Face {
	if bold && s.bold != nil {
		return s.bold
	}
	return s.regular
}

var (
	defaultOnce  sync.Once
	defaultFonts *Fonts
)

// Default returns the bundled fonts, loaded once.
func Default() *Fonts {
	defaultOnce.Do(func() {
		f, err := New("")
		if err != nil {
			panic("typeset: bundled fonts: " + err.Error()) // a build error
		}
		defaultFonts = f
	})
	return defaultFonts
}

// New returns the bundled fonts and, when dir is not empty, the TrueType
// fonts under dir (such as /usr/share/fonts) as a last fallback for runes
// the bundled fonts lack. dir is read at the first such rune, not here.
func New(dir string) (*Fonts, error) {
	load := func(name string) (*Face, error) {
		b, err := bundled.ReadFile("fonts/" + name + ".ttf")
		if err != nil {
			return nil, err
		}
		f, err := parseFace(b, 0)
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", name, err)
		}
		return f, nil
	}
	names := []string{"NotoSerif-Regular", "NotoSerif-Bold", "NotoSans-Regular", "NotoSans-Bold",
		"NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold", "NotoSansHebrew-Regular",
		"NotoSansDevanagari-Regular", "NotoSansOriya-Regular", "NotoSansTamil-Regular",
		"NotoSansCJKsc-Subset"}
	faces := make([]*Face, len(names))
	var wg sync.WaitGroup
	errs := make([]error, len(names))
	for i, n := range names {
		wg.Go(func() { faces[i], errs[i] = load(n) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	f := &Fonts{serif: faces[0], serifBold: faces[1], sans: faces[2], sansBold: faces[3]}
	f.scripts = []*scriptFace{
		{faces[4], faces[5]}, {regular: faces[6]}, {regular: faces[7]},
		{regular: faces[8]}, {regular: faces[9]}, {regular: faces[10]},
	}
	if dir != "" {
		f.extra = &dirFonts{dir: dir}
	}
	return f, nil
}

// latin returns the first Latin face to try and the other one.
func (f *Fonts) latin(o Options) (first, second *Face) {
	serif, sans := f.serif, f.sans
	if o.Bold {
		serif, sans = f.serifBold, f.sansBold
	}
	if o.Sans {
		return sans, serif
	}
	return serif, sans
}

// Faces returns every bundled face, in fallback order for o.
func (f *Fonts) faces(o Options) []*Face {
	a, b := f.latin(o)
	out := []*Face{a, b}
	for _, s := range f.scripts {
		out = append(out, s.pick(o.Bold))
	}
	return out
}
