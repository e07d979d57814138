package certificate

import (
	"cmp"
	"crypto/md5"
	"fmt"
	"slices"
	"strings"
)

// document assembles the PDF: catalog, page, fonts, images, links, the
// attached credential and the information dictionary.
func (c *Certificate) document(cv *canvas, lb *labels, holder string) ([]byte, error) {
	w := &writer{}
	catalog, pages, page := w.alloc(), w.alloc(), w.alloc()
	var fonts, xobjs []string
	for _, u := range cv.fonts.list {
		n, err := u.write(w)
		if err != nil {
			return nil, err
		}
		fonts = append(fonts, "/"+u.res+" "+ref(n))
	}
	for _, im := range cv.images {
		xobjs = append(xobjs, "/"+im.res+" "+ref(im.write(w)))
	}
	content := w.stream("", []byte(cv.b.String()), true)
	var annots []string
	for _, l := range cv.links {
		annots = append(annots, ref(w.add(fmt.Sprintf("<</Type /Annot /Subtype /Link /Rect [%s %s %s %s] /Border [0 0 0] /A <</S /URI /URI %s>>>>",
			num(l.x), num(cv.h-l.y-l.h), num(l.x+l.w), num(cv.h-l.y), text(l.uri)))))
	}
	res := fmt.Sprintf("/Font <<%s>>", strings.Join(fonts, " "))
	if len(xobjs) > 0 {
		res += fmt.Sprintf(" /XObject <<%s>>", strings.Join(xobjs, " "))
	}
	pageDict := fmt.Sprintf("<</Type /Page /Parent %s /MediaBox [0 0 %s %s] /Resources <<%s>> /Contents %s",
		ref(pages), num(cv.w), num(cv.h), res, ref(content))
	if len(annots) > 0 {
		pageDict += " /Annots [" + strings.Join(annots, " ") + "]"
	}
	w.set(page, pageDict+">>")
	w.set(pages, fmt.Sprintf("<</Type /Pages /Kids [%s] /Count 1>>", ref(page)))

	cat := fmt.Sprintf("<</Type /Catalog /Pages %s /Lang %s", ref(pages), text(lb.Lang))
	if files := c.attach(w); len(files) > 0 {
		var names, af []string
		for _, f := range files {
			names = append(names, text(f.name)+" "+ref(f.ref))
			af = append(af, ref(f.ref))
		}
		cat += fmt.Sprintf(" /Names <</EmbeddedFiles <</Names [%s]>>>> /AF [%s]", strings.Join(names, " "), strings.Join(af, " "))
	}
	w.set(catalog, cat+">>")

	info := w.add(fmt.Sprintf("<</Title %s /Author %s /Subject %s /Creator (Accolade) /Producer (Accolade) /CreationDate (%s)>>",
		text(c.AchievementName+" — "+holder), text(c.IssuerName),
		text(strings.TrimSpace(lb.Title+" "+c.CredentialID)), pdfDate(c.Awarded)))
	return w.bytes(catalog, info), nil
}

type attached struct {
	name string
	ref  int
}

// attach embeds the credential JSON and the VC-JWT and returns their file
// specifications, sorted by name (the name tree's order).
func (c *Certificate) attach(w *writer) []attached {
	base := c.attachmentBase()
	var out []attached
	add := func(file, mime, desc string, data []byte) {
		sum := md5.Sum(data)
		ef := w.stream(fmt.Sprintf(" /Type /EmbeddedFile /Subtype %s /Params <</Size %d /CheckSum <%x> /ModDate (%s)>>",
			name(mime), len(data), sum, pdfDate(c.Awarded)), data, true)
		fs := w.add(fmt.Sprintf("<</Type /Filespec /F %s /UF %s /Desc %s /AFRelationship /Source /EF <</F %s /UF %s>>>>",
			text(file), text(file), text(desc), ref(ef), ref(ef)))
		out = append(out, attached{file, fs})
	}
	if len(c.CredentialJSON) > 0 {
		add(base+".json", "application/vc+ld+json", "The signed credential (Open Badges 3.0, with its Data Integrity proof)", c.CredentialJSON)
	}
	if c.JWT != "" {
		add(base+".jwt", "application/vc+jwt", "The signed credential as a VC-JWT", []byte(c.JWT))
	}
	slices.SortFunc(out, func(a, b attached) int { return cmp.Compare(a.name, b.name) })
	return out
}
