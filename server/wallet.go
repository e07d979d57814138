package server

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
)

// This file serves the VC API's claim workflow (W3C CCG VC API, "workflows
// and exchanges"): a coordinator's token or the signed-in member starts an
// exchange for a credential; the member's wallet POSTs {} to the exchange
// and gets a DIDAuth presentation request, POSTs its signed presentation,
// and gets the credential bound to its DID (issuer.Service.Bind). The
// Learner Credential Wallet's older "direct" flow POSTs the presentation
// bare, without {} first, to the same URL (wallet_auth.go reads both).
// docs/wallets.md describes it for coordinators.

// walletStore is what wallet exchanges need from storage; store.DB
// satisfies it.
type walletStore interface {
	PutWalletExchange(e *accolade.WalletExchange, now time.Time) error
	WalletExchange(id string) (*accolade.WalletExchange, error)
	CollectWalletExchange(id, holder, issued string, at time.Time) (*accolade.WalletExchange, error)
}

// maxPresentation bounds the body a wallet POSTs to an exchange: a DIDAuth
// presentation is about 1 KiB.
const maxPresentation = 64 << 10

// credentialsV2 is the VC Data Model 2.0 context, of the presentation that
// carries the collected credential.
const credentialsV2 = "https://www.w3.org/ns/credentials/v2"

func (s *Server) walletRoutes(m *routeMux) {
	m.HandleFunc("POST "+accolade.RouteWorkflowExchanges, s.allow(accolade.ScopeCredentialsIssue, s.postWorkflowExchange))
	m.HandleFunc("GET "+accolade.RouteWalletExchange, s.allow(accolade.ScopeRead, s.getWalletExchange))
	m.HandleFunc("POST "+accolade.RouteWalletExchange, s.public(s.limited(s.participate)))
	m.HandleFunc("GET "+accolade.RouteWalletInteraction, s.public(s.limited(s.interact)))
	s.walletPageRoutes(m)
}

// postWorkflowExchange starts an exchange of the claim workflow for the
// credential the body's variables name, for a coordinator who hands its
// links to the credential's holder.
func (s *Server) postWorkflowExchange(w http.ResponseWriter, r *http.Request) error {
	if wf := pathID(r, "workflow"); wf != accolade.WorkflowClaim {
		return errs.E(errs.NotFound, "there is no workflow %q: this service runs one, %q (collect an awarded credential into a wallet)", wf, accolade.WorkflowClaim)
	}
	var b api.CreateExchange
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	id, ok := credentialUUID(b.Variables.CredentialID)
	if !ok {
		if b.Variables.CredentialID == "" {
			return errs.Field("variables.credentialId", "is required: the id of the credential the wallet collects")
		}
		return errs.Field("variables.credentialId", "%q is not a credential id (a UUID, or urn:uuid:<UUID>)", b.Variables.CredentialID)
	}
	rec, err := s.store.Credential(id)
	if errs.KindOf(err) == errs.NotFound { // a name in the body, not the URL
		return errs.Field("variables.credentialId", "there is no credential %s", id)
	}
	if err != nil {
		return err
	}
	ex, err := s.startExchange(rec)
	if err != nil {
		return err
	}
	links := s.urls.WalletLinksOf(ex)
	w.Header().Set("Location", links.Exchange)
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, r, http.StatusCreated, typeJSON, s.walletExchangeView(ex))
	return nil
}

// getWalletExchange shows an exchange to a coordinator (the VC API's
// "get exchange state").
func (s *Server) getWalletExchange(w http.ResponseWriter, r *http.Request) error {
	ex, err := s.walletExchange(pathID(r, "exchange"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, r, http.StatusOK, typeJSON, s.walletExchangeView(ex))
	return nil
}

func (s *Server) walletExchangeView(ex *accolade.WalletExchange) api.Exchange {
	links := s.urls.WalletLinksOf(ex)
	v := api.Exchange{ID: ex.ID, State: "pending", Expires: ex.Expires, CredentialID: ex.Credential,
		Exchange: links.Exchange, Interaction: links.Interaction, LCWRequest: links.Request, LCWLegacy: links.Legacy}
	if ex.State == accolade.ExchangeCollected {
		v.State, v.Issued, v.Holder = "complete", ex.Issued, ex.Holder
	}
	return v
}

// walletExchangeIssuers is the community of the credential an admin
// request on wallet exchanges concerns: the one the body names, or the
// exchange's; none when there is no such credential (the handler says so).
func (s *Server) walletExchangeIssuers(r *http.Request) []string {
	var id string
	if ex := r.PathValue("exchange"); ex != "" {
		e, err := s.store.WalletExchange(ex)
		if err != nil {
			return nil
		}
		id = e.Credential
	} else {
		var b api.CreateExchange
		_ = json.Unmarshal(peekBody(r), &b)
		id, _ = credentialUUID(b.Variables.CredentialID)
	}
	rec, err := s.store.Credential(id)
	if id == "" || err != nil {
		return nil
	}
	return []string{issuerSlug(rec.Issuer)}
}

// credentialUUID reads a credential id given as a UUID or urn:uuid:<UUID>,
// in lowercase.
func credentialUUID(s string) (string, bool) {
	s = strings.ToLower(strings.TrimPrefix(s, "urn:uuid:"))
	if _, err := uuid.Parse(s); err != nil || len(s) != 36 {
		return "", false
	}
	return s, true
}

// collectable returns why rec cannot be collected into a wallet now, or
// nil: only the current, valid copy of a credential can.
func (s *Server) collectable(rec *accolade.Record) error {
	now := s.now()
	switch {
	case rec.State != accolade.Issued:
		return errs.E(errs.NotFound, "there is no credential %s", rec.ID)
	case !rec.Forgotten.IsZero():
		return errs.E(errs.Gone, "credential %s is no longer served: its holder's details were removed at their request", rec.ID)
	case rec.SupersededBy != "":
		return errs.E(errs.Conflict, "credential %s was replaced by %s: collect that one", rec.ID, rec.SupersededBy)
	case !rec.Valid(now):
		return errs.E(errs.Conflict, "credential %s is %s: only a valid credential can be collected into a wallet", rec.ID, rec.CurrentStatus(now))
	}
	return nil
}

// startExchange makes and stores a new exchange for rec, which must be
// collectable.
func (s *Server) startExchange(rec *accolade.Record) (*accolade.WalletExchange, error) {
	if err := s.collectable(rec); err != nil {
		return nil, err
	}
	id, err := s.randomHex()
	if err != nil {
		return nil, err
	}
	challenge, err := s.randomHex()
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	ex := &accolade.WalletExchange{ID: id, Credential: rec.ID, Member: rec.Member, Challenge: challenge,
		Created: now, Expires: now.Add(accolade.WalletExchangeTTL), State: accolade.ExchangePending}
	if err := s.store.PutWalletExchange(ex, now); err != nil {
		return nil, err
	}
	return ex, nil
}

// randomHex is 128 random bits in lowercase hex.
func (s *Server) randomHex() (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(s.rand, b[:]); err != nil {
		return "", errs.Wrap(errs.Internal, err, "drawing a random exchange id")
	}
	return hex.EncodeToString(b[:]), nil
}

// walletExchange loads exchange id: errs.NotFound when there is none (or
// it was pruned), accolade.ErrExchangeExpired (errs.Gone) when it is past
// its time.
func (s *Server) walletExchange(id string) (*accolade.WalletExchange, error) {
	unknown := errs.E(errs.NotFound, "there is no wallet exchange %q: it never existed, or it expired and was removed (exchanges last 15 minutes); start a new one from the credential's page", id)
	if !accolade.ValidExchangeID(id) {
		return nil, unknown
	}
	ex, err := s.store.WalletExchange(id)
	if errs.KindOf(err) == errs.NotFound {
		return nil, unknown
	}
	if err != nil {
		return nil, err
	}
	if ex.Expired(s.now()) {
		return nil, accolade.ErrExchangeExpired
	}
	return ex, nil
}

// participate is a wallet's step in an exchange: {} (or nothing) starts it
// and gets the DIDAuth request; {"verifiablePresentation": VP}, or the VP
// itself, gets the credential.
func (s *Server) participate(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	ex, err := s.walletExchange(pathID(r, "exchange"))
	if err != nil {
		return err
	}
	body, err := readBody(w, r, maxPresentation)
	if err != nil {
		return err
	}
	msg, err := readExchangeMessage(body)
	if err != nil {
		return err
	}
	if msg.vp == nil {
		s.writeJSON(w, r, http.StatusOK, typeJSON, s.presentationRequest(ex))
		return nil
	}
	holder, err := s.didAuth(r.Context(), msg, ex)
	if err != nil {
		return err
	}
	rec, err := s.collect(r.Context(), ex, holder)
	if err != nil {
		return err
	}
	if !msg.wrapped { // the direct flow: the credential itself, as DCC's coordinator answers
		writeBytes(w, http.StatusOK, typeJSON, rec.JSON)
		return nil
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, map[string]any{"verifiablePresentation": map[string]any{
		"@context": []string{credentialsV2}, "type": []string{"VerifiablePresentation"},
		"verifiableCredential": []json.RawMessage{rec.JSON},
	}})
	return nil
}

// presentationRequest is the exchange's DIDAuth request: a presentation
// signed by a did:key or did:web, with the exchange's challenge and this
// service's domain, POSTed back to the exchange.
func (s *Server) presentationRequest(ex *accolade.WalletExchange) map[string]any {
	return map[string]any{"verifiablePresentationRequest": map[string]any{
		"query": []any{map[string]any{
			"type":            "DIDAuthentication",
			"acceptedMethods": []any{map[string]string{"method": "key"}, map[string]string{"method": "web"}},
		}},
		"challenge": ex.Challenge,
		"domain":    s.urls.Origin(),
		"interact": map[string]any{"service": []any{map[string]string{
			"type": "UnmediatedPresentationService2021", "serviceEndpoint": s.urls.WalletExchange(ex.ID),
		}}},
	}}
}

// exchangeMessage is what a wallet POSTed to an exchange: no presentation
// (start), or one, wrapped in {"verifiablePresentation": …} or bare.
type exchangeMessage struct {
	vp      []byte
	field   string // where the presentation is in the body, for messages
	wrapped bool
}

// readExchangeMessage reads a wallet's POST body.
func readExchangeMessage(body []byte) (exchangeMessage, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return exchangeMessage{}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		if json.Valid(body) {
			err = errs.E(errs.Invalid, "it is JSON, but not an object")
		} else {
			err = jsonProblem(err)
		}
		return exchangeMessage{}, errs.E(errs.Invalid, "the request body is not a JSON object (%v): send {} to start the exchange, then {\"verifiablePresentation\": …}", err)
	}
	if len(m) == 0 {
		return exchangeMessage{}, nil
	}
	if vp, ok := m["verifiablePresentation"]; ok {
		for k := range m {
			if k != "verifiablePresentation" {
				return exchangeMessage{}, errs.Field(k, "is not read by this exchange: send only {\"verifiablePresentation\": …}")
			}
		}
		return exchangeMessage{vp: vp, field: "verifiablePresentation", wrapped: true}, nil
	}
	if _, ok := m["verifiablePresentationRequest"]; ok {
		return exchangeMessage{}, errs.Field("verifiablePresentationRequest", "is not taken here: this exchange issues a credential, it does not answer presentation requests")
	}
	for _, k := range []string{"@context", "type", "holder", "proof"} {
		if _, ok := m[k]; ok { // a bare presentation: the direct flow
			return exchangeMessage{vp: body}, nil
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, fmt.Sprintf("%q", k))
	}
	return exchangeMessage{}, errs.E(errs.Invalid, "the request body has none of the members an exchange reads (it has %s): send {} to start, then {\"verifiablePresentation\": …} with the signed DIDAuth presentation", strings.Join(keys, ", "))
}

// collect issues the credential of ex bound to holder, once: a collected
// exchange answers its holder with the credential it issued, and refuses
// any other holder. Collections run one at a time, so that two copies of
// one POST cannot both bind.
func (s *Server) collect(ctx context.Context, ex *accolade.WalletExchange, holder string) (*accolade.Record, error) {
	s.walletMu.Lock()
	defer s.walletMu.Unlock()
	ex, err := s.store.WalletExchange(ex.ID) // as it is now, under the lock
	if err != nil {
		return nil, err
	}
	if ex.State == accolade.ExchangeCollected {
		if ex.Holder != holder {
			return nil, accolade.ErrExchangeCollected
		}
		return s.store.Credential(ex.Issued)
	}
	rec := s.boundCopy(ex, holder)
	if rec == nil {
		if rec, err = s.awards.Bind(ctx, ex.Credential, holder); err != nil {
			return nil, err
		}
	}
	if _, err := s.store.CollectWalletExchange(ex.ID, holder, rec.ID, s.now()); err != nil {
		// The credential is stored: a retry finds it (boundCopy) and
		// records it then.
		return nil, fmt.Errorf("recording wallet exchange %s as collected: %w", ex.ID, err)
	}
	return rec, nil
}

// boundCopy returns the copy of ex's credential already bound to holder,
// if there is one: the same holder's earlier collection that was not
// recorded in ex (the service stopped in between), or a collection through
// another exchange of the same credential. Returning it keeps a credential
// from being bound twice.
func (s *Server) boundCopy(ex *accolade.WalletExchange, holder string) *accolade.Record {
	old, err := s.store.Credential(ex.Credential)
	if err != nil || old.SupersededBy == "" {
		return nil
	}
	cur, err := s.store.Credential(old.SupersededBy)
	if err != nil || cur.Holder != holder || cur.Renews != old.ID || cur.Member != ex.Member {
		return nil
	}
	return cur
}

// interact answers the exchange's interaction URL: a wallet (Accept:
// application/json) gets the protocols it may use; a browser (a phone's
// camera opened the QR code) gets a page with the wallet links.
func (s *Server) interact(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Add("Vary", "Accept")
	ex, err := s.walletExchange(pathID(r, "exchange"))
	if err != nil {
		if wantsHTML(r) {
			return s.errorPage(w, r, err)
		}
		return err
	}
	if wantsHTML(r) {
		return s.interactionPage(w, r, ex)
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, map[string]any{"protocols": map[string]string{"vcapi": s.urls.WalletExchange(ex.ID)}})
	return nil
}
