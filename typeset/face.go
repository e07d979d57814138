package typeset

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/go-text/typesetting/font"
)

// Face is one font face: its bytes (a TrueType font, glyf outlines) and its
// parsed form. A Face is immutable and safe for concurrent use.
type Face struct {
	// Name is the face's PostScript name, such as "NotoSerif-Bold".
	Name string
	// Data holds the font file (TrueType outlines).
	Data []byte
	// Upem is the number of font units per em.
	Upem float64
	// Ascent and Descent are the typographic ascender and descender in font
	// units; Descent is positive below the baseline.
	Ascent, Descent float64
	// Bold reports whether the face is bold (head.macStyle).
	Bold bool

	font     *font.Font
	advances []uint16
}

// parseFace reads a TrueType font; index must be 0 (collections are not
// supported). It refuses fonts without glyf outlines, which the PDF writer
// cannot embed as FontFile2.
func parseFace(data []byte, index int) (*Face, error) {
	if index != 0 || len(data) < 4 || string(data[:4]) == "ttcf" {
		return nil, fmt.Errorf("font collections are not supported")
	}
	if !hasTable(data, 0, "glyf") {
		return nil, fmt.Errorf("not a TrueType (glyf) font")
	}
	faces, err := font.ParseTTC(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	fn := faces[0].Font
	f := &Face{Data: data, Upem: float64(fn.Upem()), font: fn, advances: hmtxAdvances(data)}
	f.Name = fn.Describe().Family
	if ps := postScriptName(data); ps != "" {
		f.Name = ps
	}
	if head := table(data, 0, "head"); len(head) >= 46 {
		f.Bold = binary.BigEndian.Uint16(head[44:])&1 != 0
	}
	if ext, ok := faces[0].FontHExtents(); ok {
		f.Ascent, f.Descent = float64(ext.Ascender), -float64(ext.Descender)
	}
	return f, nil
}

// Has reports whether the face maps r to a glyph.
func (f *Face) Has(r rune) bool {
	_, ok := f.font.Cmap.Lookup(r)
	return ok
}

// GlyphAdvance is the horizontal advance of glyph gid in font units (from
// hmtx, before shaping).
func (f *Face) GlyphAdvance(gid uint16) float64 {
	if len(f.advances) == 0 {
		return 0
	}
	if int(gid) >= len(f.advances) {
		return float64(f.advances[len(f.advances)-1])
	}
	return float64(f.advances[gid])
}

// hmtxAdvances reads the advance widths of the hmtx table.
func hmtxAdvances(data []byte) []uint16 {
	hhea, hmtx := table(data, 0, "hhea"), table(data, 0, "hmtx")
	if len(hhea) < 36 {
		return nil
	}
	n := int(binary.BigEndian.Uint16(hhea[34:]))
	n = min(n, len(hmtx)/4)
	out := make([]uint16, n)
	for i := range out {
		out[i] = binary.BigEndian.Uint16(hmtx[4*i:])
	}
	return out
}

// table returns the bytes of table tag of the face at off, or nil.
func table(data []byte, off int, tag string) []byte {
	if off+12 > len(data) {
		return nil
	}
	n := int(binary.BigEndian.Uint16(data[off+4:]))
	for i := 0; i < n; i++ {
		rec := off + 12 + 16*i
		if rec+16 > len(data) {
			return nil
		}
		if string(data[rec:rec+4]) == tag {
			o := int(binary.BigEndian.Uint32(data[rec+8:]))
			l := int(binary.BigEndian.Uint32(data[rec+12:]))
			if o < 0 || l < 0 || o+l > len(data) {
				return nil
			}
			return data[o : o+l]
		}
	}
	return nil
}

func hasTable(data []byte, off int, tag string) bool { return table(data, off, tag) != nil }

// postScriptName reads name id 6 (Macintosh Roman or Windows UTF-16BE).
func postScriptName(data []byte) string {
	t := table(data, 0, "name")
	if len(t) < 6 {
		return ""
	}
	count := int(binary.BigEndian.Uint16(t[2:]))
	strs := int(binary.BigEndian.Uint16(t[4:]))
	for i := 0; i < count; i++ {
		r := 6 + 12*i
		if r+12 > len(t) {
			break
		}
		platform := binary.BigEndian.Uint16(t[r:])
		id := binary.BigEndian.Uint16(t[r+6:])
		l := int(binary.BigEndian.Uint16(t[r+8:]))
		o := strs + int(binary.BigEndian.Uint16(t[r+10:]))
		if id != 6 || o+l > len(t) {
			continue
		}
		s := t[o : o+l]
		if platform == 3 || platform == 0 {
			var b []byte
			for j := 1; j < len(s); j += 2 {
				b = append(b, s[j])
			}
			return string(b)
		}
		return string(s)
	}
	return ""
}
