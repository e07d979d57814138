package bake

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/accolade-badges/accolade/errs"
)

// SVGNamespace is the XML namespace of the <openbadges:credential> element
// of a baked Open Badges 3.0 SVG.
const SVGNamespace = "https://purl.imsglobal.org/ob/v3p0"

// ReadSVG returns the credential baked into an SVG image: the verify
// attribute of its <openbadges:credential> element (a VC-JWT), or else the
// element's text (JSON, usually in a CDATA section), at most limit bytes.
// It returns an Invalid error when the SVG is malformed or has no
// credential or more than one, and a TooLarge error wrapping ErrTooLarge
// when the text exceeds limit.
func ReadSVG(img []byte, limit int64) ([]byte, error) {
	d := newSVGDecoder(img)
	var found []byte
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, notWellFormed(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if err := checkAttributes(d, se); err != nil {
			return nil, err
		}
		if !isCredentialElement(se.Name) {
			continue
		}
		if found != nil {
			return nil, errs.E(errs.Invalid, "The SVG image holds more than one baked credential, so it is not clear which one to check.")
		}
		if found, err = credentialElementText(d, se, limit); err != nil {
			return nil, err
		}
	}
	if len(bytes.TrimSpace(found)) == 0 {
		return nil, errs.E(errs.Invalid, "The SVG image has no baked credential (no <openbadges:credential> element with content).")
	}
	return found, nil
}

func newSVGDecoder(img []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(img))
	d.Entity = xml.HTMLEntity
	return d
}

// DuplicateAttribute returns the name of an attribute se has twice, and
// whether it has one. XML forbids it, and encoding/xml does not check:
// two readers could take different values (or, for namespace
// declarations, see different elements).
func DuplicateAttribute(se xml.StartElement) (string, bool) {
	for i, a := range se.Attr {
		for _, b := range se.Attr[:i] {
			if a.Name == b.Name {
				if a.Name.Space == "xmlns" {
					return "xmlns:" + a.Name.Local, true
				}
				return a.Name.Local, true
			}
		}
	}
	return "", false
}

// checkAttributes refuses an element with an attribute given twice.
func checkAttributes(d *xml.Decoder, se xml.StartElement) error {
	if name, dup := DuplicateAttribute(se); dup {
		line, _ := d.InputPos()
		return errs.E(errs.Invalid, "The SVG image is not well-formed XML (the attribute %s is given twice on <%s> at line %d).", name, se.Name.Local, line)
	}
	return nil
}

func notWellFormed(err error) error {
	return errs.E(errs.Invalid, "The SVG image is not well-formed XML (%v).", err)
}

// isCredentialElement reports whether name is openbadges:credential, in
// the Open Badges 3.0 namespace or with an undeclared "openbadges" prefix.
func isCredentialElement(name xml.Name) bool {
	return name.Local == "credential" && (name.Space == SVGNamespace || name.Space == "openbadges")
}

// credentialElementText returns the verify attribute of se, or the text up
// to its end element.
func credentialElementText(d *xml.Decoder, se xml.StartElement, limit int64) ([]byte, error) {
	for _, a := range se.Attr {
		if a.Name.Local == "verify" && (a.Name.Space == "" || a.Name.Space == SVGNamespace) {
			if err := d.Skip(); err != nil {
				return nil, notWellFormed(err)
			}
			if int64(len(a.Value)) > limit {
				return nil, tooLarge("The credential in the SVG image is larger than " + errs.Size(limit) + ".")
			}
			return []byte(a.Value), nil
		}
	}
	var text []byte
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return nil, notWellFormed(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 1 {
				text = append(text, t...)
			}
		}
		if int64(len(text)) > limit {
			return nil, tooLarge("The credential in the SVG image is larger than " + errs.Size(limit) + ".")
		}
	}
	return text, nil
}

// SVG returns svg with credential baked in: an <openbadges:credential>
// element right after the root <svg> start tag, with a VC-JWT (isJWT) in
// its verify attribute or the JSON credential in a CDATA section. It
// declares the openbadges namespace on the root element when needed and
// removes any credential element svg already has; everything else is
// copied unchanged. It returns an Invalid error when svg is not
// well-formed, its root is not a non-empty <svg> element, or credential
// is empty.
func SVG(svg []byte, credential string, isJWT bool) ([]byte, error) {
	if strings.TrimSpace(credential) == "" {
		return nil, errs.E(errs.Invalid, "there is no credential to bake")
	}
	if strings.IndexFunc(credential, notXMLChar) >= 0 || !utf8.ValidString(credential) {
		return nil, errs.E(errs.Invalid, "the credential has a character an SVG image cannot carry (a control character or invalid UTF-8)")
	}
	root, old, err := svgLayout(svg)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Grow(len(svg) + len(credential) + 128)
	b.Write(svg[:root.end-1]) // up to the root start tag's '>'
	if !root.declared {
		b.WriteString(` xmlns:` + root.prefix + `="` + SVGNamespace + `"`)
	}
	b.WriteString(">")
	writeCredentialElement(&b, root.prefix, credential, isJWT)
	at := root.end
	for _, r := range old {
		b.Write(svg[at:r[0]])
		at = r[1]
	}
	b.Write(svg[at:])
	return b.Bytes(), nil
}

// svgRoot is where the root <svg> start tag ends (the offset after its
// '>'), whether it declares the Open Badges namespace, and with which
// prefix.
type svgRoot struct {
	end      int
	declared bool
	prefix   string
}

// svgLayout finds the root element and the byte ranges of the credential
// elements already baked into svg.
func svgLayout(svg []byte) (root svgRoot, old [][2]int, err error) {
	d := newSVGDecoder(svg)
	root.prefix = "openbadges"
	depth := 0
	for {
		start := int(d.InputOffset())
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return root, nil, notWellFormed(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if err := checkAttributes(d, se); err != nil {
			return root, nil, err
		}
		if depth == 0 {
			if se.Name.Local != "svg" {
				return root, nil, errs.E(errs.Invalid, "The image's root element is <%s>, not <svg>.", se.Name.Local)
			}
			root.end = int(d.InputOffset())
			if bytes.HasSuffix(svg[:root.end], []byte("/>")) {
				return root, nil, errs.E(errs.Invalid, "The SVG image is empty (<svg/>).")
			}
			root.declared, root.prefix = declaredPrefix(se.Attr)
			depth++
			continue
		}
		if isCredentialElement(se.Name) {
			if err := d.Skip(); err != nil {
				return root, nil, notWellFormed(err)
			}
			old = append(old, [2]int{start, int(d.InputOffset())})
		}
	}
	if root.end == 0 {
		return root, nil, errs.E(errs.Invalid, "This is not an SVG image (no <svg> element).")
	}
	return root, old, nil
}

// declaredPrefix reports whether attrs declare the Open Badges namespace,
// and the prefix to use for it: the declared one, or "openbadges" — or,
// when the image already binds that prefix to something else,
// "openbadges2" (or the first free one after it), so that declaring it
// does not change what the image's own elements mean.
func declaredPrefix(attrs []xml.Attr) (bool, string) {
	bound := map[string]bool{}
	for _, a := range attrs {
		if a.Name.Space == "xmlns" {
			if a.Value == SVGNamespace {
				return true, a.Name.Local
			}
			bound[a.Name.Local] = true
		}
	}
	prefix := "openbadges"
	for n := 2; bound[prefix]; n++ {
		prefix = "openbadges" + strconv.Itoa(n)
	}
	return false, prefix
}

// writeCredentialElement writes <prefix:credential> with credential in
// its verify attribute (a JWT) or in a CDATA section (JSON).
func writeCredentialElement(b *bytes.Buffer, prefix, credential string, isJWT bool) {
	name := prefix + ":credential"
	if isJWT {
		b.WriteString("<" + name + ` verify="`)
		xml.EscapeText(b, []byte(credential))
		b.WriteString(`"></` + name + ">")
		return
	}
	if strings.ContainsRune(credential, '\r') {
		// An XML reader turns a carriage return in CDATA into a line feed
		// (line-end normalisation); as a character reference it survives.
		b.WriteString("<" + name + ">")
		xml.EscapeText(b, []byte(credential))
		b.WriteString("</" + name + ">")
		return
	}
	b.WriteString("<" + name + "><![CDATA[")
	b.WriteString(strings.ReplaceAll(credential, "]]>", "]]]]><![CDATA[>"))
	b.WriteString("]]></" + name + ">")
}

// notXMLChar reports whether r is outside XML 1.0's Char production: such
// a character would be replaced (in an attribute) or make the image
// malformed (in CDATA), so the baked credential would not read back.
func notXMLChar(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r':
		return false
	case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return true
	}
	return false
}
