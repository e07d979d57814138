package issuer

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
)

// Types of a status list credential.
const (
	TypeStatusListCredential = "BitstringStatusListCredential"
	TypeStatusList           = "BitstringStatusList"
)

// StatusListStore is what publishing status lists needs from storage.
type StatusListStore interface {
	Issuer(slug string) (*accolade.Profile, error)
	// StatusList returns a list with its bits, or errs.NotFound.
	StatusList(issuer string, purpose accolade.StatusPurpose, n int) (*accolade.StatusList, error)
}

// StatusLists publishes the issuers' status lists as signed
// BitstringStatusListCredentials. A list is signed when asked for, and the
// signed documents are kept while the list's bits and the signing keys
// stay the same, for StatusTTL at most: a status change shows in the next
// answer. It is safe for concurrent use.
type StatusLists struct {
	store StatusListStore
	keys  Signers
	urls  accolade.URLs
	now   func() time.Time
	ttl   time.Duration

	mu    sync.Mutex
	cache map[string]*SignedStatusList // by list URL
}

// StatusListsConfig configures StatusLists; TTL defaults to
// accolade.StatusTTL.
type StatusListsConfig struct {
	Store   StatusListStore
	Keys    Signers
	BaseURL string
	Now     func() time.Time
	TTL     time.Duration
}

// NewStatusLists returns a StatusLists, rejecting incomplete configuration.
func NewStatusLists(cfg StatusListsConfig) (*StatusLists, error) {
	if cfg.Store == nil || cfg.Keys == nil || cfg.Now == nil {
		return nil, errs.E(errs.Invalid, "issuer: status lists need Store, Keys and Now")
	}
	if err := accolade.CheckBaseURL(cfg.BaseURL); err != nil {
		return nil, err
	}
	if cfg.TTL <= 0 {
		cfg.TTL = accolade.StatusTTL
	}
	return &StatusLists{store: cfg.Store, keys: cfg.Keys, urls: accolade.URLs{Base: cfg.BaseURL}, now: cfg.Now,
		ttl: cfg.TTL, cache: map[string]*SignedStatusList{}}, nil
}

// SignedStatusList is one status list credential in both forms.
type SignedStatusList struct {
	JSON       []byte // with its Data Integrity proof (eddsa-rdfc-2022)
	JWT        string // the same credential as a VC-JWT
	ETag       string // a strong validator of JSON, quoted
	JWTETag    string // a strong validator of JWT, quoted
	ValidFrom  time.Time
	ValidUntil time.Time // ValidFrom + 2×TTL: a copy cached for TTL stays valid
	TTL        time.Duration

	content [sha256.Size]byte // bits and signing keys it was signed for
}

// StatusList returns the issuer's status list of the purpose numbered n,
// signed. Errors: errs.NotFound for an unknown issuer or list; the
// keyring's and the signer's errors.
func (l *StatusLists) StatusList(_ context.Context, slug string, purpose accolade.StatusPurpose, n int) (*SignedStatusList, error) {
	p, err := l.store.Issuer(slug)
	if err != nil {
		return nil, err
	}
	list, err := l.store.StatusList(slug, purpose, n)
	if err != nil {
		return nil, err
	}
	ed, err := l.keys.Signer(slug, keys.EdDSA)
	if err != nil {
		return nil, fmt.Errorf("key for the Data Integrity proof of issuer %s: %w", slug, err)
	}
	jwtSigner, err := l.keys.Signer(slug, p.Alg)
	if err != nil {
		return nil, fmt.Errorf("signing key of issuer %s: %w", slug, err)
	}
	if err := checkDIDKey(p, ed); err != nil {
		return nil, err
	}
	url := l.urls.StatusList(slug, purpose, n, "")
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", l.urls.IssuerID(p), ed.KeyID(), jwtSigner.KeyID(), jwtSigner.Algorithm())
	h.Write(list.Bits)
	var content [sha256.Size]byte
	h.Sum(content[:0])

	// One lock around read-compare-sign: a list is signed once per change,
	// and a signature of older bits never replaces a newer one.
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now().UTC().Truncate(time.Second)
	if c := l.cache[url]; c != nil && c.content == content && now.Before(c.ValidFrom.Add(l.ttl)) {
		return c, nil
	}
	signed, err := l.sign(p, list, url, now, ed, jwtSigner)
	if err != nil {
		return nil, err
	}
	signed.content = content
	l.cache[url] = signed
	return signed, nil
}

// sign builds and signs one status list credential.
func (l *StatusLists) sign(p *accolade.Profile, list *accolade.StatusList, url string, now time.Time, ed, jwtSigner keys.Signer) (*SignedStatusList, error) {
	encoded, err := EncodeStatusList(list.Bits)
	if err != nil {
		return nil, err
	}
	until := now.Add(2 * l.ttl)
	issuer := l.urls.IssuerID(p)
	doc := statusListDocument{
		Context:    []string{Contexts[0]},
		ID:         url,
		Type:       []string{"VerifiableCredential", TypeStatusListCredential},
		Issuer:     issuer,
		ValidFrom:  now.Format(time.RFC3339),
		ValidUntil: until.Format(time.RFC3339),
		Subject: statusListSubject{ID: url + "#list", Type: TypeStatusList, StatusPurpose: string(list.Purpose),
			EncodedList: encoded, TTL: l.ttl.Milliseconds()},
	}
	body, err := json.Marshal(doc)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding status list %s", url)
	}
	proven, err := dataintegrity.Sign(body, ed, dataintegrity.Options{
		VerificationMethod: l.urls.VerificationMethod(p, ed.KeyID()), Created: now,
	})
	if err != nil {
		return nil, fmt.Errorf("adding the Data Integrity proof to %s: %w", url, err)
	}
	var claims map[string]any
	if err := json.Unmarshal(body, &claims); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding status list %s", url)
	}
	claims["iss"], claims["jti"], claims["nbf"], claims["exp"] = issuer, url, now.Unix(), until.Unix()
	payload, err := json.Marshal(claims)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding status list %s", url)
	}
	jwt, err := keys.SignJWT(jwtSigner, l.urls.JWTKeyID(p, jwtSigner.KeyID(), jwtSigner.Algorithm()), payload)
	if err != nil {
		return nil, fmt.Errorf("signing status list %s: %w", url, err)
	}
	etag := func(b []byte) string { sum := sha256.Sum256(b); return `"` + hex.EncodeToString(sum[:16]) + `"` }
	return &SignedStatusList{JSON: proven, JWT: jwt, ETag: etag(proven), JWTETag: etag([]byte(jwt)),
		ValidFrom: now, ValidUntil: until, TTL: l.ttl}, nil
}

// statusListDocument is a BitstringStatusListCredential before its proof.
type statusListDocument struct {
	Context    []string          `json:"@context"`
	ID         string            `json:"id"`
	Type       []string          `json:"type"`
	Issuer     string            `json:"issuer"`
	ValidFrom  string            `json:"validFrom"`
	ValidUntil string            `json:"validUntil"`
	Subject    statusListSubject `json:"credentialSubject"`
}

type statusListSubject struct {
	ID            string `json:"id"`
	Type          string `json:"type"`
	StatusPurpose string `json:"statusPurpose"`
	EncodedList   string `json:"encodedList"`
	TTL           int64  `json:"ttl"` // milliseconds
}

// EncodeStatusList returns the encodedList of a bitstring: GZIP, then
// base64url without padding, as a multibase string ("u" prefix). Bit 0 is
// the most significant bit of the first byte.
func EncodeStatusList(bits []byte) (string, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err == nil {
		_, err = zw.Write(bits)
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return "", errs.Wrap(errs.Internal, err, "compressing a status list")
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}
