package issuer

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/ob3"
)

// CLR 2.0 names.
const (
	// ContextCLR is the CLR 2.0 JSON-LD context. Its document is not
	// embedded: no registry package we may use ships context-2.0.1.json
	// (the didkit build in npm's @learncard/didkit-plugin carries only the
	// older CLR context.json, a different document, which we do not pass
	// off as this one). So a CLR is signed as a VC-JWT only: the JWT
	// signature covers the JSON bytes and needs no context, while a Data
	// Integrity proof would need the context to canonicalize. Add the
	// document to ob3's embedded contexts and a DI proof can follow.
	ContextCLR = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
	// CLRSchemaURL is the ClrCredential JSON Schema's id.
	CLRSchemaURL      = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json"
	TypeClrCredential = "ClrCredential"
	TypeClrSubject    = "ClrSubject"
	// AssociationPrecedes is the CLR AssociationType of a prerequisite:
	// sourceId precedes targetId, that is, the source is to be achieved
	// before the target. CLR's isParentOf/isChildOf say that one
	// achievement is part of another (a course of a programme), which a
	// prerequisite ("holds" in a rule) is not: holding Wiki Editor is
	// required for Project Trainer, not a part of it.
	AssociationPrecedes = "precedes"
)

// CLRContexts are the contexts of a ClrCredential, in order: the
// extensions context defines credentialSchema's 1EdTechJsonSchemaValidator2019.
var CLRContexts = []string{ob3.ContextVCv2, ContextCLR, ob3.ContextOB303, ob3.ContextOBExtensions}

// CLRInput is what a member's record is built from. The caller (the
// server) gathers it for one community.
type CLRInput struct {
	Profile *accolade.Profile // the community that issues the record
	Member  *accolade.Member
	// Credentials are the member's credentials of the community; only those
	// valid now, and not renewed by another valid one, go into the record,
	// each exactly as it was signed.
	Credentials []*accolade.Record
	// Achievements are definitions by local id, for the prerequisites
	// between the credentials' achievements; missing ones have none.
	Achievements map[string]*criteria.Achievement
	// Exchanges are the member's exchanges in the community; the hours
	// statement counts only those ledger.Exchange.ConfirmedFor the member.
	Exchanges []*ledger.Exchange
}

// CLR is a signed Comprehensive Learner Record.
type CLR struct {
	ID          string // urn:uuid:…
	JSON        []byte // the ClrCredential, without an embedded proof
	JWT         string // the VC-JWT whose payload is JSON plus the JWT claims
	Credentials int    // embedded credentials, the hours statement included
	Hours       []ledger.HoursLine
}

// clrCredential is the ClrCredential's JSON shape.
type clrCredential struct {
	Context           []string               `json:"@context"`
	ID                string                 `json:"id"`
	Type              []string               `json:"type"`
	Issuer            ob3.Profile            `json:"issuer"`
	ValidFrom         ob3.DateTime           `json:"validFrom"`
	Name              string                 `json:"name"`
	Description       string                 `json:"description,omitempty"`
	CredentialSubject clrSubject             `json:"credentialSubject"`
	CredentialSchema  []ob3.CredentialSchema `json:"credentialSchema"`
}

type clrSubject struct {
	ID                   string               `json:"id,omitempty"`
	Type                 []string             `json:"type"`
	Identifier           []ob3.IdentityObject `json:"identifier,omitempty"`
	VerifiableCredential []json.RawMessage    `json:"verifiableCredential"`
	Achievement          []ob3.Achievement    `json:"achievement,omitempty"`
	Association          []clrAssociation     `json:"association,omitempty"`
}

type clrAssociation struct {
	Type            string `json:"type"` // "Association", a scalar in the CLR schema
	AssociationType string `json:"associationType"`
	SourceID        string `json:"sourceId"`
	TargetID        string `json:"targetId"`
}

// IssueCLR builds the member's CLR 2.0 record and signs it as a VC-JWT
// with the community's key: each valid credential unchanged, their
// achievements, the prerequisites between them, and a statement of the
// member's confirmed volunteer hours (an OpenBadgeCredential with a Data
// Integrity proof of its own). The member's email appears only as salted
// hashes. Errors: errs.Invalid (no profile or member), errs.Conflict (a
// forgotten member), errs.Internal.
func (s *Service) IssueCLR(ctx context.Context, in CLRInput) (*CLR, error) {
	p, m := in.Profile, in.Member
	if p == nil || m == nil {
		return nil, errs.E(errs.Invalid, "a record needs a community and a member")
	}
	if !m.Forgotten.IsZero() {
		return nil, errs.E(errs.Conflict, "member %q's details were removed at their request: no record is issued", m.ID)
	}
	now := s.now().UTC().Truncate(time.Second)
	id, err := uuid.NewRandomFromReader(s.rand)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "generating record id")
	}
	subject := clrSubject{ID: m.DID, Type: []string{TypeClrSubject}}
	if subject.Identifier, err = s.identifiers(m); err != nil {
		return nil, err
	}
	local := map[string]string{} // achievement URL → local id, of embedded credentials
	renewed := map[string]bool{} // credentials a valid one of the record renews
	for _, rec := range in.Credentials {
		if rec.Renews != "" && rec.Valid(now) {
			renewed[rec.Renews] = true
		}
	}
	for _, rec := range in.Credentials {
		if !rec.Valid(now) || renewed[rec.ID] || rec.Member != m.ID || cmp.Or(rec.Issuer, accolade.DefaultSlug) != p.Slug || !json.Valid(rec.JSON) {
			continue
		}
		subject.VerifiableCredential = append(subject.VerifiableCredential, json.RawMessage(rec.JSON))
		c, err := ob3.ParseCredential(rec.JSON)
		if err != nil {
			continue // embedded as signed; only its achievement copy is skipped
		}
		a := c.CredentialSubject.Achievement
		if _, dup := local[a.ID]; a.ID != "" && !dup {
			local[a.ID] = rec.Achievement
			subject.Achievement = append(subject.Achievement, a)
		}
	}
	subject.Association = s.associations(subject.Achievement, local, in.Achievements)
	hours := ledger.Hours(m.ID, in.Exchanges)
	stmt, ach, err := s.hoursStatement(p, m, hours, now)
	if err != nil {
		return nil, err
	}
	subject.VerifiableCredential = append(subject.VerifiableCredential, stmt)
	subject.Achievement = append(subject.Achievement, ach)
	c := clrCredential{
		Context: CLRContexts, ID: "urn:uuid:" + id.String(), Type: []string{ob3.TypeVerifiableCredential, TypeClrCredential},
		Issuer: s.profileJSON(p), ValidFrom: ob3.NewDateTime(now),
		Name:              "Volunteer record of " + displayName(m),
		Description:       "The credentials " + p.Name + " issued to this member, and their confirmed volunteer hours, as of " + now.Format("2 January 2006") + ".",
		CredentialSubject: subject,
		CredentialSchema:  []ob3.CredentialSchema{{ID: CLRSchemaURL, Type: ob3.SchemaValidatorType}},
	}
	if err := s.endorseIssuer(&c.Issuer); err != nil { // the community's kept profile endorsements
		return nil, err
	}
	body, err := marshalNoEscape(c)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding the record")
	}
	jwt, err := s.signCLR(p, body, &c)
	if err != nil {
		return nil, err
	}
	return &CLR{ID: c.ID, JSON: body, JWT: jwt, Credentials: len(subject.VerifiableCredential), Hours: hours}, nil
}

// identifiers returns the member's identity objects, as credentials carry
// them: the email as a salted hash (a fresh salt), and the name.
func (s *Service) identifiers(m *accolade.Member) ([]ob3.IdentityObject, error) {
	salt, err := newSalt(s.rand)
	if err != nil {
		return nil, err
	}
	out := []ob3.IdentityObject{ob3.EmailIdentity(m.Email, salt)}
	if m.Name != "" {
		out = append(out, ob3.NameIdentity(m.Name))
	}
	return out, nil
}

// associations returns a "precedes" association from each prerequisite to
// the achievement whose rule requires holding it, when both are in list.
func (s *Service) associations(list []ob3.Achievement, local map[string]string, defs map[string]*criteria.Achievement) []clrAssociation {
	var out []clrAssociation
	for _, a := range list {
		def := defs[local[a.ID]]
		if def == nil {
			continue
		}
		holds, _ := def.References()
		for _, h := range holds {
			src := s.urls.Achievement(h)
			if _, ok := local[src]; ok && src != a.ID {
				out = append(out, clrAssociation{Type: "Association", AssociationType: AssociationPrecedes, SourceID: src, TargetID: a.ID})
			}
		}
	}
	return out
}

// signCLR signs body as a VC-JWT with the community's key.
func (s *Service) signCLR(p *accolade.Profile, body []byte, c *clrCredential) (string, error) {
	signer, err := s.keys.Signer(p.Slug, p.Alg)
	if err != nil {
		return "", fmt.Errorf("signing key of issuer %s: %w", p.Slug, err)
	}
	env := &ob3.OpenBadgeCredential{ID: c.ID, Issuer: c.Issuer, ValidFrom: c.ValidFrom,
		CredentialSubject: ob3.AchievementSubject{ID: c.CredentialSubject.ID}}
	payload, err := jwtPayload(body, env)
	if err != nil {
		return "", err
	}
	jwt, err := keys.SignJWT(signer, s.urls.JWTKeyID(p, signer.KeyID(), signer.Algorithm()), payload)
	if err != nil {
		return "", fmt.Errorf("signing record %s: %w", c.ID, err)
	}
	return jwt, nil
}

// signDI adds a Data Integrity proof (eddsa-rdfc-2022) with the issuer's
// Ed25519 key.
func (s *Service) signDI(p *accolade.Profile, body []byte, created time.Time) ([]byte, error) {
	ed, err := s.keys.Signer(p.Slug, keys.EdDSA)
	if err != nil {
		return nil, fmt.Errorf("key for the Data Integrity proof of issuer %s: %w", p.Slug, err)
	}
	if err := checkDIDKey(p, ed); err != nil {
		return nil, err
	}
	return dataintegrity.Sign(body, ed, dataintegrity.Options{
		VerificationMethod: s.urls.VerificationMethod(p, ed.KeyID()), Created: created,
	})
}

func displayName(m *accolade.Member) string {
	if m.Name != "" {
		return m.Name
	}
	return m.ID
}

// marshalNoEscape encodes v as encoding/json does, without escaping <, >
// and &, so that embedded credentials keep their strings as signed.
func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
