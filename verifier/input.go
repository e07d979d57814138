package verifier

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"github.com/accolade-badges/accolade/bake"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/qr"
)

// Formats DetectFormat reports. Baked images and PDFs combine with the
// format of the credential inside ("png+jwt", "pdf+json"), and VerifyURL
// prefixes "url+". A photo's QR code adds FormatQR and the link it holds:
// "jpeg+qr-code+url+jwt".
const (
	FormatJWT  = "jwt"
	FormatJSON = "json"
	FormatPNG  = "png"
	FormatSVG  = "svg"
	FormatPDF  = "pdf"
	FormatJPEG = "jpeg"
	FormatURL  = "url"
	FormatQR   = "qr-code"
)

// MaxFileBytes bounds a PDF, JPEG or PNG input given directly (a PDF
// certificate, a photo of a printed one), when it is larger than the
// verifier's input limit, which still bounds the credential inside;
// MaxPhotoPixels bounds a photo's decoded size. Other inputs, and anything
// fetched, keep the verifier's limit.
const (
	MaxFileBytes   = 12 << 20
	MaxPhotoPixels = qr.DefaultMaxPixels
)

// DetectFormat reports the format of input: FormatPNG, FormatSVG,
// FormatPDF, FormatJPEG, FormatJWT or FormatJSON, or "" when it is none of
// them. A specific contentType decides; an empty or generic one
// (text/plain, application/octet-stream, or one it does not know) makes it
// look at the bytes: the PNG, PDF ("%PDF-") or JPEG signature, an XML
// declaration or <svg> element, a JSON object, or a compact JWS (three
// base64url parts separated by dots).
func DetectFormat(input []byte, contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch strings.ToLower(mt) {
	case "image/png":
		return FormatPNG
	case "image/svg+xml":
		return FormatSVG
	case "application/pdf":
		return FormatPDF
	case "image/jpeg", "image/jpg", "image/pjpeg":
		return FormatJPEG
	case "application/jwt", "application/vc+jwt", "application/vc-ld+jwt", "application/vc+sd-jwt":
		return FormatJWT
	case "application/json", "application/ld+json", "application/vc+ld+json", "application/vc":
		return FormatJSON
	}
	return sniff(input)
}

// sniff guesses the format from the bytes alone.
func sniff(input []byte) string {
	switch {
	case bake.IsPNG(input):
		return FormatPNG
	case bytes.HasPrefix(input, []byte("\xff\xd8\xff")):
		return FormatJPEG
	case bake.IsPDF(input):
		return FormatPDF
	}
	s := bytes.TrimSpace(bytes.TrimPrefix(input, []byte("\xef\xbb\xbf")))
	switch {
	case len(s) == 0:
		return ""
	case s[0] == '{':
		return FormatJSON
	case s[0] == '<':
		head := s[:min(len(s), 4096)]
		if bytes.HasPrefix(head, []byte("<?xml")) || bytes.Contains(head, []byte("<svg")) {
			return FormatSVG
		}
		return ""
	case looksLikeJWS(s):
		return FormatJWT
	}
	return ""
}

// looksLikeJWS reports whether s has the shape of a compact JWS: three
// non-empty-header parts of base64url characters separated by dots.
func looksLikeJWS(s []byte) bool {
	if bytes.Count(s, []byte(".")) != 2 || s[0] == '.' {
		return false
	}
	for _, c := range s {
		if !(c == '.' || c == '-' || c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// extracted is a credential found in an input: its bytes and format
// (FormatJWT or FormatJSON), and the container it came in ("png", "svg",
// "pdf" or "" when the input was the credential itself).
type extracted struct {
	container string
	inner     string
	data      []byte
}

// format is the verdict's format: "jwt", "png+jwt", ...
func (e extracted) format() string {
	if e.container == "" {
		return e.inner
	}
	return e.container + "+" + e.inner
}

// describe says in words what was read.
func (e extracted) describe() string {
	what := map[string]string{FormatJWT: "a VC-JWT (a signed JSON Web Token)", FormatJSON: "a JSON credential"}[e.inner]
	switch e.container {
	case FormatPNG:
		return "Found " + what + " baked into a PNG badge image."
	case FormatSVG:
		return "Found " + what + " baked into an SVG badge image."
	case FormatPDF:
		return "Found " + what + " embedded in a PDF certificate."
	}
	return "Read " + what + "."
}

// extract finds the credential in input of the given format. limit bounds
// the size of anything it inflates. It returns an Invalid error saying what
// is wrong when there is no credential to be found.
func extract(format string, input []byte, limit int64) (extracted, error) {
	e := extracted{inner: format}
	var err error
	switch format {
	case FormatJWT, FormatJSON:
		e.data = bytes.TrimSpace(input)
		return e, nil
	case FormatPNG:
		e.container = FormatPNG
		e.data, err = bake.ReadPNG(input, limit)
	case FormatSVG:
		e.container = FormatSVG
		e.data, err = bake.ReadSVG(input, limit)
	case FormatPDF:
		e.container = FormatPDF
		e.data, err = bake.ReadPDF(input, limit)
	case FormatJPEG:
		e.container = FormatJPEG
		err = errs.E(errs.Invalid, "A JPEG image holds no credential itself; only a QR code in it can lead to one.")
	default:
		return e, errs.E(errs.Invalid, "This is not a credential: expected a VC-JWT, a JSON credential, a PNG or SVG badge image, a PDF certificate, or a photo of a certificate's QR code.")
	}
	if err != nil {
		return e, err
	}
	e.data = bytes.TrimSpace(e.data)
	switch {
	case len(e.data) > 0 && e.data[0] == '{':
		e.inner = FormatJSON
	case looksLikeJWS(e.data):
		e.inner = FormatJWT
	default:
		what := "badge image"
		if e.container == FormatPDF {
			what = "PDF"
		}
		return e, errs.E(errs.Invalid, "The %s carries something that is neither a VC-JWT nor a JSON credential.", what)
	}
	return e, nil
}

// Extract returns the credential in input, as Verify reads it: a VC-JWT
// or JSON credential as it is, the one baked into a PNG or SVG image, or
// the one embedded in a PDF. It does not follow a QR code. It returns an
// Invalid error saying what is wrong when there is none.
func Extract(input []byte, contentType string) ([]byte, error) {
	if int64(len(input)) > DefaultMaxInputBytes {
		return nil, errs.E(errs.Invalid, "the input is larger than %s", errs.Size(DefaultMaxInputBytes))
	}
	e, err := extract(DetectFormat(input, contentType), input, DefaultMaxInputBytes)
	return e.data, err
}

// verifyInput verifies input, recording the format with the given prefix
// ("" or "url"). Only an input given directly (prefix "") is searched for
// a QR code: a link never leads to another link.
func (v *Verifier) verifyInput(ctx context.Context, r *report, input []byte, contentType, prefix string) {
	join := func(f string) string {
		if prefix == "" || f == "" {
			return prefix + f
		}
		return prefix + "+" + f
	}
	format := DetectFormat(input, contentType)
	limit := v.maxInput
	photo := prefix == "" && (format == FormatJPEG || format == FormatPNG && !hasBakedChunk(input))
	if prefix == "" && (format == FormatPDF || format == FormatJPEG || format == FormatPNG) {
		limit = max(limit, MaxFileBytes)
	}
	if int64(len(input)) > limit {
		r.Format = prefix
		r.add(CheckFormat, Fail, "The input is %s, more than the %s this service accepts.", errs.Size(int64(len(input))), errs.Size(limit))
		return
	}
	if photo {
		v.verifyPhoto(ctx, r, input, format)
		return
	}
	e, err := extract(format, input, v.maxInput)
	if err != nil {
		r.Format = join(e.container)
		r.add(CheckFormat, Fail, "%s", message(err))
		return
	}
	r.Format = join(e.format())
	r.add(CheckFormat, Pass, "%s", e.describe())
	if e.inner == FormatJWT {
		v.verifyJWT(ctx, r, e.data)
	} else {
		v.verifyJSON(ctx, r, e.data)
	}
}

// hasBakedChunk reports whether a PNG image has an iTXt chunk with the
// baked-credential keyword, well formed or not: such an image is read as a
// badge, and never searched for a QR code instead.
func hasBakedChunk(img []byte) bool {
	return bytes.Contains(img, []byte("iTXt"+bake.PNGKeyword+"\x00"))
}

// verifyPhoto verifies what the QR code in a photo or scan (a JPEG, or a
// PNG without a baked credential) leads to: a link, verified exactly as
// VerifyURL does (this service's credential pages from Local, anything
// else through the safe fetcher), or a credential the code holds itself.
func (v *Verifier) verifyPhoto(ctx context.Context, r *report, img []byte, format string) {
	r.Format = format
	what := map[string]string{FormatJPEG: "JPEG image", FormatPNG: "PNG image"}[format]
	text, err := qr.Decode(img, MaxPhotoPixels)
	switch {
	case errors.Is(err, qr.ErrNoCode):
		r.add(CheckFormat, Fail, "This image holds no credential and no QR code we could read.")
		return
	case errors.Is(err, qr.ErrNotImage) && format == FormatPNG:
		// A broken PNG: say what is broken, as for a badge.
		if _, perr := bake.ReadPNG(img, v.maxInput); perr != nil {
			err = perr
		}
		r.add(CheckFormat, Fail, "%s", message(err))
		return
	case err != nil:
		r.add(CheckFormat, Fail, "%s", message(err))
		return
	}
	r.Format += "+" + FormatQR
	text = strings.TrimSpace(text)
	found := fmt.Sprintf("Found a QR code in the %s", what)
	if u, err := url.Parse(text); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		at := len(r.Checks)
		v.verifyURL(ctx, r, text, r.Format+"+"+FormatURL)
		r.prefixCheck(at, found+", linking to "+text+".")
		return
	}
	if f := sniff([]byte(text)); f == FormatJWT || f == FormatJSON {
		at := len(r.Checks)
		v.verifyInput(ctx, r, []byte(text), "", r.Format)
		r.prefixCheck(at, found+".")
		return
	}
	r.add(CheckFormat, Fail, "The QR code in the %s holds %q, which is neither a web link nor a credential.", what, truncate(text, 80))
}

// prefixCheck puts words before the message of the format check at index
// at: a photo's format check says what the QR code held, then what it led
// to.
func (r *report) prefixCheck(at int, words string) {
	if at < len(r.Checks) && r.Checks[at].Check == CheckFormat {
		r.Checks[at].Message = words + " " + r.Checks[at].Message
	}
}

// truncate shortens s to at most n runes, marking the cut with "…".
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// VerifyURL verifies the credential at rawURL. A credential page of this
// service (BaseURL+"/credentials/{uuid}", with or without an extension) or
// a "urn:uuid:" id is answered from Local without the network; any other
// http(s) URL is fetched with the safe client (JSON or JWT preferred; the
// response's content type decides the format, else the bytes do).
func (v *Verifier) VerifyURL(ctx context.Context, rawURL string) Verdict {
	r := &report{}
	v.verifyURL(ctx, r, rawURL, FormatURL)
	v.checkEndorsements(ctx, r) // endorsement.go
	return r.finish()
}

// verifyURL is VerifyURL into r, recording the format with the given
// prefix ("url", or "jpeg+qr-code+url" for a photo's QR code).
func (v *Verifier) verifyURL(ctx context.Context, r *report, rawURL, prefix string) {
	r.Format = prefix
	rawURL = strings.TrimSpace(rawURL)
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" {
		r.add(CheckFormat, Fail, "%q is not a link.", rawURL)
		return
	}
	if id, ok := v.urls.CredentialID(rawURL); ok {
		data, found := v.local.Credential(ctx, id)
		if !found {
			r.add(CheckFormat, Fail, "This service has no credential %s.", id)
			return
		}
		v.verifyInput(ctx, r, data, "application/jwt", prefix)
		return
	}
	if v.own(u) {
		r.add(CheckFormat, Fail, "This link points to this service, but not to a credential page (/credentials/...).")
		return
	}
	body, ct, err := v.fetch.get(ctx, rawURL, acceptCredential, v.maxInput)
	if err != nil {
		r.add(CheckFormat, Fail, "The link could not be followed: %s.", message(err))
		return
	}
	v.verifyInput(ctx, r, body, ct, prefix)
}

// acceptCredential is the Accept header of a credential fetch.
const acceptCredential = "application/vc+ld+json, application/vc+jwt;q=0.9, application/jwt;q=0.9, " +
	"application/json;q=0.8, text/plain;q=0.5, image/png;q=0.4, image/svg+xml;q=0.4, application/pdf;q=0.3"

// own reports whether u is on this service's base URL (http or https).
func (v *Verifier) own(u *url.URL) bool { return v.urls.Owns(u) }
