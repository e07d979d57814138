// Package certificate draws a credential as a one-page PDF certificate in
// any script, and attaches the signed credential to it.
//
// It writes the PDF itself (PDF 1.7): Type0 fonts with CIDFontType2
// descendants holding embedded TrueType subsets, widths and a ToUnicode
// map; text shaped by package typeset, each left-to-right run marked with
// its ActualText; images (PNG with an alpha soft mask, JPEG as is); the QR
// code of the verification address as vector rectangles; a link on the
// address; the credential JSON and VC-JWT as embedded files (associated
// files, relationship Source). Output is deterministic: no clock, no
// random, the document /ID a hash of its content.
//
// The words come from labels/<lang>.json (see labels/README.md), the look
// from a Design. certificate knows nothing of the store or HTTP: server
// and cmd build a Certificate from a stored credential.
package certificate
