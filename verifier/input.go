package verifier

import (
	"bytes"
	"context"
	"mime"
	"net/url"
	"strings"

	"github.com/accolade-badges/accolade/bake"
	"github.com/accolade-badges/accolade/errs"
)

// Formats DetectFormat reports. Baked images combine with the format of the
// credential inside ("png+jwt"), and VerifyURL prefixes "url+".
const (
	FormatJWT  = "jwt"
	FormatJSON = "json"
	FormatPNG  = "png"
	FormatSVG  = "svg"
	FormatURL  = "url"
)

// DetectFormat reports the format of input: FormatPNG, FormatSVG, FormatJWT
// or FormatJSON, or "" when it is none of them. A specific contentType
// decides; an empty or generic one (text/plain, application/octet-stream,
// or one it does not know) makes it look at the bytes: the PNG signature,
// an XML declaration or <svg> element, a JSON object, or a compact JWS
// (three base64url parts separated by dots).
func DetectFormat(input []byte, contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch strings.ToLower(mt) {
	case "image/png":
		return FormatPNG
	case "image/svg+xml":
		return FormatSVG
	case "application/jwt", "application/vc+jwt", "application/vc-ld+jwt", "application/vc+sd-jwt":
		return FormatJWT
	case "application/json", "application/ld+json", "application/vc+ld+json", "application/vc":
		return FormatJSON
	}
	return sniff(input)
}

// sniff guesses the format from the bytes alone.
func sniff(input []byte) string {
	if bake.IsPNG(input) {
		return FormatPNG
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
// (FormatJWT or FormatJSON), and the container it came in ("png", "svg" or
// "" when the input was the credential itself).
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
	default:
		return e, errs.E(errs.Invalid, "This is not a credential: expected a VC-JWT, a JSON credential, or a PNG or SVG badge image.")
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
		return e, errs.E(errs.Invalid, "The badge image carries something that is neither a VC-JWT nor a JSON credential.")
	}
	return e, nil
}

// Extract returns the credential in input, as Verify reads it: a VC-JWT
// or JSON credential as it is, or the one baked into a PNG or SVG image. It
// returns an Invalid error saying what is wrong when there is none.
func Extract(input []byte, contentType string) ([]byte, error) {
	if int64(len(input)) > DefaultMaxInputBytes {
		return nil, errs.E(errs.Invalid, "the input is larger than %s", sizeString(DefaultMaxInputBytes))
	}
	e, err := extract(DetectFormat(input, contentType), input, DefaultMaxInputBytes)
	return e.data, err
}

// verifyInput verifies input, recording the format with the given prefix
// ("" or "url").
func (v *Verifier) verifyInput(ctx context.Context, r *report, input []byte, contentType, prefix string) {
	join := func(f string) string {
		if prefix == "" || f == "" {
			return prefix + f
		}
		return prefix + "+" + f
	}
	if int64(len(input)) > v.maxInput {
		r.Format = prefix
		r.add(CheckFormat, Fail, "The input is %s, more than the %s this service accepts.", sizeString(int64(len(input))), sizeString(v.maxInput))
		return
	}
	e, err := extract(DetectFormat(input, contentType), input, v.maxInput)
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

// VerifyURL verifies the credential at rawURL. A credential page of this
// service (BaseURL+"/credentials/{uuid}", with or without an extension) or
// a "urn:uuid:" id is answered from Local without the network; any other
// http(s) URL is fetched with the safe client (JSON or JWT preferred; the
// response's content type decides the format, else the bytes do).
func (v *Verifier) VerifyURL(ctx context.Context, rawURL string) Verdict {
	r := &report{Verdict: Verdict{Format: FormatURL}}
	rawURL = strings.TrimSpace(rawURL)
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" {
		r.add(CheckFormat, Fail, "%q is not a link.", rawURL)
		return r.finish()
	}
	if id, ok := v.urls.CredentialID(rawURL); ok {
		data, found := v.local.Credential(ctx, id)
		if !found {
			r.add(CheckFormat, Fail, "This service has no credential %s.", id)
			return r.finish()
		}
		v.verifyInput(ctx, r, data, "application/jwt", FormatURL)
		return r.finish()
	}
	if v.own(u) {
		r.add(CheckFormat, Fail, "This link points to this service, but not to a credential page (/credentials/...).")
		return r.finish()
	}
	body, ct, err := v.fetch.get(ctx, rawURL, acceptCredential, v.maxInput)
	if err != nil {
		r.add(CheckFormat, Fail, "The link could not be followed: %s.", message(err))
		return r.finish()
	}
	v.verifyInput(ctx, r, body, ct, FormatURL)
	return r.finish()
}

// acceptCredential is the Accept header of a credential fetch.
const acceptCredential = "application/vc+ld+json, application/vc+jwt;q=0.9, application/jwt;q=0.9, " +
	"application/json;q=0.8, text/plain;q=0.5, image/png;q=0.4, image/svg+xml;q=0.4"

// own reports whether u is on this service's base URL (http or https).
func (v *Verifier) own(u *url.URL) bool { return v.urls.Owns(u) }
