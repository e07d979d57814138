package badgeimage

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade/bake"
	"github.com/accolade-badges/accolade/errs"
)

// Limits on an uploaded SVG.
const (
	MaxSVGBytes    = 512 << 10 // 512 KiB
	MaxSVGElements = 10000
	MaxSVGDepth    = 64
)

// XML namespaces the sanitiser keeps.
const (
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXLink = "http://www.w3.org/1999/xlink"
	nsXML   = "http://www.w3.org/XML/1998/namespace"
)

// refused are the elements that make an SVG refused, with what to say.
var refused = map[string]string{
	"script":        "a <script> element",
	"foreignObject": "a <foreignObject> element (HTML inside SVG)",
	"iframe":        "an <iframe> element",
	"embed":         "an <embed> element",
	"object":        "an <object> element",
	"audio":         "an <audio> element",
	"video":         "a <video> element",
	"handler":       "a <handler> element",
	"listener":      "a <listener> element",
	"discard":       "a <discard> element",
}

// svgElements is the allowlist of SVG elements kept; others are dropped
// with their content.
var svgElements = set("svg", "g", "defs", "desc", "title", "symbol", "use", "image", "switch",
	"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
	"linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "style", "a", "view",
	"filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
	"feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA",
	"feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology",
	"feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
	"animate", "animateTransform", "animateMotion", "set", "mpath")

// svgAttributes is the allowlist of attributes without a namespace; others
// are dropped. Event handlers (on*) are refused before this list is read.
var svgAttributes = set(
	// core, styling, conditional processing
	"id", "class", "style", "lang", "tabindex", "role", "requiredExtensions", "systemLanguage",
	"aria-label", "aria-labelledby", "aria-describedby", "aria-hidden",
	// geometry and structure
	"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "width", "height",
	"d", "points", "pathLength", "transform", "viewBox", "preserveAspectRatio", "version", "href",
	"gradientUnits", "gradientTransform", "spreadMethod", "offset", "patternUnits", "patternContentUnits",
	"patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits", "markerWidth",
	"markerHeight", "refX", "refY", "orient", "dx", "dy", "rotate", "textLength", "lengthAdjust",
	"startOffset", "method", "spacing", "side", "target",
	// presentation attributes
	"alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color",
	"color-interpolation", "color-interpolation-filters", "color-rendering", "cursor", "direction",
	"display", "dominant-baseline", "fill", "fill-opacity", "fill-rule", "filter", "flood-color",
	"flood-opacity", "font", "font-family", "font-size", "font-size-adjust", "font-stretch", "font-style",
	"font-variant", "font-weight", "image-rendering", "letter-spacing", "lighting-color", "marker",
	"marker-end", "marker-mid", "marker-start", "mask", "opacity", "overflow", "paint-order",
	"pointer-events", "shape-rendering", "stop-color", "stop-opacity", "stroke", "stroke-dasharray",
	"stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity",
	"stroke-width", "text-anchor", "text-decoration", "text-rendering", "transform-origin",
	"unicode-bidi", "vector-effect", "visibility", "word-spacing", "writing-mode", "mix-blend-mode",
	"isolation",
	// filters
	"filterUnits", "primitiveUnits", "in", "in2", "result", "mode", "type", "values", "operator",
	"k1", "k2", "k3", "k4", "order", "kernelMatrix", "divisor", "bias", "targetX", "targetY",
	"edgeMode", "kernelUnitLength", "preserveAlpha", "surfaceScale", "diffuseConstant",
	"specularConstant", "specularExponent", "scale", "xChannelSelector", "yChannelSelector",
	"stdDeviation", "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles", "azimuth",
	"elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle", "tableValues",
	"slope", "intercept", "amplitude", "exponent",
	// animation (href targets are checked)
	"attributeName", "attributeType", "begin", "dur", "end", "min", "max", "restart", "repeatCount",
	"repeatDur", "calcMode", "keyTimes", "keySplines", "keyPoints", "from", "to", "by", "additive",
	"accumulate", "path")

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

var (
	// cssURLRe finds url( references in attribute values and styles.
	cssURLRe = regexp.MustCompile(`(?i)url\s*\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\)`)
	// dataImageRe matches the data: URIs an href may hold.
	dataImageRe = regexp.MustCompile(`^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$`)
	// blankRe matches what browsers ignore inside a URL scheme.
	blankRe = regexp.MustCompile(`[\x00-\x20\\]+`)
)

// SanitiseSVG checks an uploaded SVG image and returns it written again
// from its tokens with only the allowed elements and attributes (see the
// package documentation). It returns an errs.Invalid error naming the first
// refused construct and its line, or an errs.TooLarge error for an image
// over MaxSVGBytes.
func SanitiseSVG(data []byte) ([]byte, error) {
	if len(data) > MaxSVGBytes {
		return nil, errs.E(errs.TooLarge, "the SVG is %d bytes; at most %d (512 KiB) are accepted", len(data), MaxSVGBytes)
	}
	s := &sanitiser{d: xml.NewDecoder(bytes.NewReader(data))}
	s.d.Entity = xml.HTMLEntity
	if err := s.run(); err != nil {
		return nil, err
	}
	return s.out.Bytes(), nil
}

type sanitiser struct {
	d        *xml.Decoder
	out      bytes.Buffer
	depth    int // open elements written
	skip     int // > 0: inside a dropped element, this many deep
	elements int
	root     bool // the root <svg> was seen
	style    bool // inside a <style> element
	done     bool // the root element was closed
}

func (s *sanitiser) line() int {
	l, _ := s.d.InputPos()
	return l
}

func (s *sanitiser) refuse(format string, args ...any) error {
	return errs.E(errs.Invalid, "the SVG has "+format, args...)
}

func (s *sanitiser) run() error {
	for {
		tok, err := s.d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return errs.E(errs.Invalid, "the SVG is not well-formed XML: %s at line %d", se.Msg, se.Line)
			}
			return errs.E(errs.Invalid, "the SVG is not well-formed XML: %v", err)
		}
		if err := s.token(tok); err != nil {
			return err
		}
	}
	if !s.root {
		return errs.E(errs.Invalid, "the file is not an SVG image: it has no <svg> root element")
	}
	return nil
}

func (s *sanitiser) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		return s.start(t)
	case xml.EndElement:
		s.end(t)
	case xml.CharData:
		if s.skip == 0 && s.depth > 0 {
			if s.style {
				if err := s.checkCSS(string(t), "a <style> element", true); err != nil {
					return err
				}
			}
			xml.Escape(&s.out, t)
		}
	case xml.Directive:
		what := "a <!" + strings.SplitN(strings.TrimSpace(string(t)), " ", 2)[0] + "> declaration"
		if strings.Contains(string(t), "ENTITY") {
			what += " with ENTITY declarations"
		}
		return s.refuse("%s at line %d; remove it (entity and DOCTYPE declarations are not accepted)", what, s.line())
	case xml.ProcInst:
		if t.Target != "xml" {
			return s.refuse("a <?%s?> processing instruction at line %d; remove it", t.Target, s.line())
		}
	case xml.Comment: // dropped
	}
	return nil
}

func (s *sanitiser) start(t xml.StartElement) error {
	s.elements++
	if s.elements > MaxSVGElements {
		return s.refuse("more than %d elements; simplify it", MaxSVGElements)
	}
	if s.depth+s.skip >= MaxSVGDepth {
		return s.refuse("elements nested more than %d deep at line %d; simplify it", MaxSVGDepth, s.line())
	}
	space, local := t.Name.Space, t.Name.Local
	if what, bad := refused[local]; bad {
		return s.refuse("%s at line %d; remove it", what, s.line())
	}
	if s.done {
		return s.refuse("content after its root element at line %d", s.line())
	}
	if !s.root {
		if local != "svg" || (space != nsSVG && space != "") {
			return errs.E(errs.Invalid, "the file is not an SVG image: its root element is <%s>, not <svg>", local)
		}
		s.root = true
	}
	keep := s.skip == 0 && (space == nsSVG || space == "") && svgElements[local]
	attrs, err := s.attributes(t)
	if err != nil {
		return err
	}
	if !keep {
		s.skip++
		return nil
	}
	s.out.WriteString("<" + local)
	if s.depth == 0 {
		s.out.WriteString(` xmlns="` + nsSVG + `" xmlns:xlink="` + nsXLink + `"`)
	}
	for _, a := range attrs {
		s.out.WriteString(" " + a.Name.Local + `="`)
		xml.EscapeText(&s.out, []byte(a.Value))
		s.out.WriteString(`"`)
	}
	s.out.WriteString(">")
	s.depth++
	s.style = local == "style"
	return nil
}

func (s *sanitiser) end(t xml.EndElement) {
	if s.skip > 0 {
		s.skip--
		return
	}
	s.out.WriteString("</" + t.Name.Local + ">")
	s.style = false
	s.depth--
	if s.depth == 0 {
		s.done = true
	}
}

// attributes checks the attributes of t and returns those kept, with their
// output names (xlink:href, xml:lang, xml:space).
func (s *sanitiser) attributes(t xml.StartElement) ([]xml.Attr, error) {
	if name, dup := bake.DuplicateAttribute(t); dup {
		return nil, s.refuse("the attribute %s twice on <%s> at line %d; XML allows it once", name, t.Name.Local, s.line())
	}
	var out []xml.Attr
	animated := t.Name.Local == "animate" || t.Name.Local == "set" || t.Name.Local == "animateTransform" || t.Name.Local == "animateMotion"
	for _, a := range t.Attr {
		space, local := a.Name.Space, a.Name.Local
		if space == "xmlns" || (space == "" && local == "xmlns") {
			continue // namespaces are declared anew on the root
		}
		if strings.HasPrefix(strings.ToLower(local), "on") && (space == "" || space == nsSVG) {
			return nil, s.refuse("an event handler attribute %s on <%s> at line %d; remove it", local, t.Name.Local, s.line())
		}
		if animated && local == "attributeName" && strings.HasSuffix(strings.TrimSpace(a.Value), "href") {
			return nil, s.refuse("an <%s> element that changes href at line %d; remove it", t.Name.Local, s.line())
		}
		var name string
		switch {
		case local == "href" && (space == "" || space == nsXLink || space == nsSVG):
			if err := s.checkHref(t.Name.Local, a.Value); err != nil {
				return nil, err
			}
			name = "href"
			if space == nsXLink {
				name = "xlink:href"
			}
		case space == nsXML && (local == "lang" || local == "space"):
			name = "xml:" + local
		case space == "" && svgAttributes[local]:
			name = local
		default:
			continue // dropped
		}
		if err := s.checkValue(t.Name.Local, local, a.Value); err != nil {
			return nil, err
		}
		out = append(out, xml.Attr{Name: xml.Name{Local: name}, Value: a.Value})
	}
	return out, nil
}

// checkHref refuses a link to anything but a fragment of this image or an
// embedded raster image.
func (s *sanitiser) checkHref(element, v string) error {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "#") || (v == "" && element != "use") || dataImageRe.MatchString(v) {
		return nil
	}
	return s.refuse("a link to %s on <%s> at line %d; only #fragment links and embedded data:image/png, jpeg, gif or webp (base64) images are accepted: embed the file or remove the link", short(v), element, s.line())
}

// checkValue refuses scripts and external url() in any attribute value.
func (s *sanitiser) checkValue(element, attr, v string) error {
	if strings.Contains(strings.ToLower(blankRe.ReplaceAllString(v, "")), "javascript:") {
		return s.refuse("a javascript: URL in the %s attribute of <%s> at line %d; remove it", attr, element, s.line())
	}
	return s.checkCSS(v, fmt.Sprintf("the %s attribute of <%s>", attr, element), attr == "style")
}

// checkCSS refuses @import, expressions and url() to anything but a
// fragment in CSS text (a style element, a style attribute, or a
// presentation attribute such as fill="url(#g)"). In a stylesheet (a
// style element or attribute), CSS escapes are refused too: they could
// spell url( or @import in a way these checks do not read.
func (s *sanitiser) checkCSS(css, where string, stylesheet bool) error {
	if stylesheet && strings.Contains(css, `\`) {
		return s.refuse("a CSS escape (\\) in %s at line %d; write the characters themselves", where, s.line())
	}
	lower := strings.ToLower(blankRe.ReplaceAllString(css, ""))
	for _, bad := range []string{"@import", "javascript:", "expression(", "-moz-binding", "behavior:"} {
		if strings.Contains(lower, bad) {
			return s.refuse("%s in %s at line %d; remove it", strings.TrimSuffix(bad, ":"), where, s.line())
		}
	}
	for _, m := range cssURLRe.FindAllStringSubmatch(css, -1) {
		ref := strings.TrimSpace(m[1] + m[2] + m[3])
		if !strings.HasPrefix(ref, "#") {
			return s.refuse("url(%s) in %s at line %d; only url(#fragment) references to this image are accepted", short(ref), where, s.line())
		}
	}
	if strings.Contains(lower, "url(") && !cssURLRe.MatchString(css) {
		return s.refuse("an unreadable url( in %s at line %d; remove it", where, s.line())
	}
	return nil
}

// short quotes a value for a message, cut to a readable length.
func short(v string) string {
	if r := []rune(v); len(r) > 60 {
		v = string(r[:60]) + "…"
	}
	return strconv.Quote(v)
}
