package verifier

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"

	"github.com/accolade-badges/accolade/errs"
)

// svgNamespace is the XML namespace of the <openbadges:credential> element
// of a baked Open Badges 3.0 SVG.
const svgNamespace = "https://purl.imsglobal.org/ob/v3p0"

// extractSVG returns the credential baked into an SVG image: the verify
// attribute of its <openbadges:credential> element (a VC-JWT), or else the
// element's text (JSON, usually in a CDATA section), at most limit bytes.
// It uses encoding/xml, which expands no external entities and fetches no
// DTD. It returns an Invalid error when the SVG is malformed or has no
// credential or more than one.
func extractSVG(img []byte, limit int64) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(img))
	d.Entity = xml.HTMLEntity
	var found []byte
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errs.E(errs.Invalid, "The SVG image is not well-formed XML (%v).", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || !isCredentialElement(se.Name) {
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

// isCredentialElement reports whether name is openbadges:credential, in
// the Open Badges 3.0 namespace or with an undeclared "openbadges" prefix.
func isCredentialElement(name xml.Name) bool {
	return name.Local == "credential" && (name.Space == svgNamespace || name.Space == "openbadges")
}

// credentialElementText returns the verify attribute of se, or the text up
// to its end element.
func credentialElementText(d *xml.Decoder, se xml.StartElement, limit int64) ([]byte, error) {
	for _, a := range se.Attr {
		if a.Name.Local == "verify" && (a.Name.Space == "" || a.Name.Space == svgNamespace) {
			if err := d.Skip(); err != nil {
				return nil, errs.E(errs.Invalid, "The SVG image is not well-formed XML (%v).", err)
			}
			return []byte(a.Value), nil
		}
	}
	var text []byte
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return nil, errs.E(errs.Invalid, "The SVG image is not well-formed XML (%v).", err)
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
			return nil, &errs.Error{Kind: errs.TooLarge, Err: ErrTooLarge,
				Msg: "The credential in the SVG image is larger than " + sizeString(limit) + "."}
		}
	}
	return text, nil
}
