package issuer

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ob3"
)

// Endorsement types and schema (OB 3.0 §B.1.6 EndorsementCredential).
const (
	TypeEndorsementCredential = "EndorsementCredential"
	TypeEndorsementSubject    = "EndorsementSubject"
	// EndorsementSchemaURL is the official EndorsementCredential JSON
	// Schema that issued endorsements name in credentialSchema.
	EndorsementSchemaURL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"
)

// EndorseRequest asks one community of this install (Endorser, an issuer
// slug) to endorse a Profile or an Achievement (Subject, its id: of this
// install or elsewhere) with a comment.
type EndorseRequest struct {
	Endorser string
	Subject  string
	Comment  string
}

// SignedEndorsement is an issued EndorsementCredential: JSON with a Data
// Integrity proof array (eddsa-rdfc-2022) and the same credential as a
// VC-JWT.
type SignedEndorsement struct {
	ID       string // urn:uuid:…
	Endorser string // slug of the endorsing issuer
	Subject  string // id of the endorsed profile or achievement
	JSON     []byte
	JWT      string
}

// endorsementCredential is the JSON shape of an issued endorsement, in the
// member order of the OB 3.0 examples.
type endorsementCredential struct {
	Context           []string               `json:"@context"`
	ID                string                 `json:"id"`
	Type              ob3.Types              `json:"type"`
	Name              string                 `json:"name"`
	Issuer            ob3.Profile            `json:"issuer"`
	ValidFrom         ob3.DateTime           `json:"validFrom"`
	CredentialSubject endorsementSubject     `json:"credentialSubject"`
	CredentialSchema  []ob3.CredentialSchema `json:"credentialSchema"`
}

type endorsementSubject struct {
	ID                 string    `json:"id"`
	Type               ob3.Types `json:"type"`
	EndorsementComment string    `json:"endorsementComment,omitempty"`
}

// maxEndorsementComment bounds an endorsement's comment, in bytes.
const maxEndorsementComment = 2000

// Endorse builds, validates and signs an EndorsementCredential for req:
// issuer the endorser's Profile, credentialSubject an EndorsementSubject,
// a Data Integrity proof array with the endorser's Ed25519 key, then a
// VC-JWT with its JWT key. A subject of this install (under the base URL)
// must be a known issuer or achievement. It stores nothing.
//
// Errors: errs.Invalid (Field "subject" or "comment") for a missing or
// malformed subject or an over-long comment; errs.NotFound for an unknown
// endorser, or an unknown subject of this install.
func (s *Service) Endorse(ctx context.Context, req EndorseRequest) (*SignedEndorsement, error) {
	if err := s.checkEndorsed(req); err != nil {
		return nil, err
	}
	prof, err := s.store.Issuer(req.Endorser)
	if err != nil {
		return nil, fmt.Errorf("endorser %q: %w", req.Endorser, err)
	}
	u, err := uuid.NewRandomFromReader(s.rand)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "generating endorsement id")
	}
	now := s.now().UTC().Truncate(time.Second)
	issuer := s.profileJSON(prof)
	c := &endorsementCredential{
		Context: Contexts, ID: "urn:uuid:" + u.String(),
		Type:      ob3.Types{ob3.TypeVerifiableCredential, TypeEndorsementCredential},
		Name:      "Endorsement by " + prof.Name,
		Issuer:    issuer,
		ValidFrom: ob3.NewDateTime(now),
		CredentialSubject: endorsementSubject{ID: req.Subject, Type: ob3.Types{TypeEndorsementSubject},
			EndorsementComment: strings.TrimSpace(req.Comment)},
		CredentialSchema: []ob3.CredentialSchema{{ID: EndorsementSchemaURL, Type: ob3.SchemaValidatorType}},
	}
	signer, err := s.keys.Signer(prof.Slug, prof.Alg)
	if err != nil {
		return nil, fmt.Errorf("signing key of issuer %s: %w", prof.Slug, err)
	}
	ed, err := s.keys.Signer(prof.Slug, keys.EdDSA)
	if err != nil {
		return nil, fmt.Errorf("key for the Data Integrity proof of issuer %s: %w", prof.Slug, err)
	}
	if err := checkDIDKey(prof, ed); err != nil {
		return nil, err
	}
	body, err := json.Marshal(c)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding endorsement")
	}
	body, err = dataintegrity.Sign(body, ed, dataintegrity.Options{
		VerificationMethod: s.urls.VerificationMethod(prof, ed.KeyID()), Created: now,
	})
	if err != nil {
		return nil, fmt.Errorf("adding the Data Integrity proof to endorsement %s: %w", c.ID, err)
	}
	payload, err := jwtPayload(body, &ob3.OpenBadgeCredential{ID: c.ID, Issuer: issuer, ValidFrom: c.ValidFrom,
		CredentialSubject: ob3.AchievementSubject{ID: req.Subject}})
	if err != nil {
		return nil, err
	}
	jwt, err := keys.SignJWT(signer, s.urls.JWTKeyID(prof, signer.KeyID(), signer.Algorithm()), payload)
	if err != nil {
		return nil, fmt.Errorf("signing endorsement %s: %w", c.ID, err)
	}
	return &SignedEndorsement{ID: c.ID, Endorser: prof.Slug, Subject: req.Subject, JSON: body, JWT: jwt}, nil
}

// checkEndorsed checks req's subject and comment; a subject of this
// install must exist.
func (s *Service) checkEndorsed(req EndorseRequest) error {
	switch {
	case req.Subject == "":
		return errs.Field("subject", "is empty: give the id of the profile or achievement to endorse")
	case !strings.Contains(req.Subject, ":"):
		return errs.Field("subject", "is %q, not an id (an https URL, a DID or a URN)", req.Subject)
	case len(req.Comment) > maxEndorsementComment:
		return errs.Field("comment", "has %d bytes; at most %d are allowed", len(req.Comment), maxEndorsementComment)
	}
	if id, ok := s.urls.AchievementID(req.Subject); ok {
		if _, err := s.store.AchievementDefinition(id); err != nil {
			return fmt.Errorf("subject: achievement %q of this install: %w", id, err)
		}
		return nil
	}
	if slug, ok := s.urls.IssuerSlug(req.Subject); ok {
		if _, err := s.store.Issuer(slug); err != nil {
			return fmt.Errorf("subject: issuer %q of this install: %w", slug, err)
		}
		return nil
	}
	if slug, ok := s.urls.DIDWebSlug(req.Subject); ok {
		if _, err := s.store.Issuer(slug); err != nil {
			return fmt.Errorf("subject: issuer %q of this install: %w", slug, err)
		}
		return nil
	}
	if strings.HasPrefix(req.Subject, s.urls.Base+"/") {
		return errs.E(errs.NotFound, "subject %q is under this install's address but is no issuer profile or achievement of it", req.Subject)
	}
	return nil
}

// EndorsementLister lists the endorsements kept for a profile or an
// achievement; store.DB satisfies it. A Store that is one has them shown in
// the achievements and issuer profiles of new credentials.
type EndorsementLister interface {
	Endorsements(subject string) ([]*accolade.Endorsement, error)
}

// EndorsementMembers returns the "endorsement" member (the JSON ones,
// with their proofs) for subject's endorsements, absent when there are
// none (the schema allows no empty arrays); with jwt, also
// "endorsementJwt" (the compact JWTs of those kept only as a JWT). A
// document with a Data Integrity proof cannot carry endorsementJwt: the
// OB 3.0.3 context does not define the term, so it would not be signed
// (dataintegrity.Sign refuses it).
func EndorsementMembers(l EndorsementLister, subject string, jwt bool) (ob3.Extra, error) {
	list, err := l.Endorsements(subject)
	if err != nil {
		return nil, fmt.Errorf("endorsements of %s: %w", subject, err)
	}
	var docs []json.RawMessage
	var jwts []string
	for _, e := range list {
		switch {
		case len(e.JSON) > 0:
			docs = append(docs, json.RawMessage(e.JSON))
		case e.JWT != "":
			jwts = append(jwts, e.JWT)
		}
	}
	out := ob3.Extra{}
	if len(docs) > 0 {
		out["endorsement"], _ = json.Marshal(docs)
	}
	if len(jwts) > 0 && jwt {
		out["endorsementJwt"], _ = json.Marshal(jwts)
	}
	return out, nil
}

// endorse adds the JSON endorsements kept for a's id to a, when the store
// keeps endorsements.
func (s *Service) endorse(a *ob3.Achievement) error {
	m, err := s.endorsements(a.ID)
	if err != nil || len(m) == 0 {
		return err
	}
	a.Extra = a.Extra.Merge(m)
	return nil
}

// endorseIssuer adds the JSON endorsements kept for the issuer profile
// p's id to p (OB 3.0 Profile.endorsement), when the store keeps
// endorsements: a credential's issuer carries its community's endorsements
// from the time they are kept (a withdrawn one, from then on, no longer).
func (s *Service) endorseIssuer(p *ob3.Profile) error {
	m, err := s.endorsements(p.ID)
	if err != nil || len(m) == 0 {
		return err
	}
	p.Extra = p.Extra.Merge(m)
	return nil
}

// endorsements is the "endorsement" member for subject's JSON
// endorsements, none when the store keeps no endorsements.
func (s *Service) endorsements(subject string) (ob3.Extra, error) {
	l, ok := s.store.(EndorsementLister)
	if !ok {
		return nil, nil
	}
	return EndorsementMembers(l, subject, false)
}
