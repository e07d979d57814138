package server

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/oid4vci"
	"github.com/accolade-badges/accolade/templates"
)

// OAuth 2.0 for the Open Badges 3.0 API (obapi.go): Accolade is the
// authorization server of its own resource server. Kept small and written
// here rather than taken from a framework (ory/fosite would bring a
// storage abstraction, JWT access tokens and a dozen flows we do not
// offer): what it does is
//   - dynamic client registration (RFC 7591) at POST /oauth/register;
//   - the authorization code grant with PKCE S256 required (RFC 7636): the
//     member signs in as on every page, and a consent page names the
//     client and the scopes in words;
//   - refresh tokens, rotated at each use, a reused one ending its grant;
//   - token revocation (RFC 7009) and the metadata document (RFC 8414).
// Codes and tokens are random 256-bit secrets stored as their SHA-256
// (store/oauth.go); the member's account lists each grant and revokes it.

// oauthStore is what OAuth and the Open Badges API need from storage;
// store.DB satisfies it.
type oauthStore interface {
	PutOAuthClient(c *accolade.OAuthClient) error
	OAuthClient(id string) (*accolade.OAuthClient, error)
	CreateOAuthGrant(g *accolade.OAuthGrant, code *accolade.OAuthCode) error
	ExchangeOAuthCode(hash string, now time.Time, check func(*accolade.OAuthCode) error, tokens ...accolade.OAuthToken) (*accolade.OAuthGrant, error)
	OAuthAccess(hash string, now time.Time) (*accolade.OAuthGrant, error)
	RefreshOAuth(hash, client string, now time.Time, tokens ...accolade.OAuthToken) (*accolade.OAuthGrant, error)
	RevokeOAuthToken(hash, client string, at time.Time) error
	MemberOAuthGrants(member string) ([]*accolade.OAuthGrant, error)
	RevokeOAuthGrant(member, id string, at time.Time) error
	PutExternal(e *accolade.External) (bool, error)
	Externals(member string) ([]*accolade.External, error)
	DeleteExternal(member, id string) error
	PruneOAuth(now time.Time) (int, error)
}

// registrationsPerHour bounds the clients one address registers (each is
// a record, and registration needs no account): valid registrations
// only, as refused ones store nothing.
const registrationsPerHour = 20

// Lifetimes of codes and tokens.
const (
	oauthCodeTTL    = 10 * time.Minute // RFC 6749 §4.1.2: short
	oauthAccessTTL  = time.Hour
	oauthRefreshTTL = 90 * 24 * time.Hour
)

// The OAuth paths.
const (
	pathOAuthMetadata = "/.well-known/oauth-authorization-server"
	pathOAuthRegister = "/oauth/register"
	pathOAuthAuthz    = "/oauth/authorize"
	// pathOAuthToken is the service's one token endpoint, which OpenID4VCI's
	// pre-authorized code grant shares (oid4vci.go dispatches on grant_type).
	pathOAuthToken  = oid4vci.PathToken
	pathOAuthRevoke = "/oauth/revoke"
)

func (s *Server) oauthRoutes(m *routeMux) {
	if s.oauth == nil {
		return
	}
	m.HandleFunc("POST "+pathOAuthRegister, s.public(s.oauthRegister))
	m.HandleFunc("GET "+pathOAuthAuthz, s.signedIn(s.oauthAuthorize))
	m.HandleFunc("POST "+pathOAuthAuthz, s.signedIn(s.oauthConsent))
	m.HandleFunc("POST "+pathOAuthRevoke, s.public(s.oauthRevoke))
	// Clients prove themselves with their secret or a token, never a
	// cookie: a web client's request from its own origin is let through.
	for _, p := range []string{"POST " + pathOAuthRegister, "POST " + pathOAuthRevoke, "POST " + pathOBCredentials, "PUT " + pathOBProfile} {
		s.crossOrigin.AddInsecureBypassPattern(p)
	}
	m.HandleFunc("POST /account/access/{id}/revoke", s.signedIn(s.memberRevokeGrant))
	m.HandleFunc("POST "+routeRemoveExternal, s.signedIn(s.memberRemoveExternal))
	s.obRoutes(m)
}

// absolute is the public URL of path p.
func (s *Server) absolute(p string) string { return strings.TrimRight(s.urls.Base, "/") + p }

// oauthMetadata adds the authorization code grant to the RFC 8414
// document of the service, which OpenID4VCI's pre-authorized code grant
// begins (oid4vci.go): one authorization server, one token endpoint.
func (s *Server) oauthMetadata(md map[string]any) {
	md["authorization_endpoint"] = s.absolute(pathOAuthAuthz)
	md["registration_endpoint"] = s.absolute(pathOAuthRegister)
	md["revocation_endpoint"] = s.absolute(pathOAuthRevoke)
	md["scopes_supported"] = append(slices.Clone(accolade.OBScopes), "offline_access")
	md["response_types_supported"] = []string{"code"}
	md["response_modes_supported"] = []string{"query"}
	md["grant_types_supported"] = []string{oid4vci.GrantPreAuthorized, "authorization_code", "refresh_token"}
	md["token_endpoint_auth_methods_supported"] = []string{"none", "client_secret_basic", "client_secret_post"}
	md["revocation_endpoint_auth_methods_supported"] = []string{"none", "client_secret_basic", "client_secret_post"}
	md["code_challenge_methods_supported"] = []string{"S256"}
	md["service_documentation"] = s.absolute(pathOBDiscovery)
}

// oauthOrWallet sends the token requests of the authorization code and
// refresh token grants to oauthToken, and the others to wallet (the
// OpenID4VCI pre-authorized code grant).
func (s *Server) oauthOrWallet(wallet handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.oauth != nil {
			r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
			if err := r.ParseForm(); err == nil {
				if gt := r.PostFormValue("grant_type"); gt == "authorization_code" || gt == "refresh_token" {
					return s.oauthToken(w, r)
				}
			}
		}
		return wallet(w, r)
	}
}

// oauthError is an error of the token, registration or revocation
// endpoints, as RFC 6749 §5.2 and RFC 7591 §3.2.2 word them.
type oauthError struct {
	status      int
	code        string
	description string
}

func (e *oauthError) Error() string { return e.code + ": " + e.description }

func (s *Server) writeOAuthError(w http.ResponseWriter, r *http.Request, e *oauthError) {
	if e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="accolade oauth"`)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, r, e.status, typeJSON, map[string]string{"error": e.code, "error_description": e.description})
}

// registration is an RFC 7591 client registration request. Fields not
// here are ignored, as §2 asks.
type registration struct {
	ClientName              string   `json:"client_name"`
	ClientURI               string   `json:"client_uri"`
	RedirectURIs            []string `json:"redirect_uris"`
	GrantTypes              []string `json:"grant_types"`
	ResponseTypes           []string `json:"response_types"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
	Scope                   string   `json:"scope"`
}

// maxClientName bounds what a client calls itself on the consent page.
const maxClientName = 100

func (s *Server) oauthRegister(w http.ResponseWriter, r *http.Request) error {
	c, secret, method, oe := s.register(w, r)
	if oe != nil {
		s.writeOAuthError(w, r, oe)
		return nil
	}
	out := map[string]any{
		"client_id": c.ID, "client_id_issued_at": c.Created.Unix(), "client_name": c.Name,
		"redirect_uris": c.RedirectURIs, "grant_types": []string{"authorization_code", "refresh_token"},
		"response_types": []string{"code"}, "scope": strings.Join(c.Scopes, " "), "token_endpoint_auth_method": "none",
	}
	if c.URI != "" {
		out["client_uri"] = c.URI
	}
	if secret != "" {
		out["client_secret"], out["client_secret_expires_at"] = secret, 0
		out["token_endpoint_auth_method"] = cmp.Or(method, "client_secret_basic")
	}
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, r, http.StatusCreated, typeJSON, out)
	return nil
}

// register checks and stores a registration; secret is the client secret
// of a confidential client, "" for a public one, and method the token
// endpoint auth method it asked for.
func (s *Server) register(w http.ResponseWriter, r *http.Request) (c *accolade.OAuthClient, secret, method string, oe *oauthError) {
	bad := func(code, format string, args ...any) (*accolade.OAuthClient, string, string, *oauthError) {
		return nil, "", "", &oauthError{status: http.StatusBadRequest, code: code, description: fmt.Sprintf(format, args...)}
	}
	internal := &oauthError{status: http.StatusInternalServerError, code: "server_error", description: "internal error"}
	body, err := readBody(w, r, 64<<10)
	if err != nil {
		return bad("invalid_client_metadata", "the registration is larger than 64 KiB")
	}
	var reg registration
	if err := json.Unmarshal(body, &reg); err != nil {
		return bad("invalid_client_metadata", "the registration is not a JSON object: %v", jsonProblem(err))
	}
	reg.ClientName = strings.TrimSpace(reg.ClientName)
	switch {
	case reg.ClientName == "":
		return bad("invalid_client_metadata", "client_name is required: the consent page shows members who asks")
	case len([]rune(reg.ClientName)) > maxClientName:
		return bad("invalid_client_metadata", "client_name is longer than %d characters", maxClientName)
	case len(reg.RedirectURIs) == 0:
		return bad("invalid_redirect_uri", "redirect_uris is required: at least one URI the authorization code is sent to")
	case len(reg.RedirectURIs) > 10:
		return bad("invalid_redirect_uri", "redirect_uris has %d URIs; at most 10", len(reg.RedirectURIs))
	}
	for _, u := range reg.RedirectURIs {
		if err := checkRedirectURI(u); err != nil {
			return bad("invalid_redirect_uri", "redirect_uris: %q %v", u, err)
		}
	}
	if reg.ClientURI != "" {
		if u, err := url.Parse(reg.ClientURI); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(reg.ClientURI) > 500 {
			return bad("invalid_client_metadata", "client_uri %q is not an http(s) URL", reg.ClientURI)
		}
	}
	for _, g := range reg.GrantTypes {
		if g != "authorization_code" && g != "refresh_token" {
			return bad("invalid_client_metadata", "grant_types: %q is not offered; only authorization_code and refresh_token", g)
		}
	}
	for _, t := range reg.ResponseTypes {
		if t != "code" {
			return bad("invalid_client_metadata", "response_types: %q is not offered; only code", t)
		}
	}
	scopes := accolade.OBScopes
	if strings.TrimSpace(reg.Scope) != "" {
		if scopes, err = accolade.ParseOAuthScopes(reg.Scope); err != nil {
			return bad("invalid_client_metadata", "scope: %v", err)
		}
	}
	c = &accolade.OAuthClient{Name: reg.ClientName, URI: reg.ClientURI, RedirectURIs: reg.RedirectURIs, Scopes: scopes, Created: s.now().UTC()}
	switch reg.TokenEndpointAuthMethod {
	case "", "client_secret_basic", "client_secret_post":
		var hash string
		if secret, hash, err = s.newSecret(); err != nil {
			return nil, "", "", internal
		}
		c.SecretHash = hash
	case "none":
	default:
		return bad("invalid_client_metadata", "token_endpoint_auth_method %q is not offered; use client_secret_basic, client_secret_post or none", reg.TokenEndpointAuthMethod)
	}
	id, _, err := s.newSecret()
	if err != nil {
		return nil, "", "", internal
	}
	c.ID = id[:22]
	if ok, retry := s.registerLimit.reserve(r.RemoteAddr); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(retry.Seconds())+1))
		return nil, "", "", &oauthError{status: http.StatusTooManyRequests, code: "invalid_client_metadata",
			description: fmt.Sprintf("too many registrations from this address: at most %d an hour; try again later", registrationsPerHour)}
	}
	if err := s.oauth.PutOAuthClient(c); err != nil {
		s.log.Error("registering an OAuth client", "err", err)
		return nil, "", "", internal
	}
	return c, secret, reg.TokenEndpointAuthMethod, nil
}

// checkRedirectURI accepts an absolute https URI without a fragment, or
// http on a loopback address (a native app's, RFC 8252 §7.3).
func checkRedirectURI(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "":
		return errors.New("is not an absolute URI")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return errors.New("has a fragment, which RFC 6749 §3.1.2 forbids")
	case len(raw) > 1000:
		return errors.New("is longer than 1,000 characters")
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	}
	return errors.New("must be https (or http on localhost, for an app on the member's own machine)")
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// authRequest is a checked authorization request.
type authRequest struct {
	client      *accolade.OAuthClient
	redirectURI string
	scopes      []string
	state       string
	challenge   string
}

// parseAuthRequest checks an authorization request's parameters (from the
// query of the GET, or the consent form's fields). An unknown client or a
// redirect URI it did not register is answered on a page (errPage): a
// code, or an error, is never sent to a URI nobody vouched for. Any other
// fault goes back to the client (redirect, with RFC 6749 §4.1.2.1's error).
func (s *Server) parseAuthRequest(q url.Values) (req *authRequest, redirect string, errPage error) {
	c, err := s.oauth.OAuthClient(q.Get("client_id"))
	if err != nil {
		return nil, "", errs.E(errs.Invalid, "this request comes from an application this site does not know (client_id %q); nothing was shared", q.Get("client_id"))
	}
	req = &authRequest{client: c, redirectURI: q.Get("redirect_uri"), state: q.Get("state")}
	if req.redirectURI == "" && len(c.RedirectURIs) == 1 {
		req.redirectURI = c.RedirectURIs[0]
	}
	if !slices.Contains(c.RedirectURIs, req.redirectURI) {
		return nil, "", errs.E(errs.Invalid, "this request would send you to an address %q did not register; nothing was shared", c.Name)
	}
	back := func(code, description string) (*authRequest, string, error) {
		return nil, redirectWith(req.redirectURI, url.Values{"error": {code}, "error_description": {description}, "state": {req.state}}), nil
	}
	if q.Get("response_type") != "code" {
		return back("unsupported_response_type", "response_type must be code")
	}
	if q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 {
		return back("invalid_request", "PKCE is required: code_challenge (43 characters, base64url of a SHA-256) with code_challenge_method S256")
	}
	req.challenge = q.Get("code_challenge")
	scopes, err := accolade.ParseOAuthScopes(q.Get("scope"))
	if err != nil {
		return back("invalid_scope", err.Error())
	}
	if len(scopes) == 0 {
		scopes = c.Scopes
	}
	for _, sc := range scopes {
		if !slices.Contains(c.Scopes, sc) {
			return back("invalid_scope", "scope "+sc+" was not registered by this client")
		}
	}
	req.scopes = scopes
	return req, "", nil
}

// redirectWith is uri with the parameters added to its query (empty
// values left out).
func redirectWith(uri string, params url.Values) string {
	u, _ := url.Parse(uri) // registered, so parsed before
	q := u.Query()
	for k, vs := range params {
		if len(vs) > 0 && vs[0] != "" {
			q.Set(k, vs[0])
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// oauthAuthorize shows the consent page for a signed-in member.
func (s *Server) oauthAuthorize(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	req, redirect, errPage := s.parseAuthRequest(r.URL.Query())
	switch {
	case errPage != nil:
		return s.errorPage(w, r, errPage)
	case redirect != "":
		http.Redirect(w, r, redirect, http.StatusSeeOther)
		return nil
	}
	return s.renderConsent(w, r, m, req)
}

func (s *Server) renderConsent(w http.ResponseWriter, r *http.Request, m *accolade.Member, req *authRequest) error {
	loc := s.locale(r)
	v := templates.ConsentPage{MemberPage: s.memberPage(r, m, ""), Client: req.client.Name, ClientURI: req.client.URI,
		Action: s.localPath(pathOAuthAuthz), RedirectHost: hostOf(req.redirectURI),
		Fields: map[string]string{"client_id": req.client.ID, "redirect_uri": req.redirectURI, "scope": strings.Join(req.scopes, " "),
			"state": req.state, "code_challenge": req.challenge, "code_challenge_method": "S256", "response_type": "code"}}
	for _, sc := range req.scopes {
		v.Scopes = append(v.Scopes, obScopeWords(catalogueLookup(loc.T), sc))
	}
	// The form's answer redirects to the client: the page lets its form
	// lead there (form-action governs redirects too), and nowhere else.
	if u, err := url.Parse(req.redirectURI); err == nil {
		w.Header().Set("Content-Security-Policy", strings.Replace(pageCSP, "form-action 'self'", "form-action 'self' "+u.Scheme+"://"+u.Host, 1))
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.Consent(b, v) })
}

// obScopeWords is what an Open Badges API scope lets an application do,
// in the page's words.
func obScopeWords(l catalogueLookup, scope string) string {
	switch scope {
	case accolade.ScopeCredentialRead:
		return l.T("oauth.scope.credentialReadonly")
	case accolade.ScopeCredentialUpsert:
		return l.T("oauth.scope.credentialUpsert")
	case accolade.ScopeProfileRead:
		return l.T("oauth.scope.profileReadonly")
	case accolade.ScopeProfileUpdate:
		return l.T("oauth.scope.profileUpdate")
	}
	return scope
}

func hostOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return uri
	}
	return u.Host
}

// oauthConsent takes the member's answer: allow makes a grant and sends
// its code to the client, deny tells the client so.
func (s *Server) oauthConsent(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "the consent form could not be read")
	}
	req, redirect, errPage := s.parseAuthRequest(r.PostForm)
	switch {
	case errPage != nil:
		return s.errorPage(w, r, errPage)
	case redirect != "":
		http.Redirect(w, r, redirect, http.StatusSeeOther)
		return nil
	}
	if r.PostFormValue("decision") != "allow" {
		http.Redirect(w, r, redirectWith(req.redirectURI, url.Values{"error": {"access_denied"},
			"error_description": {"the member declined"}, "state": {req.state}}), http.StatusSeeOther)
		return nil
	}
	code, hash, err := s.newSecret()
	if err != nil {
		return err
	}
	gid, _, err := s.newSecret()
	if err != nil {
		return err
	}
	now := s.now().UTC()
	g := &accolade.OAuthGrant{ID: gid[:22], Member: m.ID, Client: req.client.ID, Scopes: req.scopes, Created: now}
	if err := s.oauth.CreateOAuthGrant(g, &accolade.OAuthCode{Hash: hash, Client: req.client.ID, RedirectURI: req.redirectURI,
		Challenge: req.challenge, Expires: now.Add(oauthCodeTTL)}); err != nil {
		return err
	}
	http.Redirect(w, r, redirectWith(req.redirectURI, url.Values{"code": {code}, "state": {req.state}}), http.StatusSeeOther)
	return nil
}

// tokenClient authenticates the client of a token or revocation request:
// its secret by HTTP Basic or in the form, or, for a public client, its
// client_id alone.
func (s *Server) tokenClient(r *http.Request) (*accolade.OAuthClient, *oauthError) {
	id, secret, basic := r.BasicAuth()
	if basic {
		var err1, err2 error
		id, err1 = url.QueryUnescape(id) // RFC 6749 §2.3.1 form-encodes both
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return nil, &oauthError{http.StatusUnauthorized, "invalid_client", "the client credentials are not form-encoded"}
		}
	} else {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	c, err := s.oauth.OAuthClient(id)
	if err != nil {
		return nil, &oauthError{http.StatusUnauthorized, "invalid_client", "unknown client"}
	}
	if c.SecretHash == "" {
		if secret != "" {
			return nil, &oauthError{http.StatusUnauthorized, "invalid_client", "this client registered without a secret"}
		}
		return c, nil
	}
	if subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(c.SecretHash)) != 1 {
		return nil, &oauthError{http.StatusUnauthorized, "invalid_client", "wrong or missing client secret"}
	}
	return c, nil
}

func (s *Server) oauthToken(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.writeOAuthError(w, r, &oauthError{http.StatusBadRequest, "invalid_request", "send the parameters as application/x-www-form-urlencoded"})
		return nil
	}
	c, oe := s.tokenClient(r)
	if oe != nil {
		s.writeOAuthError(w, r, oe)
		return nil
	}
	access, accessHash, err := s.newSecret()
	if err != nil {
		return err
	}
	refresh, refreshHash, err := s.newSecret()
	if err != nil {
		return err
	}
	now := s.now().UTC()
	tokens := []accolade.OAuthToken{{Hash: accessHash, Expires: now.Add(oauthAccessTTL)},
		{Hash: refreshHash, Refresh: true, Expires: now.Add(oauthRefreshTTL)}}
	var g *accolade.OAuthGrant
	switch r.PostFormValue("grant_type") {
	case "authorization_code":
		verifier := r.PostFormValue("code_verifier")
		g, err = s.oauth.ExchangeOAuthCode(hashSecret(r.PostFormValue("code")), now, func(code *accolade.OAuthCode) error {
			switch {
			case code.Client != c.ID:
				return &oauthError{http.StatusBadRequest, "invalid_grant", "the code was given to another client"}
			case code.RedirectURI != r.PostFormValue("redirect_uri"):
				return &oauthError{http.StatusBadRequest, "invalid_grant", "redirect_uri is not the one the code was sent to"}
			case len(verifier) < 43 || len(verifier) > 128:
				return &oauthError{http.StatusBadRequest, "invalid_grant", "code_verifier must have 43 to 128 characters (RFC 7636)"}
			}
			sum := sha256.Sum256([]byte(verifier))
			if subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(code.Challenge)) != 1 {
				return &oauthError{http.StatusBadRequest, "invalid_grant", "code_verifier does not match the code_challenge"}
			}
			return nil
		}, tokens...)
	case "refresh_token":
		g, err = s.oauth.RefreshOAuth(hashSecret(r.PostFormValue("refresh_token")), c.ID, now, tokens...)
	case "":
		err = &oauthError{http.StatusBadRequest, "invalid_request", "grant_type is required"}
	default:
		err = &oauthError{http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token"}
	}
	var oerr *oauthError
	switch {
	case errors.As(err, &oerr):
		s.writeOAuthError(w, r, oerr)
		return nil
	case errors.Is(err, accolade.ErrCodeUsed) || errors.Is(err, accolade.ErrTokenInvalid):
		s.writeOAuthError(w, r, &oauthError{http.StatusBadRequest, "invalid_grant", err.Error()})
		return nil
	case err != nil:
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	s.writeJSON(w, r, http.StatusOK, typeJSON, map[string]any{
		"access_token": access, "token_type": "Bearer", "expires_in": int(oauthAccessTTL.Seconds()),
		"refresh_token": refresh, "scope": strings.Join(g.Scopes, " "),
	})
	return nil
}

// oauthRevoke is RFC 7009: 200 whatever the token was, once the client
// is authenticated.
func (s *Server) oauthRevoke(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.writeOAuthError(w, r, &oauthError{http.StatusBadRequest, "invalid_request", "send the parameters as application/x-www-form-urlencoded"})
		return nil
	}
	c, oe := s.tokenClient(r)
	if oe != nil {
		s.writeOAuthError(w, r, oe)
		return nil
	}
	if r.PostFormValue("token") == "" {
		s.writeOAuthError(w, r, &oauthError{http.StatusBadRequest, "invalid_request", "token is required"})
		return nil
	}
	if err := s.oauth.RevokeOAuthToken(hashSecret(r.PostFormValue("token")), c.ID, s.now()); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	return nil
}

// memberRevokeGrant is the account page's revoke button.
func (s *Server) memberRevokeGrant(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	if err := s.oauth.RevokeOAuthGrant(m.ID, pathID(r, "id"), s.now()); err != nil {
		return err
	}
	http.Redirect(w, r, s.localPath("/account/settings"), http.StatusSeeOther)
	return nil
}

// routeRemoveExternal removes a credential an application deposited in
// the signed-in member's record; the form names it by its id.
const routeRemoveExternal = "/account/access/deposited/remove"

func (s *Server) memberRemoveExternal(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	if err := s.oauth.DeleteExternal(m.ID, r.PostFormValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, s.localPath("/account/settings"), http.StatusSeeOther)
	return nil
}

// grantViews are the member's grants in force, for the settings page.
func (s *Server) grantViews(r *http.Request, m *accolade.Member) ([]templates.GrantView, error) {
	if s.oauth == nil {
		return nil, nil
	}
	list, err := s.oauth.MemberOAuthGrants(m.ID)
	if err != nil {
		return nil, err
	}
	loc := s.locale(r)
	var out []templates.GrantView
	for _, g := range list {
		if !g.Revoked.IsZero() {
			continue
		}
		v := templates.GrantView{Client: g.Client, Created: g.Created, RevokeURL: s.localPath("/account/access/" + g.ID + "/revoke")}
		if c, err := s.oauth.OAuthClient(g.Client); err == nil {
			v.Client = c.Name
		}
		for _, sc := range g.Scopes {
			v.Scopes = append(v.Scopes, obScopeWords(catalogueLookup(loc.T), sc))
		}
		out = append(out, v)
	}
	return out, nil
}
