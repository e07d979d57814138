package verifier

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"io"

	"github.com/accolade-badges/accolade/errs"
)

// pngKeyword is the iTXt keyword of a baked Open Badges 3.0 credential.
const pngKeyword = "openbadgecredential"

// extractPNG returns the text of the iTXt chunk with keyword
// "openbadgecredential" in a PNG image. The chunk is normally uncompressed
// (compression flag 0); a compressed one is inflated, up to limit bytes. It
// returns an Invalid error when the image is malformed, has no such chunk
// or has more than one, and TooLarge when the inflated text exceeds limit.
func extractPNG(img []byte, limit int64) ([]byte, error) {
	if !bytes.HasPrefix(img, pngSignature) {
		return nil, errs.E(errs.Invalid, "This is not a PNG image.")
	}
	var found []byte
	for rest := img[len(pngSignature):]; len(rest) > 0; {
		if len(rest) < 12 {
			return nil, errs.E(errs.Invalid, "The PNG image is cut short.")
		}
		n := binary.BigEndian.Uint32(rest)
		typ := rest[4:8]
		if uint64(n) > uint64(len(rest)-12) {
			return nil, errs.E(errs.Invalid, "The PNG image is cut short.")
		}
		data, crc := rest[8:8+n], binary.BigEndian.Uint32(rest[8+n:])
		rest = rest[12+n:]
		if string(typ) == "IEND" {
			break
		}
		if string(typ) != "iTXt" || !bytes.HasPrefix(data, []byte(pngKeyword+"\x00")) {
			continue
		}
		if crc32.Update(crc32.ChecksumIEEE(typ), crc32.IEEETable, data) != crc {
			return nil, errs.E(errs.Invalid, "The credential in the PNG image is damaged (its checksum does not match).")
		}
		if found != nil {
			return nil, errs.E(errs.Invalid, "The PNG image holds more than one baked credential, so it is not clear which one to check.")
		}
		text, err := itxtText(data, limit)
		if err != nil {
			return nil, err
		}
		found = text
	}
	if found == nil {
		return nil, errs.E(errs.Invalid, "The PNG image has no baked credential (no %q iTXt chunk).", pngKeyword)
	}
	return found, nil
}

// itxtText returns the text of an iTXt chunk's data: keyword NUL,
// compression flag, compression method, language tag NUL, translated
// keyword NUL, text.
func itxtText(data []byte, limit int64) ([]byte, error) {
	bad := errs.E(errs.Invalid, "The baked credential chunk in the PNG image is malformed.")
	rest := data[len(pngKeyword)+1:]
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
		return nil, &errs.Error{Kind: errs.TooLarge, Err: ErrTooLarge,
			Msg: "The compressed credential in the PNG image unpacks to more than " + sizeString(limit) + "."}
	}
	return text, nil
}
