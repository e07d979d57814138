// Package bake reads and writes credentials baked into badge images, as
// Open Badges 3.0 §5.3 (Baking) describes: in a PNG image, an uncompressed
// iTXt chunk with the keyword "openbadgecredential"; in an SVG image, an
// <openbadges:credential> element right after the root <svg> start tag,
// holding a VC-JWT in its verify attribute or the JSON credential in a
// CDATA section.
//
// It owns the image formats only: it does not parse, check or sign the
// credential it carries (package verifier reads what ReadPNG and ReadSVG
// return), and it draws no image. It uses only the standard library and
// package errs: encoding/xml, which expands no external entities and
// fetches no DTD.
package bake

import (
	"errors"
	"fmt"
)

// ErrTooLarge is wrapped by the TooLarge error ReadPNG and ReadSVG return
// when the baked credential is larger than the limit given.
var ErrTooLarge = errors.New("baked credential too large")

// sizeString formats a byte count for people ("2 MiB", "256 KiB").
func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
