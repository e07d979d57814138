package badgeimage

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/bake"
	"github.com/accolade-badges/accolade/errs"
)

const svgOpen = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">`

func TestSanitiseSVGRefuses(t *testing.T) {
	for _, tt := range []struct {
		name, svg, msg string
	}{
		{"script", svgOpen + "\n\n<script>alert(1)</script></svg>", "the SVG has a <script> element at line 3; remove it"},
		{"script in foreign namespace", svgOpen + `<x:script xmlns:x="urn:x"/></svg>`, "<script> element"},
		{"event handler", svgOpen + `<rect onclick="alert(1)"/></svg>`, "event handler attribute onclick on <rect> at line 1"},
		{"event handler upper case", svgOpen + `<rect ONLOAD="alert(1)"/></svg>`, "event handler attribute ONLOAD"},
		{"foreignObject", svgOpen + `<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>`, "<foreignObject> element"},
		{"iframe", svgOpen + `<iframe/></svg>`, "<iframe> element"},
		{"embed", svgOpen + `<embed src="x"/></svg>`, "<embed> element"},
		{"object", svgOpen + `<object data="x"/></svg>`, "<object> element"},
		{"doctype", `<?xml version="1.0"?>` + "\n" + `<!DOCTYPE svg [<!ENTITY x "y">]>` + svgOpen + `</svg>`, "<!DOCTYPE> declaration with ENTITY declarations at line 2"},
		{"stylesheet", `<?xml-stylesheet href="evil.css"?>` + svgOpen + `</svg>`, "<?xml-stylesheet?> processing instruction"},
		{"external href", svgOpen + `<image href="https://evil.example/x.png"/></svg>`, `a link to "https://evil.example/x.png" on <image>`},
		{"external xlink:href", svgOpen + `<use xlink:href="other.svg#a"/></svg>`, `a link to "other.svg#a" on <use>`},
		{"javascript href", svgOpen + `<a href="javascript:alert(1)"><rect/></a></svg>`, `a link to "javascript:alert(1)"`},
		{"svg data URI", svgOpen + `<image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>`, "data:image/svg+xml"},
		{"url in style attribute", svgOpen + `<rect style="fill: url(https://evil.example/p)"/></svg>`, `url("https://evil.example/p") in the style attribute of <rect>`},
		{"url in fill", svgOpen + `<rect fill="url('http://x/#g')"/></svg>`, "url(\"http://x/#g\") in the fill attribute"},
		{"CSS escape", svgOpen + `<rect style="fill: \75rl(https://evil.example/)"/></svg>`, `a CSS escape (\) in the style attribute of <rect>`},
		{"import in style element", svgOpen + `<style>@import "x.css";</style></svg>`, "@import in a <style> element"},
		{"url in style element", svgOpen + `<style>rect { fill: url(x.svg#p) }</style></svg>`, "url(\"x.svg#p\") in a <style> element"},
		{"javascript in style element", svgOpen + `<style>a { b: javascript:x }</style></svg>`, "javascript in a <style> element"},
		{"animate href", svgOpen + `<a><animate attributeName="href" to="#x"/></a></svg>`, "<animate> element that changes href"},
		{"animate to javascript", svgOpen + `<a><animate attributeName="x" to="javascript:alert(1)"/></a></svg>`, "javascript: URL in the to attribute of <animate>"},
		{"set href", svgOpen + `<a><set attributeName="xlink:href" to="https://x/"/></a></svg>`, "<set> element that changes href"},
		{"not svg", `<html><body/></html>`, "its root element is <html>"},
		{"not xml", `hello`, "no <svg> root element"},
		{"malformed", svgOpen + `<rect></svg>`, "not well-formed XML"},
		{"deep", svgOpen + strings.Repeat("<g>", MaxSVGDepth+1) + strings.Repeat("</g>", MaxSVGDepth+1) + `</svg>`, "nested more than 64 deep"},
		{"many", svgOpen + strings.Repeat("<rect/>", MaxSVGElements) + `</svg>`, "more than 10000 elements"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SanitiseSVG([]byte(tt.svg))
			if err == nil || !strings.Contains(err.Error(), tt.msg) || errs.KindOf(err) != errs.Invalid {
				t.Errorf("SanitiseSVG(%s) = %v (%v), want an Invalid error containing %q", tt.name, err, errs.KindOf(err), tt.msg)
			}
		})
	}
	big := svgOpen + "<desc>" + strings.Repeat("x", MaxSVGBytes) + "</desc></svg>"
	if _, err := SanitiseSVG([]byte(big)); errs.KindOf(err) != errs.TooLarge {
		t.Errorf("SanitiseSVG(%d bytes) = %v, want TooLarge", len(big), err)
	}
}

func TestSanitiseSVGKeepsAndDrops(t *testing.T) {
	in := `<?xml version="1.0" encoding="UTF-8"?>
<!-- made with an editor -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"
     width="200" height="100" inkscape:version="1.3">
  <openbadges:credential verify="eyJ.old.jwt"/>
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <style>rect { fill: url(#g) } a > b { }</style>
  <rect width="10" height="10" fill="url(#g)" inkscape:label="box" data-x="1"/>
  <use href="#g"/><use xlink:href="#g"/>
  <image href="data:image/png;base64,iVBORw0KGgo="/>
  <text xml:lang="ar" direction="rtl">مرحبا &amp; &lt;</text>
</svg>`
	out, err := SanitiseSVG([]byte(in))
	if err != nil {
		t.Fatalf("SanitiseSVG(editor output) = %v", err)
	}
	for _, want := range []string{`<rect width="10" height="10" fill="url(#g)">`, `<use xlink:href="#g">`, `<use href="#g">`,
		`<text xml:lang="ar" direction="rtl">مرحبا &amp; &lt;</text>`, `rect { fill: url(#g) } a &gt; b { }`, `width="200" height="100"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("SanitiseSVG output lacks %q:\n%s", want, out)
		}
	}
	for _, gone := range []string{"inkscape", "credential", "metadata", "RDF", "data-x", "<!--", "<?xml"} {
		if strings.Contains(string(out), gone) {
			t.Errorf("SanitiseSVG output still has %q:\n%s", gone, out)
		}
	}
	if _, err := bake.ReadSVG(out, 1<<20); err == nil {
		t.Errorf("the sanitised SVG still holds a baked credential")
	}
	again, err := SanitiseSVG(out)
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("SanitiseSVG(its own output) = %v, changed:\n%s\n%s", err, out, again)
	}
	img, err := Check("image/svg+xml", []byte(in))
	if err != nil || img.Width != 200 || img.Height != 100 {
		t.Errorf("Check(svg) = %+v, %v; want 200×100", img, err)
	}
}

var urlRe = regexp.MustCompile(`(?i)url\(([^)]*)\)`)

// FuzzSanitiseSVG checks that whatever the sanitiser accepts, its output
// re-parses, sanitises to itself, and has no script, event handler,
// foreignObject or external reference.
func FuzzSanitiseSVG(f *testing.F) {
	for _, s := range []string{
		svgOpen + `<rect width="1" height="1"/></svg>`,
		svgOpen + `<g><text>hi</text><use href="#a"/><style>a{fill:url(#g)}</style></g></svg>`,
		svgOpen + `<script>x</script></svg>`,
		svgOpen + `<rect onload="x"/></svg>`,
		svgOpen + `<image xlink:href="data:image/png;base64,AAAA"/></svg>`,
		`<svg><foreignObject/></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:x">y</a><![CDATA[<script>]]></svg>`,
		`<svg xmlns:o="https://purl.imsglobal.org/ob/v3p0"><o:credential verify="x"/></svg>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := SanitiseSVG(in)
		if err != nil {
			return
		}
		again, err := SanitiseSVG(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("SanitiseSVG(%q) = %q, which sanitises to %q, %v", in, out, again, err)
		}
		d := xml.NewDecoder(bytes.NewReader(out))
		for {
			tok, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("SanitiseSVG(%q) = %q, which does not re-parse: %v", in, out, err)
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			switch strings.ToLower(se.Name.Local) {
			case "script", "foreignobject", "iframe", "embed", "object", "credential":
				t.Fatalf("SanitiseSVG(%q) kept <%s>: %q", in, se.Name.Local, out)
			}
			for _, a := range se.Attr {
				v := strings.TrimSpace(a.Value)
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Fatalf("SanitiseSVG(%q) kept %s: %q", in, a.Name.Local, out)
				}
				if a.Name.Local == "href" && v != "" && !strings.HasPrefix(v, "#") && !dataImageRe.MatchString(v) {
					t.Fatalf("SanitiseSVG(%q) kept href %q", in, v)
				}
			}
		}
		for _, m := range urlRe.FindAllSubmatch(out, -1) {
			if ref := strings.Trim(strings.TrimSpace(string(m[1])), `"' `); !strings.HasPrefix(ref, "#") && !strings.HasPrefix(ref, "&#") {
				t.Fatalf("SanitiseSVG(%q) kept url(%s): %q", in, m[1], out)
			}
		}
		if bytes.Contains(bytes.ToLower(out), []byte("javascript:")) {
			t.Fatalf("SanitiseSVG(%q) kept javascript: %q", in, out)
		}
	})
}
