package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// The 1EdTech Open Badges 3.0 API (OB 3.0 §6), as a resource server: a
// platform the member let in (oauth.go) reads their credentials and
// profile, and deposits credentials from elsewhere into their record.
// Errors are Imsx_StatusInfo objects, as §6 asks.

const (
	pathOBDiscovery   = "/ims/ob/v3p0/discovery"
	pathOBCredentials = "/ims/ob/v3p0/credentials"
	pathOBProfile     = "/ims/ob/v3p0/profile"
	pathPrivacy       = "/privacy"
)

// obPageDefault and obPageMax bound getCredentials' limit.
const (
	obPageDefault = 50
	obPageMax     = 100
)

func (s *Server) obRoutes(m *routeMux) {
	m.HandleFunc("GET "+pathOBDiscovery, s.public(s.obDiscovery))
	m.HandleFunc("GET "+pathOBCredentials, s.public(s.obAPI(accolade.ScopeCredentialRead, s.obGetCredentials)))
	m.HandleFunc("POST "+pathOBCredentials, s.public(s.obAPI(accolade.ScopeCredentialUpsert, s.obUpsertCredential)))
	m.HandleFunc("GET "+pathOBProfile, s.public(s.obAPI(accolade.ScopeProfileRead, s.obGetProfile)))
	m.HandleFunc("PUT "+pathOBProfile, s.public(s.obAPI(accolade.ScopeProfileUpdate, s.obPutProfile)))
	m.HandleFunc("GET "+pathPrivacy, s.public(s.privacy))
}

// imsxError is an error of the API, answered as Imsx_StatusInfo.
type imsxError struct {
	status      int
	minor       string // imsx_codeMinorFieldValue
	description string
}

func (e *imsxError) Error() string { return e.description }

func (s *Server) writeImsx(w http.ResponseWriter, r *http.Request, e *imsxError) {
	if e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="accolade open badges api"`)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, r, e.status, typeJSON, map[string]any{
		"imsx_codeMajor": "failure", "imsx_severity": "error", "imsx_description": e.description,
		"imsx_codeMinor": map[string]any{"imsx_codeMinorField": []map[string]string{
			{"imsx_codeMinorFieldName": "TargetEndSystem", "imsx_codeMinorFieldValue": e.minor}}},
	})
}

// obHandler is an API handler for the member whose grant the token is.
type obHandler func(w http.ResponseWriter, r *http.Request, m *accolade.Member, g *accolade.OAuthGrant) error

// obAPI checks the bearer token and its scope, then runs h; h's errors
// are answered as Imsx_StatusInfo.
func (s *Server) obAPI(scope string, h obHandler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			s.writeImsx(w, r, &imsxError{http.StatusUnauthorized, "unauthorizedrequest", "an access token is required (Authorization: Bearer …)"})
			return nil
		}
		g, err := s.oauth.OAuthAccess(hashSecret(strings.TrimSpace(token)), s.now())
		if errors.Is(err, accolade.ErrTokenInvalid) {
			s.writeImsx(w, r, &imsxError{http.StatusUnauthorized, "unauthorizedrequest", err.Error()})
			return nil
		}
		if err != nil {
			return s.obInternal(w, r, err)
		}
		if !slices.Contains(g.Scopes, scope) {
			s.writeImsx(w, r, &imsxError{http.StatusForbidden, "forbidden", "the access token does not have the scope " + scope})
			return nil
		}
		m, err := s.store.Member(g.Member)
		if err != nil || !m.Forgotten.IsZero() {
			s.writeImsx(w, r, &imsxError{http.StatusUnauthorized, "unauthorizedrequest", "the member of this access token is no longer here"})
			return nil
		}
		err = h(w, r, m, g)
		var ie *imsxError
		switch {
		case errors.As(err, &ie):
			s.writeImsx(w, r, ie)
			return nil
		case err != nil:
			return s.obInternal(w, r, err)
		}
		return nil
	}
}

func (s *Server) obInternal(w http.ResponseWriter, r *http.Request, err error) error {
	s.log.Error("open badges api", "method", r.Method, "path", r.URL.Path, "err", err)
	s.writeImsx(w, r, &imsxError{http.StatusInternalServerError, "internal_server_error", "internal error"})
	return nil
}

// obDiscovery is the Service Description Document (OB 3.0 §6.3): an
// OpenAPI 3.0 document naming how to register and get tokens.
func (s *Server) obDiscovery(w http.ResponseWriter, r *http.Request) error {
	scopes := map[string]string{
		accolade.ScopeCredentialRead:   "Read your Open Badges credentials",
		accolade.ScopeCredentialUpsert: "Add Open Badges credentials from elsewhere to your record",
		accolade.ScopeProfileRead:      "Read your profile (your name)",
		accolade.ScopeProfileUpdate:    "Change your profile (your name)",
	}
	name := "Accolade"
	if p, err := s.store.Issuer(accolade.DefaultSlug); err == nil {
		name = p.Name
	}
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	content := func(schema map[string]any, types ...string) map[string]any {
		out := map[string]any{}
		for _, t := range types {
			out[t] = map[string]any{"schema": schema}
		}
		return out
	}
	jws := map[string]any{"type": "string", "pattern": compactJWSPattern}
	status := map[string]any{"description": "An error, as Imsx_StatusInfo", "content": content(ref("Imsx_StatusInfo"), "application/json")}
	withErrors := func(out map[string]any, codes ...string) map[string]any {
		for _, c := range codes {
			out[c] = status
		}
		out["default"] = status
		return out
	}
	secured := func(op, summary, scope string, op2 map[string]any) map[string]any {
		op2["operationId"], op2["summary"], op2["tags"] = op, summary, []string{"OpenBadgeCredentials"}
		op2["security"] = []map[string][]string{{"OAuth2ACG": {scope}}}
		return op2
	}
	credentialContent := content(ref("AchievementCredential"), "application/json")
	credentialContent["text/plain"] = map[string]any{"schema": jws}
	query := func(name, desc string, schema map[string]any) map[string]any {
		return map[string]any{"name": name, "in": "query", "required": false, "description": desc, "schema": schema}
	}
	header := func(desc string, schema map[string]any) map[string]any {
		return map[string]any{"description": desc, "schema": schema}
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, map[string]any{
		"openapi": "3.0.1",
		"info": map[string]any{"title": name + " — Open Badges API", "version": "3.0",
			"description":              "The 1EdTech Open Badges 3.0 API of " + name + ", served by Accolade.",
			"termsOfService":           s.absolute(pathPrivacy),
			"x-imssf-privacyPolicyUrl": s.absolute(pathPrivacy)},
		"servers": []map[string]string{{"url": s.absolute("/ims/ob/v3p0")}},
		"tags":    []map[string]string{{"name": "OpenBadgeCredentials"}, {"name": "Discovery"}},
		"paths": map[string]any{
			"/credentials": map[string]any{
				"get": secured("getCredentials", "The member's credentials", accolade.ScopeCredentialRead, map[string]any{
					"parameters": []any{
						query("limit", "The most credentials in the page (at most 100)", map[string]any{"type": "integer", "minimum": 1}),
						query("offset", "How many credentials to skip", map[string]any{"type": "integer", "minimum": 0}),
						query("since", "Only credentials issued or received at or after this time", map[string]any{"type": "string", "format": "date-time"}),
					},
					"responses": withErrors(map[string]any{"200": map[string]any{
						"description": "A page of the member's credentials",
						"headers": map[string]any{
							"X-Total-Count": header("How many credentials there are in all", map[string]any{"type": "integer", "minimum": 0}),
							"Link":          header("RFC 8288 links to the first, last, next and previous pages", map[string]any{"type": "string"}),
						},
						"content": content(ref("GetOpenBadgeCredentialsResponse"), "application/json")}}, "400", "401", "403", "500"),
				}),
				"post": secured("upsertCredential", "Add or replace a credential in the member's record", accolade.ScopeCredentialUpsert, map[string]any{
					"requestBody": map[string]any{"required": true, "content": credentialContent},
					"responses": withErrors(map[string]any{
						"200": map[string]any{"description": "It replaced a credential of the same id", "content": credentialContent},
						"201": map[string]any{"description": "It joined the member's record", "content": credentialContent},
					}, "400", "401", "403", "415", "500"),
				}),
			},
			"/profile": map[string]any{
				"get": secured("getProfile", "The member's profile", accolade.ScopeProfileRead, map[string]any{
					"responses": withErrors(map[string]any{"200": map[string]any{"description": "The member's profile: their name",
						"content": content(ref("Profile"), "application/json")}}, "401", "403", "500"),
				}),
				"put": secured("putProfile", "Change the member's profile", accolade.ScopeProfileUpdate, map[string]any{
					"requestBody": map[string]any{"required": true, "content": content(ref("Profile"), "application/json")},
					"responses": withErrors(map[string]any{"200": map[string]any{"description": "The profile as changed",
						"content": content(ref("Profile"), "application/json")}}, "400", "401", "403", "500"),
				}),
			},
			"/discovery": map[string]any{"get": map[string]any{"operationId": "getServiceDescription", "tags": []string{"Discovery"},
				"summary": "This document", "security": []any{},
				"responses": map[string]any{"200": map[string]any{"description": "The Service Description Document",
					"content": content(map[string]any{"type": "object"}, "application/json")}}}},
		},
		"components": map[string]any{
			"securitySchemes": map[string]any{"OAuth2ACG": map[string]any{
				"type": "oauth2", "description": "OAuth 2.0 Authorization Code Grant authorization, with PKCE (S256)",
				"x-imssf-name": name, "x-imssf-privacyPolicyUrl": s.absolute(pathPrivacy),
				"x-imssf-registrationUrl": s.absolute(pathOAuthRegister),
				"flows": map[string]any{"authorizationCode": map[string]any{
					"authorizationUrl": s.absolute(pathOAuthAuthz), "tokenUrl": s.absolute(pathOAuthToken),
					"refreshUrl": s.absolute(pathOAuthToken), "scopes": scopes}},
			}},
			"schemas": obSchemas(jws),
		},
	})
	return nil
}

// compactJWSPattern is a compact JWS: three base64url parts.
const compactJWSPattern = `^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$`

// obSchemas are the discovery document's component schemas: the shapes
// of OB 3.0 §6 that the API sends and takes. A credential is described
// by what the API relies on; the full AchievementCredential schema is
// 1EdTech's, named in each credential's credentialSchema.
func obSchemas(jws map[string]any) map[string]any {
	obj := func(required []string, props map[string]any) map[string]any {
		return map[string]any{"type": "object", "required": required, "properties": props, "additionalProperties": true}
	}
	str := map[string]any{"type": "string"}
	types := map[string]any{"oneOf": []any{str, map[string]any{"type": "array", "items": str, "minItems": 1}}}
	return map[string]any{
		"AchievementCredential": obj([]string{"@context", "id", "type", "issuer", "validFrom", "credentialSubject"}, map[string]any{
			"@context": map[string]any{"type": "array", "minItems": 1, "items": map[string]any{"oneOf": []any{str, map[string]any{"type": "object"}}}}, "id": str, "type": types,
			"issuer": map[string]any{"oneOf": []any{str, map[string]any{"type": "object"}}}, "validFrom": map[string]any{"type": "string", "format": "date-time"},
			"credentialSubject": map[string]any{"type": "object"},
		}),
		"GetOpenBadgeCredentialsResponse": obj([]string{}, map[string]any{
			"credential":        map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/AchievementCredential"}},
			"compactJwsString":  map[string]any{"type": "array", "items": jws},
			"compactJwsStrings": map[string]any{"type": "array", "items": jws},
		}),
		"Profile": obj([]string{"type"}, map[string]any{"id": str, "type": types, "name": str}),
		"Imsx_StatusInfo": obj([]string{"imsx_codeMajor", "imsx_severity"}, map[string]any{
			"imsx_codeMajor":   map[string]any{"type": "string", "enum": []string{"success", "processing", "failure", "unsupported"}},
			"imsx_severity":    map[string]any{"type": "string", "enum": []string{"status", "warning", "error"}},
			"imsx_description": str,
			"imsx_codeMinor": obj([]string{"imsx_codeMinorField"}, map[string]any{"imsx_codeMinorField": map[string]any{
				"type": "array", "minItems": 1, "items": obj([]string{"imsx_codeMinorFieldName", "imsx_codeMinorFieldValue"},
					map[string]any{"imsx_codeMinorFieldName": str, "imsx_codeMinorFieldValue": str})}}),
		}),
	}
}

// obItem is one credential of the member's record, in both forms it has.
type obItem struct {
	json []byte
	jwt  string
	at   time.Time
}

// obGetCredentials is getCredentials (§6.2.2): the member's credentials
// issued here and those they deposited, oldest first, paged by limit and
// offset, only those since since. Each of ours is signed twice, so each
// is in both arrays: its Data Integrity JSON in "credential", its VC-JWT in
// "compactJwsString" (B.2.1's names; the example of §6.2.2 writes
// "compactJwsStrings", which is in the answer too, for clients that
// followed the example). X-Total-Count counts credentials, not array items.
func (s *Server) obGetCredentials(w http.ResponseWriter, r *http.Request, m *accolade.Member, _ *accolade.OAuthGrant) error {
	q := r.URL.Query()
	limit, offset := obPageDefault, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return &imsxError{http.StatusBadRequest, "invalid_query_parameter", fmt.Sprintf("limit %q: want a positive whole number", v)}
		}
		limit = min(n, obPageMax)
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return &imsxError{http.StatusBadRequest, "invalid_query_parameter", fmt.Sprintf("offset %q: want a whole number, 0 or more", v)}
		}
		offset = n
	}
	var since time.Time
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return &imsxError{http.StatusBadRequest, "invalid_query_parameter", fmt.Sprintf("since %q: want a date-time such as 2026-01-31T00:00:00Z", v)}
		}
		since = t
	}
	recs, err := s.store.Credentials(accolade.CredentialFilter{Member: m.ID})
	if err != nil {
		return err
	}
	var items []obItem
	for _, rec := range recs {
		if len(rec.JSON) == 0 && rec.JWT == "" { // erased at the member's request
			continue
		}
		items = append(items, obItem{json: rec.JSON, jwt: rec.JWT, at: rec.Created})
	}
	ext, err := s.oauth.Externals(m.ID)
	if err != nil {
		return err
	}
	for _, e := range ext {
		items = append(items, obItem{json: e.JSON, jwt: e.JWT, at: e.Received})
	}
	slices.SortStableFunc(items, func(a, b obItem) int { return a.at.Compare(b.at) })
	if !since.IsZero() {
		items = slices.DeleteFunc(items, func(it obItem) bool { return it.at.Before(since) })
	}
	total := len(items)
	page := items[min(offset, total):min(offset+limit, total)]
	body := struct {
		Credential        []json.RawMessage `json:"credential"`
		CompactJwsString  []string          `json:"compactJwsString"`
		CompactJwsStrings []string          `json:"compactJwsStrings"`
	}{Credential: []json.RawMessage{}, CompactJwsString: []string{}}
	for _, it := range page {
		if len(it.json) > 0 {
			body.Credential = append(body.Credential, it.json)
		}
		if it.jwt != "" {
			body.CompactJwsString = append(body.CompactJwsString, it.jwt)
		}
	}
	body.CompactJwsStrings = body.CompactJwsString
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	w.Header().Set("Link", s.pageLinks(q, limit, offset, total))
	s.writeJSON(w, r, http.StatusOK, typeJSON, body)
	return nil
}

// pageLinks is the Link header of a page (RFC 8288): first, last, and
// next and prev where there are such pages.
func (s *Server) pageLinks(q url.Values, limit, offset, total int) string {
	link := func(off int, rel string) string {
		v := url.Values{}
		if since := q.Get("since"); since != "" {
			v.Set("since", since)
		}
		v.Set("limit", strconv.Itoa(limit))
		v.Set("offset", strconv.Itoa(off))
		return fmt.Sprintf("<%s?%s>; rel=%q", s.absolute(pathOBCredentials), v.Encode(), rel)
	}
	last := 0
	if total > 0 {
		last = (total - 1) / limit * limit
	}
	out := []string{link(0, "first"), link(last, "last")}
	if offset+limit < total {
		out = append(out, link(offset+limit, "next"))
	}
	if offset > 0 {
		out = append(out, link(max(0, offset-limit), "prev"))
	}
	return strings.Join(out, ", ")
}

// obUpsertCredential is upsertCredential (§6.2.3): a credential from
// elsewhere (JSON, or a compact JWS as text/plain) joins the member's
// record once it verifies; it is stored as received and answered as
// received, 201 when new, 200 when it replaced one of the same id.
func (s *Server) obUpsertCredential(w http.ResponseWriter, r *http.Request, m *accolade.Member, _ *accolade.OAuthGrant) error {
	body, err := readBody(w, r, maxAdminBody)
	if err != nil {
		return &imsxError{http.StatusBadRequest, "invalid_data", "the credential is larger than 1 MiB"}
	}
	body = bytes.TrimSpace(body)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	e := &accolade.External{Member: m.ID, Received: s.now().UTC()}
	var claims map[string]any
	switch mt {
	case "text/plain":
		e.JWT = string(body)
		claims, err = jwtClaims(e.JWT)
	case "application/json", "application/ld+json", "application/vc+ld+json", "application/vc":
		e.JSON = body
		err = json.Unmarshal(body, &claims)
	default:
		return &imsxError{http.StatusUnsupportedMediaType, "invalid_data", "send the credential as application/json (an AchievementCredential) or text/plain (a compact JWS)"}
	}
	if err != nil || claims == nil {
		return &imsxError{http.StatusBadRequest, "invalid_data", "the body is not a credential: not a JSON object or compact JWS"}
	}
	if !isOpenBadge(claims) {
		return &imsxError{http.StatusBadRequest, "invalid_data", "the credential's type names neither OpenBadgeCredential nor AchievementCredential"}
	}
	v := s.Verify(context.WithoutCancel(r.Context()), body, r.Header.Get("Content-Type"))
	if !v.Verified {
		return &imsxError{http.StatusBadRequest, "invalid_data", fmt.Sprintf("the credential does not verify (%s): %s", v.Outcome, v.Summary)}
	}
	e.ID, e.Name, e.IssuerName = credentialFacts(claims, body)
	created, err := s.oauth.PutExternal(e)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	ctype := "application/json"
	if e.JWT != "" {
		ctype = "text/plain; charset=utf-8"
	}
	writeBytes(w, status, ctype, body)
	return nil
}

// jwtClaims decodes a compact JWS's payload, without checking it (the
// verifier does that): the credential, or its "vc" claim.
func jwtClaims(jws string) (map[string]any, error) {
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		return nil, errs.E(errs.Invalid, "not a compact JWS")
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		return nil, err
	}
	if vc, ok := claims["vc"].(map[string]any); ok {
		if _, has := vc["id"]; !has {
			if jti, ok := claims["jti"].(string); ok {
				vc["id"] = jti
			}
		}
		return vc, nil
	}
	if _, has := claims["id"]; !has {
		if jti, ok := claims["jti"].(string); ok {
			claims["id"] = jti
		}
	}
	return claims, nil
}

func isOpenBadge(c map[string]any) bool {
	var types []any
	switch t := c["type"].(type) {
	case []any:
		types = t
	case string:
		types = []any{t}
	}
	return slices.Contains(types, any("OpenBadgeCredential")) || slices.Contains(types, any("AchievementCredential"))
}

// credentialFacts are what the account page names a deposited credential
// by: its id (or, without one, the SHA-256 of what was sent), its name
// and its issuer's name, as claimed.
func credentialFacts(c map[string]any, body []byte) (id, name, issuer string) {
	id, _ = c["id"].(string)
	if id == "" || len(id) > 500 {
		sum := sha256.Sum256(body)
		id = "urn:sha256:" + hex.EncodeToString(sum[:])
	}
	name, _ = c["name"].(string)
	if name == "" {
		if subj, ok := c["credentialSubject"].(map[string]any); ok {
			if a, ok := subj["achievement"].(map[string]any); ok {
				name, _ = a["name"].(string)
			}
		}
	}
	switch is := c["issuer"].(type) {
	case map[string]any:
		issuer, _ = is["name"].(string)
	case string:
		issuer = is
	}
	return id, truncate(name, 200), truncate(issuer, 200)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// obProfile is the member's Profile: their name, as they gave it; never
// their address.
func (s *Server) obProfile(m *accolade.Member) map[string]any {
	return map[string]any{"@context": []string{"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		"type": "Profile", "id": "urn:accolade:member:" + url.PathEscape(m.ID) + "@" + hostOf(s.urls.Base), "name": m.Name}
}

func (s *Server) obGetProfile(w http.ResponseWriter, r *http.Request, m *accolade.Member, _ *accolade.OAuthGrant) error {
	s.writeJSON(w, r, http.StatusOK, typeJSON, s.obProfile(m))
	return nil
}

// obPutProfile is putProfile (§6.2.5): of a Profile, Accolade keeps the
// name; other properties are not stored, and the answer (the profile as
// it now is) shows which were.
func (s *Server) obPutProfile(w http.ResponseWriter, r *http.Request, m *accolade.Member, _ *accolade.OAuthGrant) error {
	body, err := readBody(w, r, 64<<10)
	if err != nil {
		return &imsxError{http.StatusBadRequest, "invalid_data", "the profile is larger than 64 KiB"}
	}
	var p struct {
		Type any    `json:"type"`
		Name string `json:"name"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return &imsxError{http.StatusBadRequest, "invalid_data", "the body is not a JSON Profile"}
	}
	if !hasType(p.Type, "Profile") {
		return &imsxError{http.StatusBadRequest, "invalid_data", `the body's type must be "Profile"`}
	}
	name := strings.TrimSpace(p.Name)
	if name == "" {
		return &imsxError{http.StatusBadRequest, "invalid_data", "name is required: the only property of a Profile stored here"}
	}
	updated, err := s.sessions.UpdateMember(m.ID, func(m *accolade.Member) error {
		m.Name = name
		return m.Validate()
	})
	if errs.KindOf(err) == errs.Invalid {
		return &imsxError{http.StatusBadRequest, "invalid_data", err.Error()}
	}
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, s.obProfile(updated))
	return nil
}

// privacy is the privacy statement the discovery document links: what
// the API shares, in plain words.
func (s *Server) privacy(w http.ResponseWriter, r *http.Request) error {
	writeBytes(w, http.StatusOK, "text/plain; charset=utf-8", []byte(`Privacy: the Open Badges API of this site

An application you let in (on a page of this site that names it and what it asks for)
can read your credentials and your name, and add credentials from elsewhere to your
record, as far as you allowed. It never gets your email address. You can see and end
every such access on your settings page, at any time; the application's tokens stop
working at once. Tokens are stored only as their SHA-256.
`))
	return nil
}
