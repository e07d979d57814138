// Package qr reads the QR code in a photo or scan of a printed
// certificate: a JPEG or PNG image in, the text of the first QR code it
// finds out (for Accolade's certificates, the credential page's URL).
//
// It owns decoding the image and finding the code, with bounds: the
// image's size is read from its header before any pixel is decoded, and an
// image of more pixels than the caller allows is refused; big photos are
// searched at reduced sizes first; at most two images are decoded at
// once. The code itself is read by github.com/makiuchi-d/gozxing, a Go
// port of ZXing.
//
// It does not follow, fetch or check what the code says: package verifier
// verifies a URL it returns exactly as any other link. It writes no QR
// codes.
package qr
