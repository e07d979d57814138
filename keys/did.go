package keys

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade/errs"
)

// contextMultikey defines Multikey, controller and publicKeyMultibase.
const contextMultikey = "https://w3id.org/security/multikey/v1"

// didContexts are the JSON-LD contexts of a DID document with Multikey and
// JsonWebKey verification methods.
var didContexts = []string{
	"https://www.w3.org/ns/did/v1",
	contextMultikey,
	"https://w3id.org/security/suites/jws-2020/v1",
}

// didWebPrefix starts every did:web identifier.
const didWebPrefix = "did:web:"

// didDocument is the JSON shape DIDDocument writes.
type didDocument struct {
	Context            []string             `json:"@context"`
	ID                 string               `json:"id"`
	VerificationMethod []VerificationMethod `json:"verificationMethod,omitempty"`
	AssertionMethod    []string             `json:"assertionMethod,omitempty"`
}

// DIDDocument returns the DID document (W3C DID Core) of did listing every
// key, oldest first, as verification methods named by [DIDMethodID], each
// also listed (by its full id) under assertionMethod. Every key is a
// "JsonWebKey" method with publicKeyJwk, so that a VC-JWT kid can name it;
// an Ed25519 key is first a "Multikey" method with publicKeyMultibase (id
// did#<key id>, for Data Integrity proofs), then its JsonWebKey form
// (did#<key id>-jwk). Retired keys stay listed, so that credentials they
// signed keep verifying. It returns an Invalid error for an empty did or a
// key it cannot encode.
func DIDDocument(did string, keys []PublicKey) ([]byte, error) {
	if !strings.HasPrefix(did, "did:") {
		return nil, errs.Field("did", "%q is not a DID", did)
	}
	vms, err := VerificationMethods(did, keys, func(p PublicKey, typ string) string {
		return DIDMethodID(did, p.ID, p.Alg, typ)
	}, true)
	if err != nil {
		return nil, err
	}
	doc := didDocument{Context: didContexts, ID: did, VerificationMethod: vms}
	for _, vm := range vms {
		doc.AssertionMethod = append(doc.AssertionMethod, vm.ID)
	}
	return encodeJSON(doc)
}

// DIDWebOf returns the did:web identifier of the document at the path
// segments below baseURL: the host, its port percent-encoded, then the path
// segments of baseURL and the given segments, joined by ':'. So
// "https://example.org:8443/x" with "issuers" and "default" give
// "did:web:example.org%3A8443:x:issuers:default", which resolves to
// https://example.org:8443/x/issuers/default/did.json. (The layout of the
// service's URLs, "issuers" included, is accolade.URLs's.) It returns an
// Invalid error for a base URL that is not an absolute http(s) URL with a
// host name and nothing after its path, and for a segment that is not a
// plain path segment. (did:web always resolves over https; an http base URL
// is accepted for local development.)
func DIDWebOf(baseURL string, segments ...string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return "", errs.Field("baseURL", "%q is not a URL", baseURL)
	}
	if err := checkBaseURL(u); err != nil {
		return "", err
	}
	if len(segments) == 0 {
		return "", errs.Field("issuer", "no path segments")
	}
	for _, seg := range segments {
		if err := checkSlug(seg); err != nil {
			return "", err
		}
	}
	id := strings.ToLower(u.Hostname())
	if port := u.Port(); port != "" {
		id += "%3A" + port
	}
	for _, seg := range strings.Split(strings.Trim(u.EscapedPath(), "/"), "/") {
		if seg == "" {
			continue
		}
		raw, err := pathSegment(seg)
		if err != nil {
			return "", errs.Field("baseURL", "%q: %v", baseURL, err)
		}
		id += ":" + escapeIDChars(raw)
	}
	return didWebPrefix + id + ":" + strings.Join(segments, ":"), nil
}

// pathSegment decodes one percent-encoded path segment and checks that it
// is not empty, "." or "..", and holds no '/'.
func pathSegment(seg string) (string, error) {
	raw, err := url.PathUnescape(seg)
	switch {
	case err != nil:
		return "", errs.E(errs.Invalid, "bad percent-encoding in path segment %q", seg)
	case raw == "" || raw == "." || raw == ".." || strings.Contains(raw, "/"):
		return "", errs.E(errs.Invalid, "path segment %q is empty, a dot segment, or holds a '/'", seg)
	}
	return raw, nil
}

// escapeIDChars percent-encodes every byte of s that is not a DID idchar
// (ALPHA, DIGIT, '.', '-', '_').
func escapeIDChars(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if isAlnum(c) || c == '.' || c == '-' || c == '_' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// checkBaseURL reports an Invalid error unless u can be the base of a did:web.
func checkBaseURL(u *url.URL) error {
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return errs.Field("baseURL", "%q: want an http or https URL", u.Redacted())
	case u.User != nil:
		return errs.Field("baseURL", "%q: must not contain user information", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return errs.Field("baseURL", "%q: must not have a query or fragment", u.Redacted())
	case strings.Contains(u.EscapedPath(), "//"):
		return errs.Field("baseURL", "%q: path has an empty segment", u.Redacted())
	}
	return checkHost(u.Hostname(), u.Port())
}

// checkHost reports an Invalid error unless host is a DNS name or an IPv4
// address (did:web cannot carry an IPv6 literal) and port, when set, is a
// TCP port number.
func checkHost(host, port string) error {
	if host == "" {
		return errs.Field("host", "is empty")
	}
	if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		return errs.Field("host", "%q: did:web cannot name an IPv6 address", host)
	}
	if len(host) > 253 {
		return errs.Field("host", "%q: longer than 253 characters", host)
	}
	for _, label := range strings.Split(host, ".") {
		if !validLabel(label) {
			return errs.Field("host", "%q: label %q must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen", host, label)
		}
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || port[0] == '0' {
			return errs.Field("port", "%q: want a number from 1 to 65535", port)
		}
	}
	return nil
}

// validLabel reports whether s is a DNS label (letters, digits, hyphens).
func validLabel(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, c := range []byte(s) {
		if !isAlnum(c) && c != '-' {
			return false
		}
	}
	return true
}

// checkSlug reports an Invalid error unless slug is 1 to 128 ASCII
// letters, digits, '-', '.' or '_' (characters valid both in a URL path
// segment and in a DID), and not "." or "..".
func checkSlug(slug string) error {
	if slug == "" || slug == "." || slug == ".." || len(slug) > 128 {
		return errs.Field("issuer", "%q: want 1 to 128 letters, digits, '-', '.' or '_'", slug)
	}
	for _, c := range []byte(slug) {
		if !isAlnum(c) && c != '-' && c != '.' && c != '_' {
			return errs.Field("issuer", "%q: character %q not allowed: want letters, digits, '-', '.' or '_'", slug, c)
		}
	}
	return nil
}

// isAlnum reports whether c is an ASCII letter or digit.
func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// DIDWebURL returns the HTTPS URL of the DID document of a did:web
// identifier (W3C did:web method, "Read (Resolve)"): the first
// ':'-separated part is the host, with an optional port encoded as %3A; the
// others are path segments. With no path it is
// https://host[:port]/.well-known/did.json, otherwise
// https://host[:port]/seg/.../did.json. A fragment ("#key-1") is ignored, so
// a verification method ID may be passed. It returns an Invalid error for
// any other method, a query or path, a bad host or port, or an empty or
// dot segment.
func DIDWebURL(did string) (string, error) {
	did, _, _ = strings.Cut(did, "#")
	rest, ok := strings.CutPrefix(did, didWebPrefix)
	if !ok {
		return "", errs.Field("did", "%q is not a did:web", did)
	}
	if strings.ContainsAny(rest, "/?") {
		return "", errs.Field("did", "%q: a did:web has no path or query", did)
	}
	parts := strings.Split(rest, ":")
	hostport, err := url.PathUnescape(parts[0])
	if err != nil {
		return "", errs.Field("did", "%q: bad percent-encoding in host", did)
	}
	host, port, hasPort := strings.Cut(hostport, ":")
	if hasPort && port == "" {
		return "", errs.Field("did", "%q: empty port", did)
	}
	if err := checkHost(host, port); err != nil {
		return "", errs.Wrap(errs.Invalid, err, "did %q", did)
	}
	path := "/.well-known"
	if len(parts) > 1 {
		path = ""
		for _, p := range parts[1:] {
			seg, err := pathSegment(p)
			if err != nil {
				return "", errs.Field("did", "%q: %v", did, err)
			}
			path += "/" + url.PathEscape(seg)
		}
	}
	return "https://" + strings.ToLower(hostport) + path + "/did.json", nil
}
