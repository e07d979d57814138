package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/routers"
	"golang.org/x/oauth2"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/verifier"
)

// The Open Badges API's OAuth 2.0, driven by golang.org/x/oauth2 (an
// independent client: it builds the PKCE challenge, the authorization URL
// and the token requests as any Go platform would) against the real
// server over HTTP; the member's side (sign-in, consent) goes through the
// pages, as in a browser.

const obBase = "https://badges.example.org"

// oauthFixture is a signed-in member (bob), a registered confidential
// client and the server over HTTP.
type oauthFixture struct {
	t        *testing.T
	ts       *testServer
	clk      *clock
	srv      *httptest.Server
	bob      *browser
	cfg      *oauth2.Config
	redirect string
	router   routers.Router // the discovery document's (obapi_openapi_test.go)
}

func newOAuthFixture(t *testing.T) *oauthFixture {
	ts, clk := newSignInServer(t, obBase)
	srv := httptest.NewServer(ts.s)
	t.Cleanup(srv.Close)
	f := &oauthFixture{t: t, ts: ts, clk: clk, srv: srv, bob: newBrowser(t, ts), redirect: "https://backpack.example/callback"}
	f.bob.signIn("bob@example.org", "bob")
	code, reg := f.register(`{"client_name":"Backpack Ünïcode","client_uri":"https://backpack.example/","redirect_uris":["` + f.redirect + `"],
		"grant_types":["authorization_code","refresh_token"],"response_types":["code"],"token_endpoint_auth_method":"client_secret_basic",
		"scope":"` + strings.Join(accolade.OBScopes, " ") + ` offline_access","logo_uri":"https://backpack.example/logo.png"}`)
	if code != http.StatusCreated || reg["client_id"] == "" || reg["client_secret"] == "" || reg["token_endpoint_auth_method"] != "client_secret_basic" {
		t.Fatalf("registration = %d %v", code, reg)
	}
	f.cfg = &oauth2.Config{ClientID: reg["client_id"].(string), ClientSecret: reg["client_secret"].(string), RedirectURL: f.redirect,
		Scopes: accolade.OBScopes, Endpoint: oauth2.Endpoint{AuthURL: obBase + pathOAuthAuthz, TokenURL: srv.URL + pathOAuthToken,
			AuthStyle: oauth2.AuthStyleInHeader}}
	return f
}

func (f *oauthFixture) register(body string) (int, map[string]any) {
	f.t.Helper()
	resp, err := http.Post(f.srv.URL+pathOAuthRegister, "application/json", strings.NewReader(body))
	mustOK(f.t, err)
	defer resp.Body.Close()
	var out map[string]any
	mustOK(f.t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

// authorize runs the member's side: the consent page, then decision; it
// returns the redirect's query.
func (f *oauthFixture) authorize(cfg *oauth2.Config, verifier, decision string) url.Values {
	f.t.Helper()
	u, err := url.Parse(cfg.AuthCodeURL("state-42", oauth2.S256ChallengeOption(verifier)))
	mustOK(f.t, err)
	page := f.bob.do("GET", u.RequestURI(), nil)
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "Backpack Ünïcode") ||
		!strings.Contains(page.Body.String(), "see your badges and credentials") || !strings.Contains(page.Body.String(), "backpack.example") {
		f.t.Fatalf("consent page = %d\n%.2000s", page.Code, page.Body)
	}
	form := u.Query()
	form.Set("decision", decision)
	rec := f.bob.do("POST", pathOAuthAuthz, form)
	return f.redirected(rec)
}

func (f *oauthFixture) redirected(rec *httptest.ResponseRecorder) url.Values {
	f.t.Helper()
	loc, err := url.Parse(rec.Header().Get("Location"))
	if rec.Code != http.StatusSeeOther || err != nil || !strings.HasPrefix(loc.String(), f.redirect) {
		f.t.Fatalf("answer = %d, Location %q; want a redirect to %s\n%.500s", rec.Code, rec.Header().Get("Location"), f.redirect, rec.Body)
	}
	return loc.Query()
}

// token runs the whole flow and returns the token.
func (f *oauthFixture) token(cfg *oauth2.Config) *oauth2.Token {
	f.t.Helper()
	v := oauth2.GenerateVerifier()
	q := f.authorize(cfg, v, "allow")
	if q.Get("state") != "state-42" || q.Get("code") == "" {
		f.t.Fatalf("redirect query = %v, want the code and the state", q)
	}
	tok, err := cfg.Exchange(context.Background(), q.Get("code"), oauth2.VerifierOption(v))
	if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" {
		f.t.Fatalf("Exchange = %+v, %v", tok, err)
	}
	return tok
}

// api calls the Open Badges API with access token.
func (f *oauthFixture) api(method, path, ctype, body, access string) (*http.Response, []byte) {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if access != "" {
		req.Header.Set("Authorization", "Bearer "+access)
	}
	resp, err := http.DefaultClient.Do(req)
	mustOK(f.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if strings.HasPrefix(path, "/ims/ob/v3p0/") {
		f.checkOpenAPI(method, path, ctype, body, access, resp, b)
	}
	return resp, b
}

// imsxMinor is the imsx_codeMinorFieldValue of an Imsx_StatusInfo body.
func imsxMinor(t *testing.T, b []byte) string {
	t.Helper()
	var s struct {
		Major string `json:"imsx_codeMajor"`
		Minor struct {
			Fields []struct {
				Value string `json:"imsx_codeMinorFieldValue"`
			} `json:"imsx_codeMinorField"`
		} `json:"imsx_codeMinor"`
	}
	if err := json.Unmarshal(b, &s); err != nil || s.Major != "failure" || len(s.Minor.Fields) != 1 {
		t.Fatalf("not an Imsx_StatusInfo: %s", b)
	}
	return s.Minor.Fields[0].Value
}

func TestOBDiscoveryAndMetadata(t *testing.T) {
	f := newOAuthFixture(t)
	resp, b := f.api("GET", pathOBDiscovery, "", "", "")
	var d struct {
		OpenAPI string `json:"openapi"`
		Info    map[string]any
		Comp    struct {
			Schemes struct {
				ACG struct {
					Type     string `json:"type"`
					Register string `json:"x-imssf-registrationUrl"`
					Privacy  string `json:"x-imssf-privacyPolicyUrl"`
					Flows    struct {
						Code struct {
							Auth, Token, Refresh string
							Scopes               map[string]string
						} `json:"authorizationCode"`
					}
				} `json:"OAuth2ACG"`
			} `json:"securitySchemes"`
		} `json:"components"`
	}
	mustOK(t, json.Unmarshal(b, &d))
	acg := d.Comp.Schemes.ACG
	if resp.StatusCode != 200 || !strings.HasPrefix(d.OpenAPI, "3.0") || d.Info["x-imssf-privacyPolicyUrl"] != obBase+"/privacy" ||
		acg.Type != "oauth2" || acg.Register != obBase+pathOAuthRegister || acg.Flows.Code.Token != "" && acg.Flows.Code.Token != obBase+pathOAuthToken ||
		len(acg.Flows.Code.Scopes) != 4 {
		t.Fatalf("discovery = %d %s", resp.StatusCode, b)
	}
	if !strings.Contains(string(b), `"authorizationUrl": "`+obBase+pathOAuthAuthz) && !strings.Contains(string(b), `"authorizationUrl":"`+obBase+pathOAuthAuthz) {
		t.Errorf("discovery has no authorizationUrl %s: %s", obBase+pathOAuthAuthz, b)
	}
	if resp, b := f.api("GET", pathPrivacy, "", "", ""); resp.StatusCode != 200 || !strings.Contains(string(b), "never gets your email") {
		t.Errorf("privacy = %d %s", resp.StatusCode, b)
	}
	resp, b = f.api("GET", pathOAuthMetadata, "", "", "")
	var md map[string]any
	mustOK(t, json.Unmarshal(b, &md))
	if resp.StatusCode != 200 || md["issuer"] != obBase || md["token_endpoint"] != obBase+pathOAuthToken ||
		md["revocation_endpoint"] != obBase+pathOAuthRevoke || !strings.Contains(string(b), "S256") {
		t.Fatalf("metadata = %d %s", resp.StatusCode, b)
	}
}

func TestOAuthRegistrationRefused(t *testing.T) {
	f := newOAuthFixture(t)
	for _, c := range []struct{ body, code, says string }{
		{`{"redirect_uris":["https://x.example/cb"]}`, "invalid_client_metadata", "client_name"},
		{`{"client_name":"X"}`, "invalid_redirect_uri", "redirect_uris"},
		{`{"client_name":"X","redirect_uris":["http://x.example/cb"]}`, "invalid_redirect_uri", "https"},
		{`{"client_name":"X","redirect_uris":["https://x.example/cb#frag"]}`, "invalid_redirect_uri", "fragment"},
		{`{"client_name":"X","redirect_uris":["/cb"]}`, "invalid_redirect_uri", "absolute"},
		{`{"client_name":"X","redirect_uris":["https://x.example/cb"],"token_endpoint_auth_method":"private_key_jwt"}`, "invalid_client_metadata", "private_key_jwt"},
		{`{"client_name":"X","redirect_uris":["https://x.example/cb"],"grant_types":["implicit"]}`, "invalid_client_metadata", "implicit"},
		{`{"client_name":"X","redirect_uris":["https://x.example/cb"],"scope":"openid"}`, "invalid_client_metadata", "openid"},
		{`not json`, "invalid_client_metadata", "JSON"},
	} {
		code, out := f.register(c.body)
		if code != 400 || out["error"] != c.code || !strings.Contains(out["error_description"].(string), c.says) {
			t.Errorf("register %s = %d %v; want 400 %s naming %q", c.body, code, out, c.code, c.says)
		}
	}
	// A native app on the member's machine may use http on loopback, without a secret.
	code, out := f.register(`{"client_name":"Desk","redirect_uris":["http://127.0.0.1:8765/cb"],"token_endpoint_auth_method":"none"}`)
	if code != 201 || out["client_secret"] != nil || out["token_endpoint_auth_method"] != "none" {
		t.Errorf("a public loopback client = %d %v", code, out)
	}
}

func TestOAuthCodeFlowAndAPI(t *testing.T) {
	f := newOAuthFixture(t)
	own := f.ts.issue(t, "bob")
	// Signed out, the authorization request goes to the sign-in page and comes back.
	u, _ := url.Parse(f.cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	if rec := newBrowser(t, f.ts).do("GET", u.RequestURI(), nil); rec.Code != http.StatusSeeOther ||
		!strings.Contains(rec.Header().Get("Location"), "/signin?next="+url.QueryEscape(u.RequestURI())) {
		t.Fatalf("signed-out authorize = %d %q", rec.Code, rec.Header().Get("Location"))
	}
	tok := f.token(f.cfg)

	resp, b := f.api("GET", pathOBCredentials, "", "", tok.AccessToken)
	var list struct {
		Credential       []json.RawMessage `json:"credential"`
		CompactJwsString []string          `json:"compactJwsString"`
	}
	mustOK(t, json.Unmarshal(b, &list))
	if resp.StatusCode != 200 || resp.Header.Get("X-Total-Count") != "1" || len(list.Credential) != 1 || len(list.CompactJwsString) != 1 ||
		list.CompactJwsString[0] != own.JWT {
		t.Fatalf("getCredentials = %d %s %s", resp.StatusCode, resp.Header.Get("X-Total-Count"), b)
	}
	for _, in := range []struct {
		b     []byte
		ctype string
	}{{list.Credential[0], "application/json"}, {[]byte(list.CompactJwsString[0]), "application/jwt"}} {
		if v := f.ts.s.Verify(context.Background(), in.b, in.ctype); v.Outcome != verifier.OutcomeValid {
			t.Errorf("a credential from the API (%s) = %s: %s", in.ctype, v.Outcome, v.Summary)
		}
	}

	// upsertCredential: others' credentials from this site verify, so bob may deposit them.
	sam, ann := f.ts.issue(t, "sam"), f.ts.issue(t, "ann")
	if resp, b := f.api("POST", pathOBCredentials, "text/plain", sam.JWT, tok.AccessToken); resp.StatusCode != 201 || string(b) != sam.JWT {
		t.Fatalf("upsert a JWT = %d %s", resp.StatusCode, b)
	}
	if resp, _ := f.api("POST", pathOBCredentials, "text/plain", sam.JWT, tok.AccessToken); resp.StatusCode != 200 {
		t.Errorf("upsert the same JWT again = %d, want 200 (replaced)", resp.StatusCode)
	}
	f.clk.now = f.clk.now.Add(time.Minute)
	if resp, _ := f.api("POST", pathOBCredentials, "application/json", string(ann.JSON), tok.AccessToken); resp.StatusCode != 201 {
		t.Fatalf("upsert a JSON credential = %d", resp.StatusCode)
	}
	tampered := strings.Replace(string(ann.JSON), "Sam Okafor", "Sam Okafor Jr", 1)
	for _, c := range []struct{ ctype, body, minor string }{
		{"application/json", tampered, "invalid_data"},
		{"application/json", `{"type":["VerifiableCredential"],"id":"x"}`, "invalid_data"},
		{"text/plain", "not.a-jws", "invalid_data"},
		{"application/xml", "<x/>", "invalid_data"},
	} {
		resp, b := f.api("POST", pathOBCredentials, c.ctype, c.body, tok.AccessToken)
		if resp.StatusCode/100 != 4 || imsxMinor(t, b) != c.minor {
			t.Errorf("upsert %s %.40s = %d %s", c.ctype, c.body, resp.StatusCode, b)
		}
	}

	// Paging: 3 credentials, one a page.
	resp, b = f.api("GET", pathOBCredentials+"?limit=1&offset=1", "", "", tok.AccessToken)
	mustOK(t, json.Unmarshal(b, &list))
	link := resp.Header.Get("Link")
	if resp.Header.Get("X-Total-Count") != "3" || len(list.CompactJwsString) != 1 || list.CompactJwsString[0] != sam.JWT ||
		!strings.Contains(link, `offset=2>; rel="next"`) || !strings.Contains(link, `offset=0>; rel="prev"`) ||
		!strings.Contains(link, `offset=2>; rel="last"`) || !strings.Contains(link, `offset=0>; rel="first"`) || !strings.Contains(link, obBase+pathOBCredentials) {
		t.Errorf("page 2 of 3 = %s %q %s", resp.Header.Get("X-Total-Count"), link, b)
	}
	since := f.clk.now.Format(time.RFC3339)
	resp, b = f.api("GET", pathOBCredentials+"?since="+url.QueryEscape(since), "", "", tok.AccessToken)
	mustOK(t, json.Unmarshal(b, &list))
	if resp.Header.Get("X-Total-Count") != "1" || len(list.Credential) != 1 {
		t.Errorf("since %s = %s %s, want ann's alone", since, resp.Header.Get("X-Total-Count"), b)
	}
	for _, q := range []string{"limit=0", "limit=x", "offset=-1", "since=yesterday"} {
		if resp, b := f.api("GET", pathOBCredentials+"?"+q, "", "", tok.AccessToken); resp.StatusCode != 400 || imsxMinor(t, b) != "invalid_query_parameter" {
			t.Errorf("getCredentials?%s = %d %s", q, resp.StatusCode, b)
		}
	}

	// Profile.
	resp, b = f.api("GET", pathOBProfile, "", "", tok.AccessToken)
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"name":"Sam Okafor"`) && !strings.Contains(string(b), `"name": "Sam Okafor"`) || strings.Contains(string(b), "@example.org") {
		t.Errorf("getProfile = %d %s (no address, ever)", resp.StatusCode, b)
	}
	if resp, b := f.api("PUT", pathOBProfile, "application/json", `{"type":"Profile","name":"Bob Mensah-Ababio"}`, tok.AccessToken); resp.StatusCode != 200 || !strings.Contains(string(b), "Bob Mensah-Ababio") {
		t.Errorf("putProfile = %d %s", resp.StatusCode, b)
	}
	if m, _ := f.ts.db.Member("bob"); m.Name != "Bob Mensah-Ababio" {
		t.Errorf("after putProfile the member is called %q", m.Name)
	}
	for _, body := range []string{`{"type":"Profile"}`, `{"type":"Achievement","name":"x"}`, `[]`} {
		if resp, b := f.api("PUT", pathOBProfile, "application/json", body, tok.AccessToken); resp.StatusCode != 400 || imsxMinor(t, b) != "invalid_data" {
			t.Errorf("putProfile %s = %d %s", body, resp.StatusCode, b)
		}
	}

	// The settings page lists the access and what it deposited.
	page := f.bob.do("GET", "/account/settings", nil).Body.String()
	if !strings.Contains(page, "Backpack Ünïcode") || !strings.Contains(page, "End access") || !strings.Contains(page, "Credentials added from elsewhere") {
		t.Errorf("the settings page does not list the access:\n%.3000s", page)
	}

	// No token, a wrong one, too little scope.
	if resp, b := f.api("GET", pathOBCredentials, "", "", ""); resp.StatusCode != 401 || imsxMinor(t, b) != "unauthorizedrequest" {
		t.Errorf("no token = %d %s", resp.StatusCode, b)
	}
	if resp, _ := f.api("GET", pathOBCredentials, "", "", "not-a-token"); resp.StatusCode != 401 {
		t.Errorf("a wrong token = %d", resp.StatusCode)
	}
	ro := *f.cfg
	ro.Scopes = []string{accolade.ScopeCredentialRead}
	roTok := f.token(&ro)
	if resp, b := f.api("POST", pathOBCredentials, "text/plain", sam.JWT, roTok.AccessToken); resp.StatusCode != 403 || imsxMinor(t, b) != "forbidden" {
		t.Errorf("upsert with credential.readonly = %d %s", resp.StatusCode, b)
	}
	if resp, _ := f.api("GET", pathOBCredentials, "", "", tok.AccessToken); resp.StatusCode != 401 {
		t.Errorf("the first grant's token still works after the client asked again (its grant was replaced): %d", resp.StatusCode)
	}
	// Revoked on the account page: the token stops working.
	grants, err := f.ts.db.MemberOAuthGrants("bob")
	mustOK(t, err)
	last := grants[len(grants)-1]
	if rec := f.bob.do("POST", "/account/access/"+last.ID+"/revoke", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("revoking on the account page = %d", rec.Code)
	}
	if resp, _ := f.api("GET", pathOBCredentials, "", "", roTok.AccessToken); resp.StatusCode != 401 {
		t.Errorf("a token of a revoked grant = %d, want 401", resp.StatusCode)
	}
}

// tokenPost posts a form to the token or revocation endpoint with the
// client's credentials (HTTP Basic).
func (f *oauthFixture) tokenPost(path string, form url.Values, id, secret string) (int, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if id != "" {
		req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	}
	resp, err := http.DefaultClient.Do(req)
	mustOK(f.t, err)
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestOAuthRefreshAndRevocation(t *testing.T) {
	f := newOAuthFixture(t)
	tok := f.token(f.cfg)
	id, secret := f.cfg.ClientID, f.cfg.ClientSecret
	code, out := f.tokenPost(pathOAuthToken, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}, id, secret)
	if code != 200 || out["access_token"] == nil || out["refresh_token"] == tok.RefreshToken {
		t.Fatalf("refresh = %d %v", code, out)
	}
	fresh := out["access_token"].(string)
	if resp, _ := f.api("GET", pathOBProfile, "", "", fresh); resp.StatusCode != 200 {
		t.Errorf("the refreshed access token = %d", resp.StatusCode)
	}
	// The old refresh token again: stolen, so the grant ends.
	if code, out := f.tokenPost(pathOAuthToken, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}, id, secret); code != 400 || out["error"] != "invalid_grant" {
		t.Errorf("a used refresh token = %d %v", code, out)
	}
	if resp, _ := f.api("GET", pathOBProfile, "", "", fresh); resp.StatusCode != 401 {
		t.Errorf("after a refresh token was replayed, its grant's tokens still work: %d", resp.StatusCode)
	}

	// RFC 7009: an access token revoked stops working; its refresh token
	// goes on; a refresh token revoked ends the grant.
	tok = f.token(f.cfg)
	if code, _ := f.tokenPost(pathOAuthRevoke, url.Values{"token": {tok.AccessToken}, "token_type_hint": {"access_token"}}, id, secret); code != 200 {
		t.Fatalf("revoke = %d", code)
	}
	if resp, _ := f.api("GET", pathOBProfile, "", "", tok.AccessToken); resp.StatusCode != 401 {
		t.Errorf("a revoked access token = %d", resp.StatusCode)
	}
	code, out = f.tokenPost(pathOAuthToken, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}, id, secret)
	if code != 200 {
		t.Fatalf("refresh after revoking the access token = %d %v", code, out)
	}
	if code, _ := f.tokenPost(pathOAuthRevoke, url.Values{"token": {out["refresh_token"].(string)}}, id, secret); code != 200 {
		t.Fatal(code)
	}
	if resp, _ := f.api("GET", pathOBProfile, "", "", out["access_token"].(string)); resp.StatusCode != 401 {
		t.Errorf("after revoking the refresh token its grant's access token = %d", resp.StatusCode)
	}
	if code, _ := f.tokenPost(pathOAuthRevoke, url.Values{"token": {"unknown"}}, id, secret); code != 200 {
		t.Errorf("revoking an unknown token = %d, want 200 (RFC 7009 §2.2)", code)
	}
	if code, out := f.tokenPost(pathOAuthRevoke, url.Values{"token": {"x"}}, id, "wrong"); code != 401 || out["error"] != "invalid_client" {
		t.Errorf("revoking with a wrong secret = %d %v", code, out)
	}
}

func TestOAuthRefused(t *testing.T) {
	f := newOAuthFixture(t)
	id, secret := f.cfg.ClientID, f.cfg.ClientSecret
	authz := func(q url.Values) *httptest.ResponseRecorder {
		return f.bob.do("GET", pathOAuthAuthz+"?"+q.Encode(), nil)
	}
	good := func() url.Values {
		return url.Values{"response_type": {"code"}, "client_id": {id}, "redirect_uri": {f.redirect}, "state": {"st"},
			"code_challenge": {oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier())}, "code_challenge_method": {"S256"},
			"scope": {accolade.ScopeCredentialRead}}
	}
	// Never sent to an address nobody registered: a page says why.
	q := good()
	q.Set("redirect_uri", "https://evil.example/cb")
	if rec := authz(q); rec.Code != 400 || rec.Header().Get("Location") != "" || !strings.Contains(rec.Body.String(), "did not register") {
		t.Errorf("a wrong redirect_uri = %d %q", rec.Code, rec.Header().Get("Location"))
	}
	q = good()
	q.Set("client_id", "nobody")
	if rec := authz(q); rec.Code != 400 || rec.Header().Get("Location") != "" {
		t.Errorf("an unknown client = %d %q", rec.Code, rec.Header().Get("Location"))
	}
	// The rest go back to the client, with the state.
	for _, c := range []struct{ key, value, err string }{
		{"code_challenge_method", "plain", "invalid_request"},
		{"code_challenge", "", "invalid_request"},
		{"response_type", "token", "unsupported_response_type"},
		{"scope", "openid", "invalid_scope"},
	} {
		q := good()
		q.Set(c.key, c.value)
		if back := f.redirected(authz(q)); back.Get("error") != c.err || back.Get("state") != "st" || back.Get("code") != "" {
			t.Errorf("%s=%q: back %v, want error %s", c.key, c.value, back, c.err)
		}
	}
	if back := f.authorize(f.cfg, oauth2.GenerateVerifier(), "deny"); back.Get("error") != "access_denied" || back.Get("code") != "" {
		t.Errorf("denied: back %v", back)
	}

	exchange := func(code, verifier, redirect string) (int, map[string]any) {
		return f.tokenPost(pathOAuthToken, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier},
			"redirect_uri": {redirect}}, id, secret)
	}
	v := oauth2.GenerateVerifier()
	code := f.authorize(f.cfg, v, "allow").Get("code")
	if c, out := exchange(code, oauth2.GenerateVerifier(), f.redirect); c != 400 || out["error"] != "invalid_grant" || !strings.Contains(out["error_description"].(string), "code_verifier") {
		t.Errorf("a wrong verifier = %d %v", c, out)
	}
	if c, out := exchange(code, v, f.redirect); c != 400 || out["error"] != "invalid_grant" {
		t.Errorf("the code after a failed attempt = %d %v; want it burnt", c, out)
	}
	v = oauth2.GenerateVerifier()
	code = f.authorize(f.cfg, v, "allow").Get("code")
	if c, out := exchange(code, v, "https://backpack.example/other"); c != 400 || out["error"] != "invalid_grant" {
		t.Errorf("another redirect_uri = %d %v", c, out)
	}
	// Reused: the first exchange's tokens die with the grant.
	v = oauth2.GenerateVerifier()
	code = f.authorize(f.cfg, v, "allow").Get("code")
	c, out := exchange(code, v, f.redirect)
	if c != 200 {
		t.Fatalf("exchange = %d %v", c, out)
	}
	if c, out := exchange(code, v, f.redirect); c != 400 || out["error"] != "invalid_grant" {
		t.Errorf("a reused code = %d %v", c, out)
	}
	if resp, _ := f.api("GET", pathOBProfile, "", "", out["access_token"].(string)); resp.StatusCode != 401 {
		t.Errorf("the tokens of a reused code still work: %d", resp.StatusCode)
	}
	// Expired: ten minutes.
	v = oauth2.GenerateVerifier()
	code = f.authorize(f.cfg, v, "allow").Get("code")
	f.clk.now = f.clk.now.Add(oauthCodeTTL + time.Second)
	if c, out := exchange(code, v, f.redirect); c != 400 || out["error"] != "invalid_grant" {
		t.Errorf("an expired code = %d %v", c, out)
	}
	// The client must prove itself; grant types are two.
	if c, out := f.tokenPost(pathOAuthToken, url.Values{"grant_type": {"authorization_code"}, "code": {"x"}}, id, "wrong"); c != 401 || out["error"] != "invalid_client" {
		t.Errorf("a wrong client secret = %d %v", c, out)
	}
	if c, out := f.tokenPost(pathOAuthToken, url.Values{"grant_type": {"password"}}, id, secret); c != 400 || out["error"] != "unsupported_grant_type" {
		t.Errorf("grant_type password = %d %v", c, out)
	}
	// An access token expires after an hour.
	v = oauth2.GenerateVerifier()
	code = f.authorize(f.cfg, v, "allow").Get("code")
	c, out = exchange(code, v, f.redirect)
	f.clk.now = f.clk.now.Add(oauthAccessTTL)
	if resp, _ := f.api("GET", pathOBProfile, "", "", out["access_token"].(string)); c != 200 || resp.StatusCode != 401 {
		t.Errorf("an access token an hour old = %d", resp.StatusCode)
	}
}

// TestTokenEndpointShared: the one token endpoint takes OpenID4VCI's
// pre-authorized code and the Open Badges API's authorization code;
// an authorization code without a known client is invalid_client.
func TestTokenEndpointShared(t *testing.T) {
	f := newOAuthFixture(t)
	if c, out := f.tokenPost(pathOAuthToken, url.Values{"grant_type": {"authorization_code"}, "code": {"x"}, "client_id": {"nobody"}}, "", ""); c != 401 || out["error"] != "invalid_client" {
		t.Errorf("an authorization code of an unknown client = %d %v", c, out)
	}
	if c, out := f.tokenPost(pathOAuthToken, url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:pre-authorized_code"}, "pre-authorized_code": {"nope"}}, "", ""); c != 400 || out["error"] != "invalid_grant" {
		t.Errorf("an unknown pre-authorized code = %d %v, want OpenID4VCI's invalid_grant", c, out)
	}
}
