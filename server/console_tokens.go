package server

import (
	"bytes"
	"cmp"
	"net/http"
	"slices"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/templates"
)

// The console's tokens page, /console/{slug}/tokens: the community's API
// tokens (never their secrets), creating one, whose secret the answer
// shows once, and revoking one. Tokens are created as POST /api/v1/tokens
// does (newToken), for the community only.

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/tokens", func(s *Server) consoleHandler { return s.consoleTokens }},
		consoleRoute{"POST /console/{slug}/tokens", func(s *Server) consoleHandler { return s.consoleCreateToken }},
		consoleRoute{"POST /console/{slug}/tokens/{id}/revoke", func(s *Server) consoleHandler { return s.consoleRevokeToken }})
	consoleNav = append(consoleNav, consoleNavItem{"/tokens", func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.nav.tokens") }})
	consoleDone["tokenRevoked"] = func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.done.tokenRevoked") }
}

func (s *Server) consoleTokens(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	return s.renderConsoleTokens(w, r, c, http.StatusOK, templates.ConsoleTokensPage{})
}

func (s *Server) renderConsoleTokens(w http.ResponseWriter, r *http.Request, c *coordinator, status int, v templates.ConsoleTokensPage) error {
	v.ConsolePage = s.consolePage(r, c, "/tokens")
	base := "/console/" + c.Issuer.Slug + "/tokens"
	v.Action = s.localPath(base)
	checked := map[string]bool{}
	for _, sc := range r.PostForm["scopes"] {
		checked[sc] = true
	}
	for _, sc := range accolade.AllScopes {
		v.Scopes = append(v.Scopes, templates.ConsoleScope{Name: string(sc), Label: scopeWords(catalogueLookup(v.Site.Locale().T), sc), Checked: checked[string(sc)] && v.Secret == ""})
	}
	list, err := s.store.Tokens()
	if err != nil {
		return err
	}
	slices.SortFunc(list, func(a, b *accolade.Token) int { return cmp.Or(b.Created.Compare(a.Created), cmp.Compare(a.ID, b.ID)) })
	for _, t := range list {
		if t.Issuer != c.Issuer.Slug {
			continue
		}
		ct := templates.ConsoleToken{ID: t.ID, Name: t.Name, CreatedBy: t.CreatedBy, Created: t.Created, LastUsed: t.LastUsed,
			Revoked: t.Revoked, RevokeURL: s.localPath(base + "/" + t.ID + "/revoke")}
		for _, sc := range t.Scopes {
			ct.Scopes = append(ct.Scopes, string(sc))
		}
		v.Tokens = append(v.Tokens, ct)
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-tokens", v) })
}

// consoleCreateToken creates a token of the community with the scopes
// ticked; the answer is the page with the secret, shown this once.
func (s *Server) consoleCreateToken(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	v := templates.ConsoleTokensPage{Name: r.PostFormValue("name")}
	scopes, err := accolade.ParseScopes(r.PostForm["scopes"])
	if err == nil {
		var t *accolade.Token
		t, v.Secret, err = s.newToken(v.Name, c.Issuer.Slug, scopes, "coordinator:"+c.Member.ID)
		if err == nil {
			v.Created, v.Name = t.Name, ""
			w.Header().Set("Cache-Control", "no-store")
			return s.renderConsoleTokens(w, r, c, http.StatusCreated, v)
		}
	}
	if v.Err, err = formError(err, func(string) string { return "scopes" }); err != nil {
		return err
	}
	v.Err.Message = catalogueLookup(s.locale(r).T).T("console.tokens.scopesRequired")
	return s.renderConsoleTokens(w, r, c, http.StatusUnprocessableEntity, v)
}

// consoleRevokeToken revokes one of the community's tokens.
func (s *Server) consoleRevokeToken(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	t, err := s.store.Token(pathID(r, "id"))
	if err != nil || t.Issuer != c.Issuer.Slug {
		return errs.E(errs.NotFound, "There is no page at %s.", shortPath(r))
	}
	if _, err := s.store.RevokeToken(t.ID, s.now().UTC()); err != nil {
		return err
	}
	return s.done(w, r, "/console/"+c.Issuer.Slug+"/tokens", "tokenRevoked")
}

// scopeWords is what a scope lets a token do, in the page's words.
func scopeWords(l catalogueLookup, sc accolade.Scope) string {
	switch sc {
	case accolade.ScopeMembersWrite:
		return l.T("console.tokens.scopeMembers")
	case accolade.ScopeActivityWrite:
		return l.T("console.tokens.scopeActivity")
	case accolade.ScopeAchievementsWrite:
		return l.T("console.tokens.scopeAchievements")
	case accolade.ScopeCredentialsIssue:
		return l.T("console.tokens.scopeIssue")
	case accolade.ScopeCredentialsRevoke:
		return l.T("console.tokens.scopeRevoke")
	case accolade.ScopeKeysAdmin:
		return l.T("console.tokens.scopeKeys")
	case accolade.ScopeTokensAdmin:
		return l.T("console.tokens.scopeTokens")
	case accolade.ScopeIssuersAdmin:
		return l.T("console.tokens.scopeIssuers")
	}
	return l.T("console.tokens.scopeRead")
}
