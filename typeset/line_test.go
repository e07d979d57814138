package typeset_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/accolade-badges/accolade/typeset"
)

func TestLineFaces(t *testing.T) {
	f := typeset.Default()
	for _, tc := range []struct {
		name, text, face string
		rtl              bool
	}{
		{"latin", "Zoë Ångström-Nuñez", "NotoSerif-Regular", false},
		{"cyrillic", "Дмитрий Шостакович", "NotoSerif-Regular", false},
		{"greek", "Ἀριστοτέλης", "NotoSerif-Regular", false},
		{"arabic", "ليلى حداد", "NotoNaskhArabic-Regular", true},
		{"hebrew", "שרה כהן", "NotoSansHebrew-Regular", true},
		{"devanagari", "प्रज्ञा क्षत्रिय", "NotoSansDevanagari-Regular", false},
		{"odia", "ପ୍ରଜ୍ଞା", "NotoSansOriya-Regular", false},
		{"tamil", "தமிழ்செல்வி", "NotoSansTamil-Regular", false},
		{"chinese", "王小明", "NotoSansCJKsc-Regular", false},
		{"japanese", "山田花子 やまだ", "NotoSansCJKsc-Regular", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := f.Line(tc.text, typeset.Options{Size: 10})
			if len(l.Missing) > 0 || l.RTL != tc.rtl || l.Width <= 0 {
				t.Fatalf("Line(%q): missing %q, RTL %v, width %v", tc.text, l.Missing, l.RTL, l.Width)
			}
			var text strings.Builder
			for _, r := range l.Runs {
				if r.Face.Name != tc.face {
					t.Errorf("Line(%q) run %q face %s, want %s", tc.text, r.Text, r.Face.Name, tc.face)
				}
				for _, g := range r.Glyphs {
					if g.ID == 0 {
						t.Errorf("Line(%q): .notdef in run %q", tc.text, r.Text)
					}
				}
				text.WriteString(r.Text)
			}
			if !l.RTL && text.String() != tc.text {
				t.Errorf("Line(%q) runs hold %q", tc.text, text.String())
			}
		})
	}
}

func TestLineBidi(t *testing.T) {
	l := typeset.Default().Line("Layla ليلى Haddad", typeset.Options{Size: 10})
	var texts []string
	for _, r := range l.Runs {
		texts = append(texts, strings.TrimSpace(r.Text))
	}
	i := slices.Index(texts, "ليلى")
	if l.RTL || i < 0 || !l.Runs[i].RTL || !strings.HasPrefix(texts[0], "Layla") || !strings.HasSuffix(texts[len(texts)-1], "Haddad") {
		t.Fatalf("runs in visual order %q (RTL %v), want Layla, ليلى (RTL), Haddad", texts, l.RTL)
	}
	l = typeset.Default().Line("Layla ليلى Haddad", typeset.Options{Size: 10, Dir: typeset.RTL})
	if !l.RTL || !strings.Contains(l.Runs[0].Text, "Haddad") {
		t.Errorf("with Dir RTL, first visual run %q, want Haddad", l.Runs[0].Text)
	}
}

// TestLineShaping checks what only a shaper does: Arabic letters joined
// (not their isolated forms), the Devanagari short i drawn before its
// consonant, the conjunct क्ष as fewer glyphs than runes.
func TestLineShaping(t *testing.T) {
	f := typeset.Default()
	joined := f.Line("ليلى", typeset.Options{Size: 10})
	isolated := f.Line("ل ي ل ى", typeset.Options{Size: 10})
	if ids(joined) == ids(isolated) {
		t.Errorf("Arabic letters not joined: glyphs %v", ids(joined))
	}
	if g := f.Line("कि", typeset.Options{Size: 10}).Runs[0].Glyphs; len(g) != 2 || g[0].ID == f.Line("क", typeset.Options{Size: 10}).Runs[0].Glyphs[0].ID {
		t.Errorf("कि: glyphs %v, want the i sign first", g)
	}
	if g := f.Line("क्ष", typeset.Options{Size: 10}).Runs[0].Glyphs; len(g) != 1 || g[0].Text != "क्ष" {
		t.Errorf("क्ष: glyphs %v, want one conjunct glyph carrying the text", g)
	}
}

func ids(l *typeset.Line) string {
	var s []string
	for _, r := range l.Runs {
		for _, g := range r.Glyphs {
			if strings.TrimSpace(g.Text) != "" || g.Text == "" {
				s = append(s, fmt.Sprint(g.ID))
			}
		}
	}
	return strings.Join(s, " ")
}

func TestLineMissing(t *testing.T) {
	l := typeset.Default().Line("Ann 𐀀", typeset.Options{Size: 10})
	if !slices.Equal(l.Missing, []rune{'𐀀'}) || l.Width <= 0 {
		t.Errorf("Line(Linear B) missing %q width %v, want [𐀀] and a width", l.Missing, l.Width)
	}
	if l := typeset.Default().Line("", typeset.Options{Size: 10}); l.Width != 0 || l.Ascent <= 0 {
		t.Errorf("empty line %+v", l)
	}
}

func TestParagraph(t *testing.T) {
	text := strings.Repeat("Ran three confirmed workshops for ten different learners. ", 6) + "\nSecond paragraph."
	lines := typeset.Default().Paragraph(text, 200, typeset.Options{Size: 10})
	if len(lines) < 4 {
		t.Fatalf("Paragraph gave %d lines, want at least 4", len(lines))
	}
	var got []string
	for i, l := range lines {
		got = append(got, l.Text)
		if l.Width > 200.01 {
			t.Errorf("line %d width %v > 200", i, l.Width)
		}
	}
	if j := strings.Join(got, ""); strings.Join(strings.Fields(j), " ") != strings.Join(strings.Fields(text), " ") {
		t.Errorf("lines' Text joined = %q, want the paragraph", j)
	}
	ar := typeset.Default().Paragraph(strings.Repeat("شارك في ثلاث ورشات عمل مؤكدة. ", 8), 150, typeset.Options{Size: 10})
	if len(ar) < 3 || !ar[0].RTL {
		t.Errorf("Arabic paragraph: %d lines, RTL %v", len(ar), ar[0].RTL)
	}
}

func TestConcurrent(t *testing.T) {
	f := typeset.Default()
	want := f.Line("प्रज्ञा ليلى 王小明", typeset.Options{Size: 12}).Width
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if w := f.Line("प्रज्ञा ليلى 王小明", typeset.Options{Size: 12}).Width; w != want {
					t.Errorf("width %v, want %v", w, want)
				}
			}
		})
	}
	wg.Wait()
}

func ExampleFonts_Line() {
	l := typeset.Default().Line("Layla ليلى Haddad", typeset.Options{Size: 12})
	for _, r := range l.Runs {
		fmt.Printf("%q %s RTL=%v\n", r.Text, r.Face.Name, r.RTL)
	}
	// Output:
	// "Layla " NotoSerif-Regular RTL=false
	// "ليلى" NotoNaskhArabic-Regular RTL=true
	// " Haddad" NotoSerif-Regular RTL=false
}

func TestExtraDir(t *testing.T) {
	const dir = "/usr/share/fonts/truetype/noto"
	if _, err := os.Stat(dir + "/NotoSansGeorgian-Regular.ttf"); err != nil {
		t.Skip("needs Debian's fonts-noto-core (Noto Sans Georgian in " + dir + ")")
	}
	const name = "ნინო ბერიძე"
	if l := typeset.Default().Line(name, typeset.Options{Size: 10}); len(l.Missing) == 0 {
		t.Fatalf("bundled fonts cover Georgian; pick another script for this test")
	}
	f, err := typeset.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	l := f.Line(name, typeset.Options{Size: 10})
	if len(l.Missing) > 0 || !strings.HasPrefix(l.Runs[0].Face.Name, "NotoSansGeorgian") && !strings.HasPrefix(l.Runs[0].Face.Name, "NotoSerifGeorgian") {
		t.Errorf("with %s: missing %q, face %s", dir, l.Missing, l.Runs[0].Face.Name)
	}
}

func TestFakeBold(t *testing.T) {
	f := typeset.Default()
	for text, want := range map[string]bool{"Sam": false, "王小明": true, "प्रज्ञा": true, "ليلى": false} {
		l := f.Line(text, typeset.Options{Size: 10, Bold: true})
		if l.Runs[0].FakeBold != want {
			t.Errorf("Line(%q, Bold) FakeBold %v, want %v (face %s)", text, l.Runs[0].FakeBold, want, l.Runs[0].Face.Name)
		}
	}
}
