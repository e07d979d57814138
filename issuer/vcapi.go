package issuer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/vcapi"
	"github.com/google/uuid"
)

// VCStore is what IssueVC needs of the store beyond Store.
type VCStore interface {
	// IssueVC allocates rec's status indexes, calls sign, and stores the
	// signed credential with them, durably (store.DB.IssueVC).
	IssueVC(rec *accolade.IssuedVC, sign func(*accolade.IssuedVC) error) error
}

// IssueVC signs a credential a trusted client built (VC-API POST
// /credentials/issue) for issuer slug, as the token tokenID: it adds an id
// when the credential has none, the status entries options.credentialStatus
// asked for (or, when it asks for none, the install's default for VCDM
// 2.0 credentials: Config.VCStatus), and the issuer's Data Integrity proof (eddsa-rdfc-2022), then
// stores what was signed. The credential's issuer must be the issuer's id.
//
// The proof is an array for an Open Badges credential, as the OB 3.0 JSON
// schema requires, and otherwise the single object VC-API clients and the
// W3C test suites expect (req.OpenBadge). The signature is the same either
// way: it covers the credential without its proof.
//
// Errors: errs.Invalid naming the member (Field) for a credential that
// cannot be signed as it is (another issuer, an unknown context, an
// undefined term); errs.Conflict for an id already issued.
func (s *Service) IssueVC(ctx context.Context, slug, tokenID string, req *vcapi.IssueRequest) (*accolade.IssuedVC, error) {
	st, ok := s.store.(VCStore)
	if !ok {
		return nil, errs.E(errs.Internal, "the store cannot keep VC-API credentials")
	}
	prof, err := s.store.Issuer(slug)
	if err != nil {
		return nil, fmt.Errorf("issuer %q: %w", slug, err)
	}
	if want := s.urls.IssuerID(prof); req.Issuer != want {
		return nil, errs.Field(req.IssuerField(), "is %q, but this service signs for issuer %q as %q: set the credential's issuer to that", req.Issuer, prof.Slug, want)
	}
	status := req.Status
	if len(status) == 0 && req.Version == 2 { // the install's default (ACCOLADE_VCAPI_STATUS)
		status = s.vcStatus
	}
	if len(req.Status) > 0 && req.Version == 1 {
		return nil, errs.Field("options.credentialStatus", "status entries (BitstringStatusListEntry) are defined by the VCDM 2.0 context only: send the credential with %q first in @context, or without options.credentialStatus", vcapi.ContextV2)
	}
	ed, err := s.keys.Signer(slug, keys.EdDSA)
	if err != nil {
		return nil, fmt.Errorf("key for the Data Integrity proof of issuer %s: %w", slug, err)
	}
	if err := checkDIDKey(prof, ed); err != nil {
		return nil, err
	}
	c := req.Credential
	id := req.ID
	if id == "" {
		u, err := uuid.NewRandomFromReader(s.rand)
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "generating credential id")
		}
		id = "urn:uuid:" + u.String()
		b, _ := json.Marshal(id)
		c.Insert(1, "id", b) // after @context, where VCDM examples have it
	}
	now := s.now().UTC()
	rec := &accolade.IssuedVC{ID: id, Issuer: slug, Token: tokenID, Created: now, Status: accolade.Active}
	for _, p := range status {
		d, err := s.draw()
		if err != nil {
			return nil, err
		}
		rec.StatusEntries = append(rec.StatusEntries, accolade.StatusEntry{Purpose: accolade.StatusPurpose(p), Index: d})
	}
	err = st.IssueVC(rec, func(rec *accolade.IssuedVC) error {
		if len(rec.StatusEntries) > 0 {
			c.Set("credentialStatus", s.vcStatusJSON(rec))
		}
		body, err := c.MarshalJSON()
		if err != nil {
			return errs.Wrap(errs.Internal, err, "encoding credential")
		}
		signed, err := dataintegrity.Sign(body, ed, dataintegrity.Options{
			VerificationMethod: s.urls.VerificationMethod(prof, ed.KeyID()),
			Created:            now,
		})
		if err != nil {
			if errs.KindOf(err) == errs.Invalid {
				return &errs.Error{Kind: errs.Invalid, Field: "credential", Msg: "cannot be signed as it is", Err: err}
			}
			return fmt.Errorf("adding the Data Integrity proof to %s: %w", id, err)
		}
		if !req.OpenBadge() {
			if signed, err = singleProof(signed); err != nil {
				return err
			}
		}
		rec.JSON = signed
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// vcStatusJSON is the credentialStatus member of a VC-API credential: one
// BitstringStatusListEntry, or a list of them for two purposes.
func (s *Service) vcStatusJSON(rec *accolade.IssuedVC) json.RawMessage {
	var all []map[string]string
	for _, e := range rec.StatusEntries {
		list := s.urls.StatusList(rec.Issuer, e.Purpose, e.List, "")
		index := strconv.Itoa(e.Index)
		all = append(all, map[string]string{"id": list + "#" + index, "type": TypeStatusEntry,
			"statusPurpose": string(e.Purpose), "statusListIndex": index, "statusListCredential": list})
	}
	var b []byte
	if len(all) == 1 {
		b, _ = json.Marshal(all[0])
	} else {
		b, _ = json.Marshal(all)
	}
	return b
}

// singleProof rewrites the proof array dataintegrity.Sign appends, of one
// proof, as that proof.
func singleProof(signed []byte) ([]byte, error) {
	o, err := vcapi.ParseObject(signed, "credential")
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "reading the signed credential")
	}
	raw, _ := o.Get("proof")
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil || len(list) != 1 {
		return nil, errs.E(errs.Internal, "the signed credential's proof is not a list of one")
	}
	o.Set("proof", bytes.TrimSpace(list[0]))
	return o.MarshalJSON()
}
