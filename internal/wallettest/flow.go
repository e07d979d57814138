package wallettest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/accolade-badges/accolade/oid4vci"
)

// Session is one wallet's collection from one issuer: what it read so far.
type Session struct {
	HTTP    *http.Client
	Offer   oid4vci.CredentialOffer
	Issuer  map[string]any // the credential issuer metadata as read
	AS      oid4vci.AuthorizationServer
	Token   oid4vci.TokenResponse
	Answers []Answer // every answer, in order
}

// Answer is one HTTP answer the wallet got.
type Answer struct {
	Method, URL string
	Status      int
	Header      http.Header
	Body        []byte
}

// Error reads a protocol error answer: its error code ("" when it is none).
func (a Answer) Error() string {
	var e oid4vci.Error
	_ = json.Unmarshal(a.Body, &e)
	return e.Code
}

// do sends one request and keeps the answer.
func (s *Session) do(method, u, contentType, token string, body []byte) (Answer, error) {
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		return Answer{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.HTTP.Do(req)
	if err != nil {
		return Answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	a := Answer{Method: method, URL: u, Status: resp.StatusCode, Header: resp.Header, Body: b}
	s.Answers = append(s.Answers, a)
	return a, err
}

// getJSON GETs u into v, wanting 200.
func (s *Session) getJSON(u string, v any) error {
	a, err := s.do("GET", u, "", "", nil)
	if err != nil {
		return err
	}
	if a.Status != http.StatusOK {
		return fmt.Errorf("GET %s = %d %s", u, a.Status, a.Body)
	}
	return json.Unmarshal(a.Body, v)
}

// Open follows an openid-credential-offer:// link: the offer by reference,
// then the issuer's metadata (checking its credential_issuer is the
// offer's, string for string) and its authorisation server's.
func Open(c *http.Client, link string) (*Session, error) {
	s := &Session{HTTP: c}
	rest, ok := strings.CutPrefix(link, oid4vci.OfferScheme)
	if !ok {
		return nil, fmt.Errorf("%q is not an %s link", link, oid4vci.OfferScheme)
	}
	q, err := url.ParseQuery(strings.TrimPrefix(rest, "?"))
	if err != nil {
		return nil, fmt.Errorf("offer link query: %w", err)
	}
	ref := q.Get("credential_offer_uri")
	if ref == "" || q.Get("credential_offer") != "" {
		return nil, fmt.Errorf("offer link %q: want credential_offer_uri alone", link)
	}
	if err := s.getJSON(ref, &s.Offer); err != nil {
		return nil, err
	}
	iss := s.Offer.CredentialIssuer
	if err := s.getJSON(iss+oid4vci.PathIssuerMeta, &s.Issuer); err != nil {
		return nil, err
	}
	if s.Issuer["credential_issuer"] != iss {
		return nil, fmt.Errorf("metadata credential_issuer %v, offer says %s", s.Issuer["credential_issuer"], iss)
	}
	if err := s.getJSON(iss+oid4vci.PathAuthzServer, &s.AS); err != nil {
		return nil, err
	}
	if s.AS.Issuer != iss || !s.AS.PreAuthorizedAnonym {
		return nil, fmt.Errorf("authorization server metadata %+v: want issuer %s with anonymous pre-authorised access", s.AS, iss)
	}
	return s, nil
}

// Code is the offer's pre-authorised code.
func (s *Session) Code() string {
	if g := s.Offer.Grants[oid4vci.GrantPreAuthorized]; g != nil {
		return g.PreAuthorizedCode
	}
	return ""
}

// RedeemForm posts form to the token endpoint as it is.
func (s *Session) RedeemForm(form url.Values) (Answer, error) {
	return s.do("POST", s.AS.TokenEndpoint, "application/x-www-form-urlencoded", "", []byte(form.Encode()))
}

// Redeem redeems the offer's code with txCode ("" sends none) and keeps the
// token on success.
func (s *Session) Redeem(txCode string) (Answer, error) {
	form := url.Values{"grant_type": {oid4vci.GrantPreAuthorized}, "pre-authorized_code": {s.Code()}}
	if txCode != "" {
		form.Set("tx_code", txCode)
	}
	a, err := s.RedeemForm(form)
	if err == nil && a.Status == http.StatusOK {
		err = json.Unmarshal(a.Body, &s.Token)
	}
	return a, err
}

// Nonce gets a c_nonce from the nonce endpoint.
func (s *Session) Nonce() (string, error) {
	endpoint, _ := s.Issuer["nonce_endpoint"].(string)
	a, err := s.do("POST", endpoint, "", "", nil)
	if err != nil {
		return "", err
	}
	var n oid4vci.NonceResponse
	if a.Status != http.StatusOK || json.Unmarshal(a.Body, &n) != nil || n.CNonce == "" {
		return "", fmt.Errorf("POST %s = %d %s", endpoint, a.Status, a.Body)
	}
	if a.Header.Get("Cache-Control") != "no-store" {
		return "", fmt.Errorf("POST %s: Cache-Control %q, want no-store", endpoint, a.Header.Get("Cache-Control"))
	}
	return n.CNonce, nil
}

// Request posts body to the credential endpoint with token.
func (s *Session) Request(token string, body []byte) (Answer, error) {
	endpoint, _ := s.Issuer["credential_endpoint"].(string)
	return s.do("POST", endpoint, "application/json", token, body)
}

// Body is a credential request for config with one key proof: 1.0's
// {credential_configuration_id, proofs}, or draft 13's {format,
// credential_definition, proof}.
func Body(config, proof string, draft bool) []byte {
	var v any = map[string]any{"credential_configuration_id": config, "proofs": map[string]any{"jwt": []string{proof}}}
	if draft {
		format := oid4vci.FormatLDP
		def := map[string]any{"@context": []string{"https://www.w3.org/ns/credentials/v2"}, "type": []string{"VerifiableCredential", oid4vci.CredentialType}}
		if config == oid4vci.ConfigJWT {
			format = oid4vci.FormatJWT
			delete(def, "@context")
		}
		v = map[string]any{"format": format, "credential_definition": def, "proof": map[string]any{"proof_type": "jwt", "jwt": proof}}
	}
	b, _ := json.Marshal(v)
	return b
}

// Credential is what a credential response holds: the credential (a JSON
// object for ldp_vc, a JSON string holding the JWT for jwt_vc_json) and,
// for draft 13, the next nonce.
type Credential struct {
	Raw    json.RawMessage
	CNonce string
}

// JWT is the credential as a compact JWT ("" when it is not a string).
func (c Credential) JWT() string {
	var s string
	_ = json.Unmarshal(c.Raw, &s)
	return s
}

// ReadCredential reads a credential response in the shape the request's
// shape asks for.
func ReadCredential(a Answer, draft bool) (Credential, error) {
	if a.Status != http.StatusOK {
		return Credential{}, fmt.Errorf("POST %s = %d %s", a.URL, a.Status, a.Body)
	}
	if draft {
		var r struct {
			Credential json.RawMessage `json:"credential"`
			CNonce     string          `json:"c_nonce"`
		}
		if err := json.Unmarshal(a.Body, &r); err != nil || len(r.Credential) == 0 || r.CNonce == "" {
			return Credential{}, fmt.Errorf("draft 13 credential response %s: want credential and c_nonce", a.Body)
		}
		return Credential{Raw: r.Credential, CNonce: r.CNonce}, nil
	}
	var r struct {
		Credentials []struct {
			Credential json.RawMessage `json:"credential"`
		} `json:"credentials"`
	}
	if err := json.Unmarshal(a.Body, &r); err != nil || len(r.Credentials) != 1 {
		return Credential{}, fmt.Errorf("credential response %s: want credentials with one credential", a.Body)
	}
	return Credential{Raw: r.Credentials[0].Credential}, nil
}

// Collect runs the whole flow from an offer link for config, in 1.0's
// shape or draft 13's (which takes its nonce from the token response).
func (w *Wallet) Collect(c *http.Client, link, config string, draft bool, txCode string) (Credential, *Session, error) {
	s, err := Open(c, link)
	if err != nil {
		return Credential{}, nil, err
	}
	a, err := s.Redeem(txCode)
	if err != nil || a.Status != http.StatusOK {
		return Credential{}, s, fmt.Errorf("token request = %d %s (%v)", a.Status, a.Body, err)
	}
	nonce := s.Token.CNonce
	if !draft {
		if nonce, err = s.Nonce(); err != nil {
			return Credential{}, s, err
		}
	}
	a, err = s.Request(s.Token.AccessToken, Body(config, w.Proof(s.Offer.CredentialIssuer, nonce), draft))
	if err != nil {
		return Credential{}, s, err
	}
	cred, err := ReadCredential(a, draft)
	return cred, s, err
}
