package certificate

import (
	"math"

	"github.com/boombuler/barcode/qr"

	"github.com/accolade-badges/accolade/typeset"
)

// band draws the bottom of the page from y: the dates, the credential id
// and the signature at the start side, the badge in the middle, the QR
// code at the end side with the sentence and the address beside it.
func (l *layout) band(y float64) {
	c, lb, cert := l.c, l.lb, l.cert
	const colW = 220.0
	startX := margin
	if l.rtl {
		startX = c.w - margin - colW
	}
	small := typeset.Options{Size: 7, Sans: true, Bold: true, Lang: lb.Lang}
	value := typeset.Options{Size: 10, Sans: true, Lang: lb.Lang}
	yy := y + 8
	item := func(label, v string, o typeset.Options) {
		l.start(l.fit("label", label, small, colW, 5), startX, colW, yy, l.in.accent)
		l.start(l.fit("value", v, o, colW, 5), startX, colW, yy+12, ink)
		yy += 28
	}
	if !cert.Awarded.IsZero() {
		item(lb.Awarded, lb.date(cert.Awarded), value)
	}
	if !cert.Expires.IsZero() {
		item(lb.Expires, lb.date(cert.Expires), value)
	}
	l.signature(y, startX, colW)

	// The badge, centred.
	const badge = 92.0
	bx, by := (c.w-badge)/2, y-6
	if im := l.in.image; im != nil {
		w, h := fit(im, badge, badge)
		c.image(im, bx+(badge-w)/2, by+(badge-h)/2, w, h)
	} else {
		l.emblem(c.w/2, by+badge/2, badge/2)
	}
	if cert.CredentialID != "" {
		l.center(l.fit("label", lb.ID, small, 2*badge, 5), by+badge+10, l.in.accent)
		l.center(l.fit("credential id", cert.CredentialID, typeset.Options{Size: 7, Sans: true, Dir: typeset.LTR}, 260, 5), by+badge+20, muted)
	}
	l.verify(y)
}

// signature draws a line with the signatory's name and role under it, at
// the bottom of the start column.
func (l *layout) signature(y, x, w float64) {
	d := l.cert.Design
	if d.Signatory == "" {
		return
	}
	lineW := 170.0
	lx := x
	if l.rtl {
		lx = x + w - lineW
	}
	base := y + 78
	l.c.hline(lx, base, lineW, 0.6, muted)
	l.start(l.fit("signatory", d.Signatory, typeset.Options{Size: 9.5, Sans: true, Bold: true}, lineW, 6), lx, lineW, base+12, ink)
	if d.SignatoryRole != "" {
		l.start(l.fit("signatory role", d.SignatoryRole, typeset.Options{Size: 8, Sans: true}, lineW, 5), lx, lineW, base+23, muted)
	}
}

// verify draws the QR code of the verification address at the end side and,
// beside it, the sentence saying what it is for and the address (a link).
func (l *layout) verify(y float64) {
	c, url := l.c, l.cert.VerifyURL
	if url == "" {
		return
	}
	const side, textW, gap = 92.0, 150.0, 12.0
	qx := c.w - margin - side
	tx := qx - gap - textW
	if l.rtl {
		qx, tx = margin, margin+side+gap
	}
	l.qr(url, qx, y, side)
	c.link(qx, y, side, side, url)
	lines := l.f.Paragraph(l.lb.Verify, textW, typeset.Options{Size: 8, Sans: true, Lang: l.lb.Lang})
	ty := y + 14
	for _, ln := range lines {
		l.end(ln, tx, textW, ty, muted)
		ty += 10.5
	}
	ty += 4
	addr := l.f.Paragraph(url, textW, typeset.Options{Size: 7.5, Sans: true, Dir: typeset.LTR})
	top := ty - 8
	for _, ln := range addr {
		l.end(ln, tx, textW, ty, l.in.primary)
		ty += 9.5
	}
	c.link(tx, top, textW, ty-top, url)
}

// qr draws the QR code of s as filled rectangles (one per run of dark
// modules in a row) on a white square with a quiet zone.
func (l *layout) qr(s string, x, y, side float64) {
	code, err := qr.Encode(s, qr.M, qr.Auto)
	if err != nil {
		return // too long for a QR code: the address is printed anyway
	}
	b := code.Bounds()
	n := b.Dx()
	const quiet = 3
	m := side / float64(n+2*quiet)
	c := l.c
	c.fillRect(x, y, side, side, white)
	c.fillColor(ink)
	for row := 0; row < n; row++ {
		for col := 0; col < n; {
			if !dark(code.At(b.Min.X+col, b.Min.Y+row)) {
				col++
				continue
			}
			end := col
			for end < n && dark(code.At(b.Min.X+end, b.Min.Y+row)) {
				end++
			}
			c.rect(x+float64(quiet+col)*m, y+float64(quiet+row)*m, float64(end-col)*m, m)
			col = end
		}
	}
	c.op("f")
}

func dark(k interface{ RGBA() (r, g, b, a uint32) }) bool {
	r, _, _, _ := k.RGBA()
	return r < 0x8000
}

// emblem draws a rosette standing in for a missing badge image.
func (l *layout) emblem(cx, cy, r float64) {
	c, in := l.c, l.in
	c.fillColor(in.accent)
	c.moveTo(cx+r, cy)
	const points = 24
	for i := 1; i <= 2*points; i++ {
		a := math.Pi * float64(i) / points
		rr := r
		if i%2 == 1 {
			rr = r * 0.9
		}
		c.lineTo(cx+rr*math.Cos(a), cy+rr*math.Sin(a))
	}
	c.op("h f")
	c.fillColor(in.primary)
	c.circle(cx, cy, r*0.78)
	c.op("f")
	c.strokeColor(in.accent)
	c.op("0.8 w")
	c.circle(cx, cy, r*0.7)
	c.op("S")
	c.fillColor(in.accent)
	for i := 0; i < 10; i++ {
		a := -math.Pi/2 + math.Pi*float64(i)/5
		rr := r * 0.42
		if i%2 == 1 {
			rr = r * 0.17
		}
		px, py := cx+rr*math.Cos(a), cy+rr*math.Sin(a)
		if i == 0 {
			c.moveTo(px, py)
		} else {
			c.lineTo(px, py)
		}
	}
	c.op("h f")
}
