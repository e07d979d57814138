package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
)

// tokenStore is what the API tokens need from storage.
type tokenStore interface {
	PutToken(t *accolade.Token) error
	TokenByHash(hash string) (*accolade.Token, error)
	Token(id string) (*accolade.Token, error)
	Tokens() ([]*accolade.Token, error)
	RevokeToken(id string, at time.Time) (*accolade.Token, error)
	TouchToken(hash string, at time.Time) error
}

// tokenRoutes registers the token and audit endpoints.
func (s *Server) tokenRoutes(m *routeMux) {
	m.HandleFunc("POST /api/v1/tokens", s.allow(accolade.ScopeTokensAdmin, s.postToken))
	m.HandleFunc("GET /api/v1/tokens", s.allow(accolade.ScopeTokensAdmin, s.listTokens))
	m.HandleFunc("DELETE /api/v1/tokens/{id}", s.allow(accolade.ScopeTokensAdmin, s.revokeToken))
	m.HandleFunc("GET /api/v1/audit", s.allow(accolade.ScopeRead, s.getAudit))
}

// postToken creates a token and answers with its secret, the only time
// it is shown. An issuer's token may create tokens only for its issuer
// (allow checks that) and only with scopes it holds itself.
func (s *Server) postToken(w http.ResponseWriter, r *http.Request) error {
	var b api.TokenRequest
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	scopes, err := accolade.ParseScopes(b.Scopes)
	if err != nil {
		return err
	}
	p := principalOf(r)
	for _, sc := range scopes {
		if !p.has(sc) {
			return errs.E(errs.Forbidden, "this token does not have the scope %s, so it cannot give it to a new token", sc)
		}
	}
	if b.Issuer != "" {
		if _, err := s.store.Issuer(b.Issuer); errs.KindOf(err) == errs.NotFound {
			return errs.Field("issuer", "there is no issuer %q", b.Issuer)
		} else if err != nil {
			return err
		}
	}
	t, secret, err := s.newToken(b.Name, b.Issuer, scopes, p.actor)
	if err != nil {
		return err
	}
	auditTarget(r, "token="+t.ID)
	s.writeJSON(w, r, http.StatusCreated, "application/json", api.TokenCreated{Token: tokenView(t), Secret: secret})
	return nil
}

// newToken stores a new token and returns it with its secret; the API
// and the console create tokens through it.
func (s *Server) newToken(name, issuer string, scopes []accolade.Scope, actor string) (*accolade.Token, string, error) {
	secret, hash, id, err := accolade.NewTokenSecret(s.rand)
	if err != nil {
		return nil, "", err
	}
	t := &accolade.Token{ID: id, Hash: hash, Name: strings.TrimSpace(name), Issuer: issuer, Scopes: scopes,
		Created: s.now().UTC(), CreatedBy: actor}
	if err := s.store.PutToken(t); err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// listTokens lists the tokens of the request's issuer (all of them for an
// owner without ?issuer=), never their secrets.
func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) error {
	for k := range r.URL.Query() {
		if k != "issuer" {
			return errs.Field(k, "is not a known query parameter: use issuer")
		}
	}
	iss, all := r.URL.Query().Get("issuer"), false
	if iss == "" {
		iss, all = principalOf(r).issuer(), principalOf(r).owner()
	}
	list, err := s.store.Tokens()
	if err != nil {
		return err
	}
	out := api.TokenList{Tokens: []api.Token{}}
	for _, t := range list {
		if all || t.Issuer == iss {
			out.Tokens = append(out.Tokens, tokenView(t))
		}
	}
	s.writeJSON(w, r, http.StatusOK, "application/json", out)
	return nil
}

// revokeToken revokes a token: it answers 401 from then on. The token is
// kept, marked revoked.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.store.RevokeToken(pathID(r, "id"), s.now().UTC()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func tokenView(t *accolade.Token) api.Token {
	v := api.Token{ID: t.ID, Name: t.Name, Issuer: t.Issuer, Created: t.Created, CreatedBy: t.CreatedBy}
	for _, sc := range t.Scopes {
		v.Scopes = append(v.Scopes, string(sc))
	}
	if !t.Revoked.IsZero() {
		at := t.Revoked
		v.Revoked = &at
	}
	if !t.LastUsed.IsZero() {
		at := t.LastUsed
		v.LastUsed = &at
	}
	return v
}
