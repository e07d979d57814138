package issuer

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ob3"
)

// Store is what issuing needs from storage.
type Store interface {
	Issuer(slug string) (*accolade.Profile, error)
	// AchievementDefinition returns an achievement as credentials show it.
	AchievementDefinition(id string) (*accolade.Achievement, error)
	Member(id string) (*accolade.Member, error)
	// ReserveCredential reserves rec.ID for rec unless the member already
	// holds a valid credential, or a live reservation, for the achievement:
	// then it returns an errs.Conflict error and reserves nothing. It
	// allocates rec's status entries, filling in each List and Index (the
	// Index comes in as a random draw). A reservation answers no one: it
	// need not be durable (the bbolt store keeps it in memory). A renewal
	// (rec.Renews) does not count the credential it renews, which must be
	// active and not superseded; the store sets rec.AwardedDate.
	ReserveCredential(rec *accolade.Record, now time.Time) error
	// CompleteCredential stores the issued record in place of its
	// reservation, durably, checking again what ReserveCredential checked
	// (errs.Conflict). When it returns nil the credential, its status
	// entries and its award notice are on disk.
	CompleteCredential(rec *accolade.Record) error
	// ReleaseCredential ends a reservation that could not be completed;
	// its status indexes stay taken.
	ReleaseCredential(id string) error
	// Credential returns a stored credential record (errs.NotFound when
	// there is none).
	Credential(id string) (*accolade.Record, error)
}

// Signers hands out the signing key of an issuer; keys.Keyring satisfies it.
type Signers interface {
	Signer(issuer string, alg keys.Algorithm) (keys.Signer, error)
}

// Config configures a Service. Now and Rand are injected so that issued
// credentials are deterministic in tests.
type Config struct {
	Store   Store
	Keys    Signers
	BaseURL string // public base URL, e.g. https://badges.example.org
	Now     func() time.Time
	Rand    io.Reader
	// VCStatus are the status purposes ("revocation", "suspension") that
	// IssueVC gives every VCDM 2.0 credential whose request asks for none
	// (options.credentialStatus); empty: only what requests ask for.
	VCStatus []string
}

// Service issues credentials.
type Service struct {
	store    Store
	keys     Signers
	urls     accolade.URLs
	now      func() time.Time
	rand     io.Reader
	vcStatus []string
}

// New returns a Service, rejecting incomplete configuration.
func New(cfg Config) (*Service, error) {
	switch {
	case cfg.Store == nil:
		return nil, errs.E(errs.Invalid, "issuer: no store")
	case cfg.Keys == nil:
		return nil, errs.E(errs.Invalid, "issuer: no keys")
	case cfg.Now == nil || cfg.Rand == nil:
		return nil, errs.E(errs.Invalid, "issuer: Now and Rand are required")
	}
	if err := accolade.CheckBaseURL(cfg.BaseURL); err != nil {
		return nil, err
	}
	for _, p := range cfg.VCStatus {
		if p != string(accolade.PurposeRevocation) && p != string(accolade.PurposeSuspension) {
			return nil, errs.E(errs.Invalid, "issuer: status purpose %q is neither revocation nor suspension", p)
		}
	}
	return &Service{store: cfg.Store, keys: cfg.Keys, urls: accolade.URLs{Base: cfg.BaseURL}, now: cfg.Now, rand: cfg.Rand,
		vcStatus: slices.Compact(slices.Clone(cfg.VCStatus))}, nil
}

// Request asks for one credential.
type Request struct {
	Achievement string
	Member      string
	Evidence    []accolade.Evidence // what earned it, from criteria evaluation
	// Renews names the member's expired or expiring credential for the
	// achievement that this one renews: the new credential keeps its award
	// date as awardedDate, and it is marked superseded once this is stored.
	Renews string
}

// Issue runs every step for req and returns the stored record. It returns
// errs.NotFound for an unknown achievement, member or issuer, and
// errs.Conflict when the member already holds a valid credential for the
// achievement (other than the one req renews) or req.Renews cannot be
// renewed.
func (s *Service) Issue(ctx context.Context, req Request) (*accolade.Record, error) {
	for attempt := 1; ; attempt++ {
		p, err := s.Prepare(ctx, req)
		if err != nil {
			return nil, err
		}
		rec, err := s.Sign(ctx, p)
		// Another node sharing the database drew one of its status
		// indexes too (accolade.ErrStatusIndexTaken): nothing was stored,
		// so issue it afresh, with other indexes.
		if errors.Is(err, accolade.ErrStatusIndexTaken) && attempt < issueAttempts {
			continue
		}
		return rec, err
	}
}

// issueAttempts bounds Issue's fresh starts after a status index clash.
const issueAttempts = 3

// Prepared is a reserved, built and validated credential: the only value
// Sign accepts. It can be signed at most once.
type Prepared struct {
	rec        *accolade.Record
	credential *ob3.OpenBadgeCredential
	profile    *accolade.Profile
	redeemed   atomic.Bool
}

// Prepare reserves a credential id for req, builds the credential and
// validates it. A credential that fails validation is released, never signed.
func (s *Service) Prepare(ctx context.Context, req Request) (*Prepared, error) {
	ach, err := s.store.AchievementDefinition(req.Achievement)
	if err != nil {
		return nil, fmt.Errorf("achievement %q: %w", req.Achievement, err)
	}
	m, err := s.store.Member(req.Member)
	if err != nil {
		return nil, fmt.Errorf("member %q: %w", req.Member, err)
	}
	if !m.Forgotten.IsZero() {
		return nil, errs.E(errs.Conflict, "member %q's details were removed at their request: no credential is issued to them", m.ID)
	}
	slug := ach.IssuerSlug()
	prof, err := s.store.Issuer(slug)
	if err != nil {
		return nil, fmt.Errorf("issuer %q of achievement %q: %w", slug, ach.ID, err)
	}
	rec, err := s.reserve(prof, ach, m, req)
	if err != nil {
		return nil, err
	}
	c, err := s.build(rec, prof, ach, m, req.Evidence)
	if err == nil {
		err = c.Validate()
	}
	if err != nil {
		s.release(rec.ID)
		return nil, errs.Wrap(errs.Internal, err, "built credential for %s/%s is not valid", m.ID, ach.ID)
	}
	return &Prepared{rec: rec, credential: c, profile: prof}, nil
}

func (s *Service) reserve(prof *accolade.Profile, ach *accolade.Achievement, m *accolade.Member, req Request) (*accolade.Record, error) {
	id, err := uuid.NewRandomFromReader(s.rand)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "generating credential id")
	}
	now := s.now().UTC().Truncate(time.Second)
	rec := &accolade.Record{
		ID: id.String(), State: accolade.Pending, Issuer: prof.Slug, Achievement: ach.ID, Member: m.ID,
		ValidFrom: now, Status: accolade.Active, Created: now, Renews: req.Renews,
	}
	if ach.ValidFor > 0 {
		rec.ValidUntil = now.Add(ach.ValidFor)
	}
	for _, e := range req.Evidence {
		rec.Evidence = append(rec.Evidence, e.ID)
	}
	if rec.StatusEntries, err = s.statusDraws(ach); err != nil {
		return nil, err
	}
	if err := s.store.ReserveCredential(rec, now); err != nil {
		return nil, err
	}
	return rec, nil
}

func (s *Service) release(id string) {
	_ = s.store.ReleaseCredential(id) // on failure the reservation stays, and stops blocking after a while
}

// Sign signs a prepared credential as a VC-JWT with the issuer's key and
// stores it. A Prepared value can be signed once; a second call returns
// errs.Conflict.
func (s *Service) Sign(ctx context.Context, p *Prepared) (*accolade.Record, error) {
	if p == nil || !p.redeemed.CompareAndSwap(false, true) {
		return nil, errs.E(errs.Conflict, "this prepared credential was already signed")
	}
	rec, err := s.sign(p)
	if err != nil {
		s.release(p.rec.ID)
		return nil, err
	}
	if err := s.store.CompleteCredential(rec); err != nil {
		s.release(p.rec.ID)
		return nil, fmt.Errorf("storing credential %s: %w", rec.ID, err)
	}
	return rec, nil
}

// sign adds a Data Integrity proof (eddsa-rdfc-2022) with the issuer's
// Ed25519 key, then signs the proven credential as a VC-JWT with the
// issuer's JWT algorithm: OB 3.0 asks for linked data proofs before the JWT.
func (s *Service) sign(p *Prepared) (*accolade.Record, error) {
	slug := p.profile.Slug
	signer, err := s.keys.Signer(slug, p.profile.Alg)
	if err != nil {
		return nil, fmt.Errorf("signing key of issuer %s: %w", slug, err)
	}
	edSigner, err := s.keys.Signer(slug, keys.EdDSA)
	if err != nil {
		return nil, fmt.Errorf("key for the Data Integrity proof of issuer %s: %w", slug, err)
	}
	if err := checkDIDKey(p.profile, edSigner); err != nil {
		return nil, err
	}
	body, err := json.Marshal(p.credential)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding credential")
	}
	body, err = dataintegrity.Sign(body, edSigner, dataintegrity.Options{
		VerificationMethod: s.urls.VerificationMethod(p.profile, edSigner.KeyID()),
		Created:            p.rec.ValidFrom,
	})
	if err != nil {
		return nil, fmt.Errorf("adding the Data Integrity proof to %s: %w", p.rec.ID, err)
	}
	payload, err := jwtPayload(body, p.credential)
	if err != nil {
		return nil, err
	}
	jwt, err := keys.SignJWT(signer, s.urls.JWTKeyID(p.profile, signer.KeyID(), signer.Algorithm()), payload)
	if err != nil {
		return nil, fmt.Errorf("signing credential %s: %w", p.rec.ID, err)
	}
	rec := *p.rec
	rec.State, rec.JWT, rec.JSON = accolade.Issued, jwt, body
	rec.KeyID, rec.Alg, rec.ProofKeyID = signer.KeyID(), string(signer.Algorithm()), edSigner.KeyID()
	return &rec, nil
}

// registeredClaims are the JWT claims jwtPayload adds to the credential's
// members. The credential has no member of these names
// (ob3.OpenBadgeCredential models none, and jwtPayload refuses them in its
// Extra), so the payload never has a member twice, which verifiers refuse.
var registeredClaims = []string{"iss", "jti", "nbf", "sub", "exp"}

// jwtPayload returns the VC-JWT claims set: the credential itself plus iss,
// jti, nbf, sub (when the subject has an id) and exp (when it has
// validUntil). The claims go in front of the credential's members, which
// stay the bytes of body. It returns an errs.Internal error when body is
// not a JSON object or the credential has a member named as a claim.
func jwtPayload(body []byte, c *ob3.OpenBadgeCredential) ([]byte, error) {
	for _, name := range registeredClaims {
		if _, ok := c.Extra[name]; ok {
			return nil, errs.E(errs.Internal, "credential %s has a member %q, which the VC-JWT sets as a claim", c.ID, name)
		}
	}
	members := bytes.TrimSpace(body)
	if len(members) < 2 || members[0] != '{' || members[len(members)-1] != '}' {
		return nil, errs.E(errs.Internal, "credential %s is not a JSON object", c.ID)
	}
	members = bytes.TrimSpace(members[1:])
	out := make([]byte, 0, len(body)+len(c.Issuer.ID)+len(c.ID)+len(c.CredentialSubject.ID)+64)
	out = appendString(append(out, `{"iss":`...), c.Issuer.ID)
	out = appendString(append(out, `,"jti":`...), c.ID)
	out = strconv.AppendInt(append(out, `,"nbf":`...), c.ValidFrom.Unix(), 10)
	if c.CredentialSubject.ID != "" {
		out = appendString(append(out, `,"sub":`...), c.CredentialSubject.ID)
	}
	if !c.ValidUntil.IsZero() {
		out = strconv.AppendInt(append(out, `,"exp":`...), c.ValidUntil.Unix(), 10)
	}
	if members[0] != '}' {
		out = append(out, ',')
	}
	return append(out, members...), nil
}

// appendString appends s as a JSON string, escaped as encoding/json
// escapes it.
func appendString(out []byte, s string) []byte {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // a string always encodes
			return append(out, b...)
		}
	}
	return append(append(append(out, '"'), s...), '"')
}

// newSalt returns a fresh random salt for an identity hash.
func newSalt(r io.Reader) (string, error) {
	b := make([]byte, 16)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", errs.Wrap(errs.Internal, err, "generating salt")
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// statusDraws returns the status entries a new credential of ach asks the
// store for: revocation, and suspension when ach is suspendable, each with
// a random draw from which the store picks the index.
func (s *Service) statusDraws(ach *accolade.Achievement) ([]accolade.StatusEntry, error) {
	purposes := []accolade.StatusPurpose{accolade.PurposeRevocation}
	if ach.Suspendable {
		purposes = append(purposes, accolade.PurposeSuspension)
	}
	var out []accolade.StatusEntry
	for _, p := range purposes {
		d, err := s.draw()
		if err != nil {
			return nil, err
		}
		out = append(out, accolade.StatusEntry{Purpose: p, Index: d})
	}
	return out, nil
}

// draw returns a random draw from which the store picks a status index.
func (s *Service) draw() (int, error) {
	var b [4]byte
	if _, err := io.ReadFull(s.rand, b[:]); err != nil {
		return 0, errs.Wrap(errs.Internal, err, "drawing a status index")
	}
	return int(binary.BigEndian.Uint32(b[:]) >> 1), nil
}

// checkDIDKey reports an error unless ed, the key about to sign for p, is
// the key p's did:key names (always nil for issuers of other id modes):
// a did:key issuer's id is its key, so a proof by another key would name
// another issuer. A mismatch means the keys were rotated after the
// credential was prepared (errs.Conflict: issue it again), or the profile's
// did:key was never pinned (errs.Internal: restarting pins it).
func checkDIDKey(p *accolade.Profile, ed keys.Signer) error {
	if p.IDMode != accolade.IDDIDKey {
		return nil
	}
	if p.DIDKey == "" {
		return errs.E(errs.Internal, "issuer %q names itself by did:key but has none pinned yet: restarting the service pins its active Ed25519 key", p.Slug)
	}
	if did, err := keys.DIDKey(ed.Public().Key); err != nil || did != p.DIDKey {
		return errs.E(errs.Conflict, "issuer %q's keys were rotated while this credential was being signed, so its did:key changed: issue it again", p.Slug)
	}
	return nil
}
