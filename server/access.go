package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
)

// Access to the admin API. Every admin route is registered with
// s.allow(scope, h): the scope the request needs. Which community
// (issuer) a request concerns is decided in one place, requestIssuers,
// from the route and the resource it names. A token acts either for one
// issuer or for the whole install (owner); ACCOLADE_ADMIN_TOKEN is an
// owner token with every scope.

// principal is who sent an authenticated admin request.
type principal struct {
	token *accolade.Token // nil: the bootstrap token
	actor string
}

// owner reports whether p acts for the whole install.
func (p *principal) owner() bool { return p.token == nil || p.token.Owner() }

// has reports whether p holds scope.
func (p *principal) has(scope accolade.Scope) bool { return p.token == nil || p.token.Has(scope) }

// issuer is the community p acts for; "" for the whole install.
func (p *principal) issuer() string {
	if p.owner() {
		return ""
	}
	return p.token.Issuer
}

// mayActFor reports whether p may act for the issuer slug ("" meaning the
// install itself).
func (p *principal) mayActFor(slug string) bool { return p.owner() || slug == p.token.Issuer }

type principalKey struct{}

// request is what allow keeps of an admin request for its handler: who
// sent it, and its audit entry.
type request struct {
	p     *principal
	entry *accolade.AuditEntry
}

// principalOf returns the principal allow authenticated for r.
func principalOf(r *http.Request) *principal {
	q, _ := r.Context().Value(principalKey{}).(*request)
	if q == nil {
		return nil
	}
	return q.p
}

// auditTarget adds to the audit entry of r what the handler made or
// changed beyond the path's ids, such as a new token's id.
func auditTarget(r *http.Request, what string) {
	if q, _ := r.Context().Value(principalKey{}).(*request); q != nil {
		q.entry.Target = strings.TrimSpace(q.entry.Target + " " + what)
	}
}

// guarded is an admin route: it needs scope; upload handlers check their
// body type themselves.
type guarded struct {
	s      *Server
	scope  accolade.Scope
	upload bool
	h      handler
}

// allow marks an admin handler that needs scope.
func (s *Server) allow(scope accolade.Scope, h handler) http.Handler {
	return &guarded{s: s, scope: scope, h: h}
}

// allowUpload is allow for a handler whose body is an image: the admin
// API's rule on body types (checkBodyType) is applied by the handler
// itself, with the image types.
func (s *Server) allowUpload(scope accolade.Scope, h handler) http.Handler {
	return &guarded{s: s, scope: scope, upload: true, h: h}
}

func (g *guarded) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := g.s
	rw := &statusWriter{ResponseWriter: w}
	e := accolade.AuditEntry{Time: s.now().UTC(), Action: r.Pattern, Target: target(r), Actor: "anonymous"}
	var err error
	if r.Method != http.MethodGet && r.Method != http.MethodHead || r.Pattern == routeBackup { // a backup copies everything: recorded
		defer func() {
			if v := recover(); v != nil { // answered 500 by ServeHTTP
				rw.status, err = http.StatusInternalServerError, errs.E(errs.Internal, "panic")
				defer panic(v)
			}
			s.auditRequest(rw, &e, err)
		}()
	}
	p, iss, err := s.authorize(r, g.scope, &e)
	e.Issuer = iss
	if err == nil && !g.upload {
		err = checkBodyType(r)
	}
	if err == nil {
		r = r.WithContext(context.WithValue(r.Context(), principalKey{}, &request{p, &e}))
		if r.Pattern == "POST /api/v1/credentials/{id}/{action}" {
			e.Reason = peekReason(r)
		}
		err = g.h(rw, r)
	}
	if err != nil {
		s.writeError(rw, r, err)
	}
}

// auditRequest completes e with the answer's status and appends it.
func (s *Server) auditRequest(rw *statusWriter, e *accolade.AuditEntry, err error) {
	e.Outcome = rw.code()
	if loc := rw.Header().Get("Location"); loc != "" && e.Outcome < 300 {
		e.Target = strings.TrimSpace(e.Target + " created=" + loc)
	}
	if e.Outcome >= 400 {
		e.Reason = "" // nothing was changed for it
		e.Refusal = refusal(e.Outcome, err)
	}
	s.audit(*e)
}

// authorize authenticates r and checks that its principal holds scope and
// may act for every issuer the request concerns. It fills e's actor, and
// returns the issuer for the audit log: the first the request concerns
// or, when refused, the token's own (so that a community's log never
// names another's tokens).
// Errors: errs.Unauthorized (no, unknown or revoked token), errs.Forbidden
// (missing scope, another community).
func (s *Server) authorize(r *http.Request, scope accolade.Scope, e *accolade.AuditEntry) (*principal, string, error) {
	p, err := s.authenticate(r)
	if err != nil {
		if errs.KindOf(err) == errs.Unauthorized && bearer(r) != "" {
			e.Actor = "unknown token"
		}
		return nil, "", err
	}
	e.Actor = p.actor
	if r.Pattern == "POST /api/v1/import/{kind}" && r.PathValue("kind") == "members" {
		scope = accolade.ScopeMembersWrite // an import of members, not of activity
	}
	if !p.has(scope) {
		return nil, p.issuer(), errs.E(errs.Forbidden, "this token does not have the scope %s, which %s needs", scope, r.Pattern)
	}
	issuers, err := s.requestIssuers(r, p)
	if err != nil {
		return nil, p.issuer(), err
	}
	for _, iss := range issuers {
		if !p.mayActFor(iss) {
			if iss == "" {
				return nil, p.issuer(), errs.E(errs.Forbidden, "this token acts for the community %s only; %s needs an install-wide token", p.issuer(), r.Pattern)
			}
			return nil, p.issuer(), errs.E(errs.Forbidden, "this token acts for the community %s only, and this request is outside it", p.issuer())
		}
	}
	if p.token != nil && s.now().Sub(p.token.LastUsed) >= time.Minute {
		if err := s.store.TouchToken(p.token.Hash, s.now().UTC()); err != nil {
			s.log.Warn("recording a token's use", "token", p.token.ID, "err", err)
		}
	}
	iss := p.issuer()
	if len(issuers) > 0 {
		iss = issuers[0]
	}
	return p, iss, nil
}

// bearer is r's bearer token, or "".
func bearer(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// authenticate finds who sent r: the bootstrap token (compared in
// constant time) or a stored token, by the hash of its secret. A missing,
// unknown or revoked token is an errs.Unauthorized error.
func (s *Server) authenticate(r *http.Request) (*principal, error) {
	token := bearer(r)
	if token == "" {
		return nil, errs.E(errs.Unauthorized, "this endpoint needs an API token: send Authorization: Bearer <token>")
	}
	// Hashing both sides first keeps the comparison's time independent of
	// the lengths too.
	got, want := sha256.Sum256([]byte(token)), sha256.Sum256([]byte(s.adminToken))
	if s.adminToken != "" && subtle.ConstantTimeCompare(got[:], want[:]) == 1 {
		return &principal{actor: s.adminActor}, nil
	}
	t, err := s.store.TokenByHash(accolade.TokenHash(token))
	if errs.KindOf(err) == errs.NotFound {
		return nil, errs.E(errs.Unauthorized, "the API token is not valid")
	}
	if err != nil {
		return nil, err
	}
	if !t.Revoked.IsZero() {
		return nil, errs.E(errs.Unauthorized, "this API token was revoked")
	}
	return &principal{token: t, actor: t.Actor()}, nil
}

// requestIssuers returns the issuers r concerns, from its route and the
// resources it names: "" stands for the install itself (owner tokens
// only). None is returned when the resource does not exist: the handler
// answers 404. Members, exchanges, attestations and applications belong
// to communities (server/community.go); a list, an import or an
// evaluation concerns the acting community (actingCommunity).
func (s *Server) requestIssuers(r *http.Request, p *principal) ([]string, error) {
	def := []string{accolade.DefaultSlug}
	switch pat := r.Pattern; {
	case pat == "POST /api/v1/issuers" || pat == "GET /api/v1/issuers" || pat == routeBackup || pat == "GET /api/v1/metrics": // the install's business
		return []string{""}, nil
	case pat == "PUT /api/v1/members/{id}" || pat == "POST /api/v1/members/{id}/forget":
		return s.memberIssuers(r, p, r.PathValue("id"), true), nil
	case pat == "GET /api/v1/members/{id}" || pat == "GET /api/v1/members/{id}/progress" || pat == "GET "+routeMemberCLR:
		return s.memberIssuers(r, p, r.PathValue("id"), false), nil
	case pat == "POST /api/v1/exchanges" || pat == "POST /api/v1/attestations":
		return bodyCommunity(r, p), nil
	case strings.Contains(pat, " /api/v1/exchanges/{id}"):
		return s.exchangeIssuers(r.PathValue("id")), nil
	case pat == "POST /api/v1/applications":
		var b struct {
			Achievement string `json:"achievement"`
		}
		_ = json.Unmarshal(peekBody(r), &b)
		return s.achievementIssuer(b.Achievement), nil
	case strings.Contains(pat, " /api/v1/applications/{id}"):
		return s.applicationIssuers(r.PathValue("id")), nil
	case pat == "GET /api/v1/members" || pat == "GET /api/v1/applications" || pat == "GET /api/v1/credentials" ||
		pat == "POST /api/v1/import/{kind}" || pat == "POST /api/v1/awards/evaluate":
		return []string{actingCommunity(r, p)}, nil
	case pat == routeDryRun: // the issuer the tried file names, and the one it would replace
		var out []string
		if a, err := criteria.ParseAchievement("", peekBody(r)); err == nil {
			out = s.achievementIssuer(a.ID)
		}
		return append(out, bodyAchievementIssuers(r, false)...), nil
	case strings.Contains(pat, "{slug}"):
		return []string{r.PathValue("slug")}, nil
	case pat == "PUT /api/v1/achievements/{id}":
		out := s.achievementIssuer(r.PathValue("id"))
		return append(out, bodyAchievementIssuers(r, false)...), nil
	case pat == "POST /api/v1/achievements":
		return bodyAchievementIssuers(r, true), nil
	case strings.Contains(pat, " /api/v1/achievements/{id}"):
		return s.achievementIssuer(r.PathValue("id")), nil
	case strings.Contains(pat, " /api/v1/credentials/{id}"):
		rec, err := s.store.Credential(r.PathValue("id"))
		if err != nil {
			return nil, nil
		}
		return []string{issuerSlug(rec.Issuer)}, nil
	case pat == "POST /credentials/issue": // VC-API (vcapi.go): the issuer the credential names
		var b struct {
			Credential struct {
				Issuer json.RawMessage `json:"issuer"`
			} `json:"credential"`
		}
		_ = json.Unmarshal(peekBody(r), &b)
		var id string
		if json.Unmarshal(b.Credential.Issuer, &id) != nil {
			var o struct{ ID string }
			_ = json.Unmarshal(b.Credential.Issuer, &o)
			id = o.ID
		}
		if slug, err := s.issuerWithID(id, ""); err == nil {
			return []string{slug}, nil
		}
		return []string{p.issuer()}, nil // none of ours: the handler says so
	case pat == "POST /credentials/status": // the issuer of the credential
		var b struct {
			CredentialID string `json:"credentialId"`
		}
		_ = json.Unmarshal(peekBody(r), &b)
		if s.vcStore != nil {
			if vc, err := s.vcStore.IssuedVC(b.CredentialID); err == nil {
				return []string{vc.Issuer}, nil
			}
		}
		if id, ok := strings.CutPrefix(b.CredentialID, "urn:uuid:"); ok {
			if rec, err := s.store.Credential(id); err == nil {
				return []string{issuerSlug(rec.Issuer)}, nil
			}
		}
		return []string{p.issuer()}, nil // unknown: the handler answers 404
	case pat == "POST /api/v1/credentials":
		var b api.IssueRequest
		_ = json.Unmarshal(peekBody(r), &b)
		if b.Achievement == "" {
			return def, nil
		}
		return s.achievementIssuer(b.Achievement), nil
	case pat == "POST "+accolade.RouteWorkflowExchanges || pat == "GET "+accolade.RouteWalletExchange:
		return s.walletExchangeIssuers(r), nil
	case strings.Contains(pat, " /api/v1/endorsements"): // endorsement.go
		return s.endorsementIssuers(r, p), nil
	case pat == "POST /api/v1/tokens":
		var b api.TokenRequest
		_ = json.Unmarshal(peekBody(r), &b)
		return []string{b.Issuer}, nil
	case pat == "DELETE /api/v1/tokens/{id}":
		t, err := s.store.Token(r.PathValue("id"))
		if err != nil {
			return nil, nil
		}
		return []string{t.Issuer}, nil
	case pat == "GET /api/v1/tokens" || pat == "GET /api/v1/audit":
		if q := r.URL.Query().Get("issuer"); q != "" {
			return []string{q}, nil
		}
		return []string{p.issuer()}, nil
	}
	return def, nil
}

// issuerSlug is slug, or the default issuer's when empty.
func issuerSlug(slug string) string {
	if slug == "" {
		return accolade.DefaultSlug
	}
	return slug
}

// achievementIssuer is the issuer of achievement id, or none when there
// is no such achievement.
func (s *Server) achievementIssuer(id string) []string {
	a, err := s.store.Achievement(id)
	if err != nil {
		return nil
	}
	return []string{issuerSlug(a.Issuer)}
}

// bodyAchievementIssuers reads the issuers of the achievement files in r's
// body (several when batch): a body that does not parse concerns the
// default issuer, and the handler refuses it.
func bodyAchievementIssuers(r *http.Request, batch bool) []string {
	body := peekBody(r)
	if !batch {
		a, err := criteria.ParseAchievement("request body", body)
		if err != nil {
			return []string{accolade.DefaultSlug}
		}
		return []string{issuerSlug(a.Issuer)}
	}
	var files api.AchievementFiles
	if err := json.Unmarshal(body, &files); err != nil || len(files.Files) == 0 {
		return []string{accolade.DefaultSlug}
	}
	var out []string
	for _, f := range files.Files {
		a, err := criteria.ParseAchievement(f.Name, []byte(f.Content))
		if err != nil {
			out = append(out, accolade.DefaultSlug)
			continue
		}
		out = append(out, issuerSlug(a.Issuer))
	}
	return out
}

// peekBody reads up to maxAdminBody bytes of r's body and puts them back,
// so that the handler reads the whole body (and its limit) as sent.
func peekBody(r *http.Request) []byte {
	if r.Body == nil {
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, maxAdminBody))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), r.Body), r.Body}
	return b
}

// peekReason is the private reason of a status change, for the audit log.
func peekReason(r *http.Request) string {
	var b api.StatusChange
	_ = json.Unmarshal(peekBody(r), &b)
	return strings.TrimSpace(b.Reason)
}

// target names what r's path names: its wildcards and their values.
func target(r *http.Request) string {
	var parts []string
	rest := r.Pattern
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			break
		}
		name := strings.TrimSuffix(strings.TrimSuffix(rest[i+1:i+j], "..."), "$")
		if name != "" {
			parts = append(parts, name+"="+r.PathValue(name))
		}
		rest = rest[i+j+1:]
	}
	return strings.Join(parts, " ")
}

// refusal says why a request was refused, for the audit log: the message
// of a 401 or 403 (which never quotes the body), and otherwise the status
// and the field at fault, never a message that might quote the body.
func refusal(status int, err error) string {
	if err == nil {
		return http.StatusText(status)
	}
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden:
		return err.Error()
	}
	if f := errs.FieldOf(err); f != "" {
		return http.StatusText(status) + " (field " + f + ")"
	}
	return http.StatusText(status)
}

// statusWriter keeps the status a handler answers with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// route is one registered route; scope is set for admin routes.
type route struct {
	pattern string
	scope   accolade.Scope
	admin   bool
}

// routeMux is the server's ServeMux, keeping a list of its routes and the
// scope each admin route declared, for the tests and the README.
type routeMux struct {
	*http.ServeMux
	routes []route
}

// HandleFunc registers h for pattern (an admin route when h came from
// allow).
func (m *routeMux) HandleFunc(pattern string, h http.Handler) {
	m.Handle(pattern, h)
	rt := route{pattern: pattern}
	if g, ok := h.(*guarded); ok {
		rt.scope, rt.admin = g.scope, true
	}
	m.routes = append(m.routes, rt)
}
