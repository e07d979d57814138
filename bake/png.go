package bake

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"io"

	"github.com/accolade-badges/accolade/errs"
)

// PNGKeyword is the iTXt keyword of a baked Open Badges 3.0 credential.
const PNGKeyword = "openbadgecredential"

// pngSignature starts every PNG file.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// IsPNG reports whether b starts with the PNG signature.
func IsPNG(b []byte) bool { return bytes.HasPrefix(b, pngSignature) }

// pngChunk is one chunk of a PNG image: its type, its data, and the whole
// chunk as it appears in the file (length, type, data, CRC).
type pngChunk struct {
	typ  string
	data []byte
	raw  []byte
	crc  uint32
}

// pngChunks splits a PNG image into its chunks up to and including IEND,
// and returns what follows IEND (nil when there is no IEND chunk). It
// returns an Invalid error when img is not a PNG image or a chunk is cut
// short.
func pngChunks(img []byte) (chunks []pngChunk, trailer []byte, err error) {
	if !IsPNG(img) {
		return nil, nil, errs.E(errs.Invalid, "This is not a PNG image.")
	}
	short := errs.E(errs.Invalid, "The PNG image is cut short.")
	for rest := img[len(pngSignature):]; len(rest) > 0; {
		if len(rest) < 12 {
			return nil, nil, short
		}
		n := binary.BigEndian.Uint32(rest)
		if uint64(n) > uint64(len(rest)-12) {
			return nil, nil, short
		}
		c := pngChunk{typ: string(rest[4:8]), data: rest[8 : 8+n], raw: rest[:12+n], crc: binary.BigEndian.Uint32(rest[8+n:])}
		chunks, rest = append(chunks, c), rest[12+n:]
		if c.typ == "IEND" {
			return chunks, rest, nil
		}
	}
	return chunks, nil, nil
}

// isCredential reports whether c is an iTXt chunk with keyword
// PNGKeyword.
func (c pngChunk) isCredential() bool {
	return c.typ == "iTXt" && bytes.HasPrefix(c.data, []byte(PNGKeyword+"\x00"))
}

// ReadPNG returns the text of the iTXt chunk with keyword
// "openbadgecredential" in a PNG image. The chunk is normally uncompressed
// (compression flag 0); a compressed one is inflated, up to limit bytes. It
// returns an Invalid error when the image is malformed, has no such chunk
// or has more than one, and a TooLarge error wrapping ErrTooLarge when the
// inflated text exceeds limit.
func ReadPNG(img []byte, limit int64) ([]byte, error) {
	chunks, _, err := pngChunks(img)
	if err != nil {
		return nil, err
	}
	var found []byte
	for _, c := range chunks {
		if !c.isCredential() {
			continue
		}
		if crc32.Update(crc32.ChecksumIEEE([]byte(c.typ)), crc32.IEEETable, c.data) != c.crc {
			return nil, errs.E(errs.Invalid, "The credential in the PNG image is damaged (its checksum does not match).")
		}
		if found != nil {
			return nil, errs.E(errs.Invalid, "The PNG image holds more than one baked credential, so it is not clear which one to check.")
		}
		if found, err = itxtText(c.data, limit); err != nil {
			return nil, err
		}
	}
	if found == nil {
		return nil, errs.E(errs.Invalid, "The PNG image has no baked credential (no %q iTXt chunk).", PNGKeyword)
	}
	return found, nil
}

// itxtText returns the text of an iTXt chunk's data: keyword NUL,
// compression flag, compression method, language tag NUL, translated
// keyword NUL, text.
func itxtText(data []byte, limit int64) ([]byte, error) {
	bad := errs.E(errs.Invalid, "The baked credential chunk in the PNG image is malformed.")
	rest := data[len(PNGKeyword)+1:]
	if len(rest) < 2 {
		return nil, bad
	}
	compressed, method := rest[0], rest[1]
	rest = rest[2:]
	for range 2 { // language tag, translated keyword
		i := bytes.IndexByte(rest, 0)
		if i < 0 {
			return nil, bad
		}
		rest = rest[i+1:]
	}
	switch {
	case compressed == 0:
		if int64(len(rest)) > limit {
			return nil, tooLarge("The credential in the PNG image is larger than " + errs.Size(limit) + ".")
		}
		return rest, nil
	case compressed != 1 || method != 0:
		return nil, bad
	}
	zr, err := zlib.NewReader(bytes.NewReader(rest))
	if err != nil {
		return nil, bad
	}
	defer zr.Close()
	text, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, bad
	}
	if int64(len(text)) > limit {
		return nil, tooLarge("The compressed credential in the PNG image unpacks to more than " + errs.Size(limit) + ".")
	}
	return text, nil
}

func tooLarge(msg string) error {
	return errs.Sentinel(errs.TooLarge, ErrTooLarge, "%s", msg)
}

// PNG returns img with credential (a VC-JWT or the JSON credential) baked
// in: an uncompressed iTXt chunk with keyword "openbadgecredential" just
// before IEND, replacing any such chunk img already has. The other chunks
// are copied unchanged. It returns an Invalid error when img is not a
// well-formed PNG image or credential is empty.
func PNG(img []byte, credential string) ([]byte, error) {
	if credential == "" {
		return nil, errs.E(errs.Invalid, "there is no credential to bake")
	}
	chunks, trailer, err := pngChunks(img)
	if err != nil {
		return nil, err
	}
	if len(chunks) == 0 || chunks[len(chunks)-1].typ != "IEND" {
		return nil, errs.E(errs.Invalid, "The PNG image is cut short (it has no IEND chunk).")
	}
	var b bytes.Buffer
	b.Grow(len(img) + len(credential) + 32)
	b.Write(pngSignature)
	for _, c := range chunks {
		switch {
		case c.isCredential():
			continue
		case c.typ == "IEND":
			writeChunk(&b, "iTXt", credentialITXt(credential))
		}
		b.Write(c.raw)
	}
	b.Write(trailer)
	return b.Bytes(), nil
}

// credentialITXt is the data of an uncompressed iTXt chunk holding text:
// keyword NUL, compression flag 0, method 0, empty language tag NUL, empty
// translated keyword NUL, text.
func credentialITXt(text string) []byte {
	data := make([]byte, 0, len(PNGKeyword)+5+len(text))
	data = append(data, PNGKeyword...)
	data = append(data, 0, 0, 0, 0, 0)
	return append(data, text...)
}

// writeChunk writes one PNG chunk with its CRC.
func writeChunk(b *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	b.WriteString(typ)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc32.Update(crc32.ChecksumIEEE([]byte(typ)), crc32.IEEETable, data))
	b.Write(n[:])
}
