// Package bake reads and writes credentials baked into badge images, as
// Open Badges 3.0 §5.3 (Baking) describes: in a PNG image, an uncompressed
// iTXt chunk with the keyword "openbadgecredential"; in an SVG image, an
// <openbadges:credential> element right after the root <svg> start tag,
// holding a VC-JWT in its verify attribute or the JSON credential in a
// CDATA section. It also reads the credential a PDF certificate carries
// as an embedded file in its /Names /EmbeddedFiles name tree (ReadPDF):
// the JSON credential with its proof, or the VC-JWT.
//
// It owns these file formats only: it does not parse, check or sign the
// credential it carries (package verifier reads what ReadPNG, ReadSVG and
// ReadPDF return), and it draws no image and writes no PDF. Its PDF reader
// follows the catalog to the embedded files and nothing else, with bounds
// on objects, nesting and inflated bytes. It uses only the standard library and
// package errs: encoding/xml, which expands no external entities and
// fetches no DTD.
package bake

import "errors"

// ErrTooLarge is wrapped by the TooLarge error ReadPNG, ReadSVG and ReadPDF return
// when the baked credential is larger than the limit given.
var ErrTooLarge = errors.New("baked credential too large")
