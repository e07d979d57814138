package certificate

import (
	"fmt"
	"strings"

	"github.com/accolade-badges/accolade/typeset"
)

// layout draws a certificate on a landscape page: a frame, the issuer,
// the title, the holder, the achievement with its description and
// criteria, then a band with the dates and id, the badge, and the QR code
// with the address. An RTL labels language mirrors the band and aligns its
// text right; centred lines stay centred.
type layout struct {
	c    *canvas
	f    *typeset.Fonts
	lb   *labels
	rtl  bool
	in   *checked
	cert *Certificate

	holder string   // the name as printed
	notes  []string // what the reader of the log should know
}

var (
	ink    = rgb{0.13, 0.13, 0.14}
	muted  = rgb{0.36, 0.38, 0.43}
	paper  = rgb{1, 0.992, 0.973}
	white  = rgb{1, 1, 1}
	margin = 64.0 // from the page edge to the content
)

func (l *layout) draw() {
	c, in := l.c, l.in
	if in.background != nil {
		c.image(in.background, 0, 0, c.w, c.h)
	} else {
		c.fillRect(0, 0, c.w, c.h, paper)
	}
	l.frame()
	y := 50.0
	if in.logo != nil {
		w, h := fit(in.logo, 170, 44)
		c.image(in.logo, (c.w-w)/2, y, w, h)
		y += h + 20
	} else {
		y += 18
	}
	issuer := l.fit("issuer name", strings.ToUpper(l.cert.IssuerName), typeset.Options{Size: 10.5, Sans: true, Bold: true}, c.w-2*margin-40, 7)
	title := l.cert.Design.Title
	if title == "" {
		title = l.lb.Title
	}
	titleLine := l.fit("title", title, typeset.Options{Size: 32, Bold: true, Lang: l.lb.Lang}, c.w-2*margin-60, 14)
	certifies := l.fit("certifies", l.lb.Certifies, typeset.Options{Size: 13, Lang: l.lb.Lang}, c.w-2*margin, 8)
	name := l.holderLine(c.w - 2*margin - 40)
	statement := l.cert.Design.Statement
	if statement == "" {
		statement = l.lb.Earned
	}
	earned := l.fit("statement", statement, typeset.Options{Size: 13, Lang: l.lb.Lang}, c.w-2*margin, 8)
	achievement := l.fit("achievement name", l.cert.AchievementName, typeset.Options{Size: 21, Bold: true}, c.w-2*margin-40, 9)

	// The gaps between baselines, widened (at most by half) when the
	// narrative leaves room.
	gaps := []float64{46, 44, 50, 40, 32, 16}
	band := c.h - margin - 100
	sum := 0.0
	for _, g := range gaps {
		sum += g
	}
	room := band - 14 - y - sum
	n := l.setNarrative(room)
	k := 1 + min(max(room-n.height(), 0)*0.7, sum*0.5)/sum
	for i := range gaps {
		gaps[i] *= k
	}

	l.center(issuer, y, muted)
	if u := l.cert.IssuerURL; strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		c.link((c.w-issuer.Width)/2, y-issuer.Ascent, issuer.Width, issuer.Ascent+issuer.Descent, u)
	}
	y += gaps[0]
	l.center(titleLine, y, in.primary)
	l.ornament(y + 16)
	y += gaps[1]
	l.center(certifies, y, muted)
	y += gaps[2]
	l.center(name, y, ink)
	rule := max(name.Width+40, 280)
	c.hline((c.w-rule)/2, y+14, rule, 0.75, in.accent)
	y += gaps[3]
	l.center(earned, y, muted)
	y += gaps[4]
	l.center(achievement, y, in.primary)
	y += gaps[5] - n.lead*0.3
	l.drawNarrative(n, y, band-14)
	l.band(band)
}

// frame draws the double border with small diamonds at the corners.
func (l *layout) frame() {
	c, in := l.c, l.in
	c.strokeRect(18, 18, c.w-36, c.h-36, 2.5, in.primary)
	c.strokeRect(26, 26, c.w-52, c.h-52, 0.75, in.accent)
	for _, p := range [][2]float64{{26, 26}, {c.w - 26, 26}, {26, c.h - 26}, {c.w - 26, c.h - 26}} {
		l.diamond(p[0], p[1], 5, in.accent)
	}
}

func (l *layout) diamond(x, y, r float64, k rgb) {
	c := l.c
	c.fillColor(k)
	c.moveTo(x, y-r)
	c.lineTo(x+r, y)
	c.lineTo(x, y+r)
	c.lineTo(x-r, y)
	c.op("h f")
}

// ornament is a short rule with a diamond, under the title.
func (l *layout) ornament(y float64) {
	c := l.c
	c.hline(c.w/2-50, y, 40, 0.75, l.in.accent)
	c.hline(c.w/2+10, y, 40, 0.75, l.in.accent)
	l.diamond(c.w/2, y, 3.5, l.in.accent)
}

// holderLine sets the holder's name, or the Latin form when no font
// covers the name, and shrinks it to width.
func (l *layout) holderLine(width float64) *typeset.Line {
	c := l.cert
	o := typeset.Options{Size: 34, Bold: true, Lang: c.HolderLang}
	name := strings.TrimSpace(c.HolderName)
	if name != "" {
		line := l.f.Line(name, o)
		if len(line.Missing) == 0 || strings.TrimSpace(c.HolderLatinName) == "" {
			if len(line.Missing) > 0 {
				l.notes = append(l.notes, fmt.Sprintf("no font draws %q in holder name %q, and there is no Latin name: printed with blanks", string(line.Missing), name))
			}
			l.holder = name
			return l.shrink(name, line, o, width, 14)
		}
		l.notes = append(l.notes, fmt.Sprintf("no font draws %q in holder name %q: printed the Latin name %q", string(line.Missing), name, c.HolderLatinName))
	}
	l.holder = strings.TrimSpace(c.HolderLatinName)
	o.Lang = ""
	return l.fit("holder name", l.holder, o, width, 14)
}

// fit sets text on one line, shrinking the size until it is at most width
// wide (down to minSize, below which it is set at minSize and may be
// cut with an ellipsis). Missing runes are noted with the field.
func (l *layout) fit(field, text string, o typeset.Options, width, minSize float64) *typeset.Line {
	line := l.f.Line(text, o)
	if len(line.Missing) > 0 {
		l.notes = append(l.notes, fmt.Sprintf("no font draws %q in the %s %q", string(line.Missing), field, text))
	}
	return l.shrink(text, line, o, width, minSize)
}

func (l *layout) shrink(text string, line *typeset.Line, o typeset.Options, width, minSize float64) *typeset.Line {
	if line.Width <= width {
		return line
	}
	size := max(o.Size*width/line.Width, minSize)
	o.Size = size
	line = l.f.Line(text, o)
	for rs := []rune(text); line.Width > width && len(rs) > 1; {
		rs = rs[:len(rs)-1]
		line = l.f.Line(strings.TrimSpace(string(rs))+"…", o)
	}
	return line
}

// center draws line centred on the page with its baseline at y.
func (l *layout) center(line *typeset.Line, y float64, k rgb) {
	l.c.text(line, (l.c.w-line.Width)/2, y, k)
}

// start draws line in the box [x, x+w] aligned to the start of the
// labels' direction (right in RTL).
func (l *layout) start(line *typeset.Line, x, w, y float64, k rgb) {
	if l.rtl {
		x += w - line.Width
	}
	l.c.text(line, x, y, k)
}

// end is start, aligned to the other side.
func (l *layout) end(line *typeset.Line, x, w, y float64, k rgb) {
	if !l.rtl {
		x += w - line.Width
	}
	l.c.text(line, x, y, k)
}

// fit returns the size of an image scaled to fit in w×h.
func fit(im *pdfImage, w, h float64) (float64, float64) {
	k := min(w/float64(im.w), h/float64(im.h))
	return float64(im.w) * k, float64(im.h) * k
}
