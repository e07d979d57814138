package accolade

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade/errs"
)

func errsBaseURL(base string) error {
	return errs.Field("base-url", "%q must be an absolute http(s) URL without a trailing slash, such as https://badges.example.org", base)
}

// under returns the part of id after the base URL and prefix, compared
// exactly: ids in credentials (issuer ids, kids, verification methods) are
// strings, not links.
func (u URLs) under(id, prefix string) (string, bool) {
	if u.Base == "" {
		return "", false
	}
	return strings.CutPrefix(id, u.Base+prefix)
}

// IssuerSlug returns the slug of the issuer whose profile URL is id, and
// reports whether id is one.
func (u URLs) IssuerSlug(id string) (string, bool) {
	slug, ok := u.under(id, pathIssuers)
	return slug, ok && ValidSlug(slug)
}

// DIDWebSlug returns the slug of the issuer whose did:web (DIDWeb) is did,
// and reports whether did is one. It does not say whether that issuer uses
// did:web (its IDMode does).
func (u URLs) DIDWebSlug(did string) (string, bool) {
	if u.Base == "" || !strings.HasPrefix(did, "did:web:") {
		return "", false
	}
	probe, err := u.DIDWeb("x")
	if err != nil {
		return "", false
	}
	slug, ok := strings.CutPrefix(did, strings.TrimSuffix(probe, "x"))
	return slug, ok && ValidSlug(slug)
}

// IssuerOf returns the slug of the issuer whose profile URL or did:web is
// id, and reports whether id is either. Whether id is that issuer's id in
// credentials depends on its IDMode: compare with IssuerID.
func (u URLs) IssuerOf(id string) (string, bool) {
	if slug, ok := u.IssuerSlug(id); ok {
		return slug, true
	}
	return u.DIDWebSlug(id)
}

// KeyOf reads a key URL, Key or Multikey: it returns the issuer's slug, the
// key id and the form (KeyJWK or KeyMultikey), and reports whether kid is
// one. DID URLs (<did>#<key id>) are not key URLs: see keys.DIDMethodID.
func (u URLs) KeyOf(kid string) (slug, keyID, form string, ok bool) {
	rest, ok := u.under(kid, pathIssuers)
	if !ok {
		return "", "", "", false
	}
	slug, keyID, ok = strings.Cut(rest, pathKeys)
	if !ok || !ValidSlug(slug) {
		return "", "", "", false
	}
	form = KeyJWK
	if id, multi := strings.CutSuffix(keyID, pathMultikey); multi {
		keyID, form = id, KeyMultikey
	}
	if keyID == "" || strings.ContainsAny(keyID, "/#") {
		return "", "", "", false
	}
	return slug, keyID, form, true
}

// AchievementID returns the id of the achievement whose URL is id, and
// reports whether id is one.
func (u URLs) AchievementID(id string) (string, bool) {
	a, ok := u.under(id, pathAchievements)
	return a, ok && ValidSlug(a)
}

// CredentialFile splits the last segment of a credential URL, <uuid> or
// <uuid>.<form>, into the uuid and the form ("" for the page). It does not
// check either.
func CredentialFile(file string) (uuid, form string) {
	uuid, form, _ = strings.Cut(file, ".")
	return uuid, form
}

// CredentialID returns the credential uuid that link names, and reports
// whether it names one: a "urn:uuid:" credential id, or this service's
// credential page or one of its forms (CredentialForms). A link is compared
// as people paste it: over http or https, the host in any case. The uuid is
// checked for its characters only (letters, digits and '-', at most 64),
// not for being a well-formed uuid.
func (u URLs) CredentialID(link string) (string, bool) {
	l, err := url.Parse(link)
	if err != nil {
		return "", false
	}
	var id string
	switch {
	case l.Scheme == "urn" && strings.HasPrefix(strings.ToLower(l.Opaque), "uuid:"):
		id = l.Opaque[len("uuid:"):]
	case u.Owns(l):
		base, _ := url.Parse(u.Base)
		rest, ok := strings.CutPrefix(l.Path, base.Path+pathCredentials)
		if !ok {
			return "", false
		}
		var form string
		id, form = CredentialFile(rest)
		if form != "" && !slices.Contains(CredentialForms, form) {
			return "", false
		}
	default:
		return "", false
	}
	if id == "" || len(id) > 64 || strings.IndexFunc(id, func(c rune) bool {
		return !(c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9')
	}) >= 0 {
		return "", false
	}
	return id, true
}

// Owns reports whether l is a link into this service: http or https, on the
// base URL's host (in any case) and under its path.
func (u URLs) Owns(l *url.URL) bool {
	if u.Base == "" || (l.Scheme != "http" && l.Scheme != "https") {
		return false
	}
	base, err := url.Parse(u.Base)
	if err != nil {
		return false
	}
	return strings.EqualFold(l.Host, base.Host) &&
		(l.Path == base.Path || strings.HasPrefix(l.Path, base.Path+"/"))
}

// StatusListFile reads the last segment of a status list URL,
// <purpose>-<n> or <purpose>-<n>.jwt: it returns the purpose, the list's
// number and the form ("" or FormJWT), and reports whether file is one.
func StatusListFile(file string) (purpose StatusPurpose, n int, form string, ok bool) {
	name, form, _ := strings.Cut(file, ".")
	if form != "" && form != FormJWT {
		return "", 0, "", false
	}
	p, num, ok := strings.Cut(name, "-")
	if !ok || !slices.Contains(StatusPurposes, StatusPurpose(p)) {
		return "", 0, "", false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || strconv.Itoa(n) != num {
		return "", 0, "", false
	}
	return StatusPurpose(p), n, form, true
}

// StatusListOf reads a status list URL (StatusList): it returns the
// issuer's slug, the purpose, the list's number and the form, and reports
// whether link is one. Like ids in credentials, it is compared exactly.
func (u URLs) StatusListOf(link string) (slug string, purpose StatusPurpose, n int, form string, ok bool) {
	rest, ok := u.under(link, pathStatus)
	if !ok {
		return "", "", 0, "", false
	}
	slug, file, ok := strings.Cut(rest, "/")
	if !ok || !ValidSlug(slug) {
		return "", "", 0, "", false
	}
	purpose, n, form, ok = StatusListFile(file)
	if !ok {
		return "", "", 0, "", false
	}
	return slug, purpose, n, form, true
}

// ImageFile reads the last segment of an image URL, <sha256 hex>.png or
// <sha256 hex>.svg: it returns the hash and the extension, and reports
// whether file is one.
func ImageFile(file string) (hash, ext string, ok bool) {
	hash, ext, ok = strings.Cut(file, ".")
	if !ok || len(hash) != 64 || ImageType(ext) == "" || ext != strings.ToLower(ext) ||
		strings.IndexFunc(hash, func(c rune) bool { return !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') }) >= 0 {
		return "", "", false
	}
	return hash, ext, true
}

// ImageOf reads an image URL (Image): it returns the hash and the
// extension, and reports whether link is one. Like ids in credentials, it
// is compared exactly.
func (u URLs) ImageOf(link string) (hash, ext string, ok bool) {
	file, ok := u.under(link, pathImages)
	if !ok {
		return "", "", false
	}
	return ImageFile(file)
}
