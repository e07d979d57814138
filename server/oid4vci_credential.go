package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/oid4vci"
)

// maxCredentialRequest bounds a credential request body: one key proof.
const maxCredentialRequest = 64 << 10

// postWalletCredential is the credential endpoint. The steps, each refusing
// with nothing issued: the bearer token names a redeemed offer; the body is
// a credential request of either shape; its key proof checks out (typ,
// alg, key, signature, aud, iat); then, one collection at a time, the
// nonce is redeemed and the credential is bound to the proof's DID, or —
// for a token already spent on that DID — the credential it got is
// answered again.
func (s *Server) postWalletCredential(w http.ResponseWriter, r *http.Request) error {
	tokenHash, err := bearerHash(r)
	if err != nil {
		return err
	}
	if _, err := s.store.OfferByToken(tokenHash, s.now()); err != nil {
		return tokenError(err)
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		return oid4vci.Errorf(oid4vci.CodeInvalidCredentialRequest, "the credential request must be application/json")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxCredentialRequest+1))
	if err != nil {
		return err
	}
	if len(body) > maxCredentialRequest {
		return oid4vci.Errorf(oid4vci.CodeInvalidCredentialRequest, "the credential request is larger than %d bytes", maxCredentialRequest)
	}
	req, err := oid4vci.ParseCredentialRequest(body)
	if err != nil {
		return err
	}
	proof, err := oid4vci.CheckProof(req.ProofJWT, s.urls.Base, s.now())
	if err != nil {
		return draftProofError(req, err)
	}

	s.walletIssue.Lock()
	defer s.walletIssue.Unlock()
	o, err := s.store.OfferByToken(tokenHash, s.now()) // as it is now, under the lock
	if err != nil {
		return tokenError(err)
	}
	rec, err := s.collectOffer(r.Context(), o, proof, req)
	if err != nil {
		return err
	}
	var credential any = json.RawMessage(rec.JSON)
	if req.Format == oid4vci.FormatJWT {
		credential = rec.JWT
	}
	if !req.Draft {
		s.writeJSON(w, r, http.StatusOK, "application/json", oid4vci.CredentialResponse{Credentials: []oid4vci.Issued{{Credential: credential}}})
		return nil
	}
	nonce, err := s.newNonce()
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", oid4vci.DraftCredentialResponse{Credential: credential,
		CNonce: nonce, CNonceExpiresIn: int(accolade.NonceTTL / time.Second)})
	return nil
}

// collectOffer returns the credential the offer's wallet collects for proof:
// the one it already got, when the token was spent on the same DID (a
// retry), else a new copy bound to the DID, once the proof's nonce is
// redeemed. The caller holds walletIssue.
func (s *Server) collectOffer(ctx context.Context, o *accolade.Offer, p *oid4vci.Proof, req *oid4vci.CredentialRequest) (*accolade.Record, error) {
	now := s.now()
	nonceHash := accolade.SecretHash(p.Nonce)
	if o.Issued != "" {
		if p.Holder != o.Holder {
			return nil, oid4vci.Errorf(oid4vci.CodeInvalidProof, "this access token was already used to collect the credential for another key: nothing more is issued")
		}
		if nonceHash != o.NonceHash { // a new request, not a retry of the first: its nonce must be good too
			if err := s.store.RedeemNonce(nonceHash, now); err != nil {
				return nil, nonceError(req, err)
			}
		}
		return s.store.Credential(o.Issued)
	}
	if err := s.store.RedeemNonce(nonceHash, now); err != nil {
		return nil, nonceError(req, err)
	}
	rec, err := s.awards.Bind(ctx, o.Credential, p.Holder)
	if k := errs.KindOf(err); k == errs.Conflict || k == errs.NotFound {
		if rec = s.boundEarlier(o, p.Holder); rec == nil {
			return nil, oid4vci.Errorf(oid4vci.CodeRequestDenied, "the offered credential is no longer valid (revoked, suspended, expired or replaced): nothing was issued")
		}
	} else if err != nil {
		return nil, err
	}
	if err := s.store.SetOfferIssued(o.Hash, rec.ID, p.Holder, nonceHash, now); err != nil {
		return nil, err
	}
	return rec, nil
}

// boundEarlier returns the copy of the offered credential bound to holder
// when there is one: it was issued for this offer by a request whose answer
// was lost before the offer recorded it (the process stopped in between).
// Otherwise nil.
func (s *Server) boundEarlier(o *accolade.Offer, holder string) *accolade.Record {
	old, err := s.store.Credential(o.Credential)
	if err != nil || old.SupersededBy == "" {
		return nil
	}
	rec, err := s.store.Credential(old.SupersededBy)
	if err != nil || rec.Holder != holder || rec.SupersededBy != "" || rec.ValidFrom.Before(o.Created.Truncate(time.Second)) {
		return nil
	}
	return rec
}

// bearerHash is the hash of the request's bearer token, or invalid_token.
func bearerHash(r *http.Request) (string, error) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	switch {
	case scheme == "":
		return "", oid4vci.Errorf(oid4vci.CodeInvalidToken, "an access token is required: send Authorization: Bearer and the token from the token endpoint")
	case !strings.EqualFold(scheme, "Bearer"):
		return "", oid4vci.Errorf(oid4vci.CodeInvalidToken, "only Bearer access tokens are accepted here")
	case token == "" || len(token) > 200:
		return "", oid4vci.Errorf(oid4vci.CodeInvalidToken, "the access token is empty or malformed")
	}
	return accolade.SecretHash(token), nil
}

// tokenError is the answer to a token the store does not take.
func tokenError(err error) error {
	if errors.Is(err, accolade.ErrOfferToken) {
		return oid4vci.Errorf(oid4vci.CodeInvalidToken, "%s", err.Error())
	}
	return err
}

// nonceError is the answer to a nonce the store does not take: 1.0's
// invalid_nonce, or draft 13's invalid_proof with a fresh c_nonce.
func nonceError(req *oid4vci.CredentialRequest, err error) error {
	if !errors.Is(err, accolade.ErrNonceUnknown) {
		return err
	}
	if req.Draft {
		return draftNonce{oid4vci.Errorf(oid4vci.CodeInvalidProof, "%s", err.Error())}
	}
	return oid4vci.Errorf(oid4vci.CodeInvalidNonce, "%s", err.Error())
}

// draftProofError adds a fresh c_nonce to a draft 13 request's
// invalid_proof, which such wallets retry with.
func draftProofError(req *oid4vci.CredentialRequest, err error) error {
	var pe *oid4vci.Error
	if req.Draft && errors.As(err, &pe) && pe.Code == oid4vci.CodeInvalidProof {
		return draftNonce{pe}
	}
	return err
}
