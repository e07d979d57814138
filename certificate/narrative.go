package certificate

import (
	"strings"

	"github.com/accolade-badges/accolade/typeset"
)

// narrative is the description and the criteria, set to fit a height.
type narrative struct {
	rows       []row
	size, lead float64
	width      float64
}

type row struct {
	line *typeset.Line
	k    rgb
	gap  float64 // space before
}

// height is the height the narrative's rows take.
func (n *narrative) height() float64 {
	h := 0.0
	for _, r := range n.rows {
		h += n.lead + r.gap
	}
	return h
}

// setNarrative sets the description and the criteria to fit in height:
// at the largest size from 10 pt down to 6 pt at which both fit (at 6 pt,
// drawing cuts what does not fit).
func (l *layout) setNarrative(height float64) *narrative {
	n := &narrative{width: min(560, l.c.w-2*margin-80)}
	desc := strings.TrimSpace(l.cert.Description)
	crit := strings.TrimSpace(l.cert.Criteria)
	if desc == "" && crit == "" {
		return n
	}
	for n.size = 10.0; n.size >= 6; n.size -= 0.5 {
		n.rows, n.lead = nil, n.size*1.35
		o := typeset.Options{Size: n.size, Sans: true}
		if desc != "" {
			for _, ln := range l.f.Paragraph(desc, n.width, o) {
				n.rows = append(n.rows, row{ln, ink, 0})
			}
		}
		if crit != "" {
			gap := 0.0
			if desc != "" {
				gap = n.size * 0.6
			}
			head := l.f.Line(l.lb.Criteria, typeset.Options{Size: max(n.size*0.85, 7), Sans: true, Bold: true, Lang: l.lb.Lang})
			n.rows = append(n.rows, row{head, l.in.accent, gap})
			for _, ln := range l.f.Paragraph(crit, n.width, o) {
				n.rows = append(n.rows, row{ln, muted, 0})
			}
		}
		if n.height() <= height || n.size <= 6 {
			break
		}
	}
	return n
}

// draw draws the rows centred from top, stopping above bottom: the last
// row that fits is then cut with an ellipsis.
func (l *layout) drawNarrative(n *narrative, top, bottom float64) {
	y := top + n.lead
	for i, r := range n.rows {
		y += r.gap
		if y+n.lead > bottom && i < len(n.rows)-1 {
			o := typeset.Options{Size: n.size, Sans: true}
			s := strings.TrimSpace(r.line.Text) + "…"
			l.center(l.shrink(s, l.f.Line(s, o), o, n.width, n.size), y, r.k)
			l.notes = append(l.notes, "the description and criteria were too long for the page and were cut")
			return
		}
		l.center(r.line, y, r.k)
		y += n.lead
	}
}
