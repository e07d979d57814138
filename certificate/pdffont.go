package certificate

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/tdewolff/font"

	"github.com/accolade-badges/accolade/typeset"
)

// fontSet is the fonts one document uses, in order of first use.
type fontSet struct {
	list []*fontUse
	by   map[*typeset.Face]*fontUse
}

// fontUse is one face as a PDF Type0 font. The glyphs used are renumbered
// in order of first use in the embedded subset. A CID is a glyph with the
// text it stands for: one glyph drawn for two texts (ز alone, and ز with a
// vowel mark that has no glyph of its own) gets two CIDs, so each has its
// ToUnicode entry; the CIDToGIDMap maps CIDs to subset glyphs.
type fontUse struct {
	face   *typeset.Face
	res    string   // resource name, F1…
	gids   []uint16 // original glyph ids in subset order; 0 is .notdef
	subset map[uint16]uint16
	cidGID []uint16 // subset glyph by CID; CID 0 is .notdef
	cids   map[string]uint16
	uni    map[uint16]string
}

func (fs *fontSet) use(f *typeset.Face) *fontUse {
	if u, ok := fs.by[f]; ok {
		return u
	}
	if fs.by == nil {
		fs.by = map[*typeset.Face]*fontUse{}
	}
	u := &fontUse{face: f, res: fmt.Sprintf("F%d", len(fs.list)+1), gids: []uint16{0},
		subset: map[uint16]uint16{0: 0}, cidGID: []uint16{0}, cids: map[string]uint16{}, uni: map[uint16]string{}}
	fs.list = append(fs.list, u)
	fs.by[f] = u
	return u
}

// cid returns the CID of glyph gid standing for text.
func (u *fontUse) cid(gid uint16, text string) uint16 {
	if gid == 0 {
		return 0
	}
	key := string(rune(gid)) + "\x00" + text
	if c, ok := u.cids[key]; ok {
		return c
	}
	sg, ok := u.subset[gid]
	if !ok {
		sg = uint16(len(u.gids))
		u.gids = append(u.gids, gid)
		u.subset[gid] = sg
	}
	c := uint16(len(u.cidGID))
	u.cidGID = append(u.cidGID, sg)
	u.cids[key] = c
	if text != "" {
		u.uni[c] = text
	}
	return c
}

// write embeds the subset font and returns the Type0 font object.
func (u *fontUse) write(w *writer) (int, error) {
	sf, err := font.ParseSFNT(u.face.Data, 0)
	if err != nil {
		return 0, fmt.Errorf("reading font %s: %w", u.face.Name, err)
	}
	sub, err := sf.Subset(u.gids, font.SubsetOptions{Tables: font.KeepPDFTables})
	if err != nil {
		return 0, fmt.Errorf("subsetting font %s: %w", u.face.Name, err)
	}
	data := fixedModified(sub.Write())
	base := u.tag() + "+" + u.face.Name
	k := 1000 / u.face.Upem
	file := w.stream(fmt.Sprintf(" /Length1 %d", len(data)), data, true)
	h := sf.Head
	capHeight := float64(sf.OS2.SCapHeight)
	if capHeight == 0 {
		capHeight = u.face.Ascent * 0.7
	}
	desc := w.add(fmt.Sprintf("<</Type /FontDescriptor /FontName %s /Flags 4 /FontBBox [%s %s %s %s] /ItalicAngle 0 /Ascent %s /Descent %s /CapHeight %s /StemV 80 /FontFile2 %s>>",
		name(base), num(float64(h.XMin)*k), num(float64(h.YMin)*k), num(float64(h.XMax)*k), num(float64(h.YMax)*k),
		num(u.face.Ascent*k), num(-u.face.Descent*k), num(capHeight*k), ref(file)))
	var widths strings.Builder
	cidToGID := make([]byte, 0, 2*len(u.cidGID))
	for c, sg := range u.cidGID {
		if c > 0 {
			widths.WriteByte(' ')
		}
		widths.WriteString(num(math.Round(u.face.GlyphAdvance(u.gids[sg]) * k)))
		cidToGID = binary.BigEndian.AppendUint16(cidToGID, sg)
	}
	cidMap := w.stream("", cidToGID, true)
	cid := w.add(fmt.Sprintf("<</Type /Font /Subtype /CIDFontType2 /BaseFont %s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %s /W [0 [%s]] /CIDToGIDMap %s>>",
		name(base), ref(desc), widths.String(), ref(cidMap)))
	toUni := w.stream("", u.toUnicode(), true)
	return w.add(fmt.Sprintf("<</Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H /DescendantFonts [%s] /ToUnicode %s>>",
		name(base), ref(cid), ref(toUni))), nil
}

// tag is the six-letter subset tag, derived from the face and its glyphs.
func (u *fontUse) tag() string {
	h := sha256.New()
	h.Write([]byte(u.face.Name))
	for _, g := range u.gids {
		h.Write(binary.BigEndian.AppendUint16(nil, g))
	}
	sum := h.Sum(nil)
	t := make([]byte, 6)
	for i := range t {
		t[i] = 'A' + sum[i]%26
	}
	return string(t)
}

// toUnicode is the ToUnicode CMap: each CID to the text of its cluster.
func (u *fontUse) toUnicode() []byte {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var entries []string
	for c := range uint16(len(u.cidGID)) {
		if s, ok := u.uni[c]; ok {
			entries = append(entries, fmt.Sprintf("<%04X> <%s>\n", c, utf16hex(s, false)))
		}
	}
	for len(entries) > 0 {
		n := min(100, len(entries))
		fmt.Fprintf(&b, "%d beginbfchar\n%sendbfchar\n", n, strings.Join(entries[:n], ""))
		entries = entries[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return []byte(b.String())
}

// fixedModified sets the "modified" date in the head table of a TrueType
// font file to its "created" date and corrects the checksums: tdewolff's
// Write stamps the current time there, which would make a certificate's
// bytes (and ETag) change from one second to the next. A file it cannot
// read is returned as it is.
func fixedModified(data []byte) []byte {
	if len(data) < 12 {
		return data
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return data
		}
		if string(data[rec:rec+4]) != "head" {
			continue
		}
		off, length := int(binary.BigEndian.Uint32(data[rec+8:])), int(binary.BigEndian.Uint32(data[rec+12:]))
		if length < 54 || off+length > len(data) {
			return data
		}
		head := data[off : off+length]
		copy(head[28:36], head[20:28])          // modified = created
		binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, recomputed below
		binary.BigEndian.PutUint32(data[rec+4:], checksum(data[off:min(off+(length+3)&^3, len(data))]))
		binary.BigEndian.PutUint32(head[8:], 0xB1B0AFBA-checksum(data))
		return data
	}
	return data
}

// checksum is the TrueType table checksum: the sum of big-endian uint32s,
// the last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
