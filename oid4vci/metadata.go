package oid4vci

import (
	"net/url"
	"slices"
)

// Protocol constants.
const (
	// GrantPreAuthorized is the grant type of the pre-authorised code flow.
	GrantPreAuthorized = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
	// ProofType is the typ header of a key proof JWT.
	ProofType = "openid4vci-proof+jwt"
	// OfferScheme starts the link a wallet opens: the offer by reference.
	OfferScheme = "openid-credential-offer://"

	// The formats and the credential configurations this service issues.
	FormatLDP = "ldp_vc"      // JSON-LD credential with a Data Integrity proof
	FormatJWT = "jwt_vc_json" // VC-JWT
	ConfigLDP = "OpenBadgeCredential_ldp_vc"
	ConfigJWT = "OpenBadgeCredential_jwt_vc_json"

	// CredentialType is the credential type every configuration issues.
	CredentialType = "OpenBadgeCredential"
	// Suite is the Data Integrity cryptosuite of ldp_vc credentials.
	Suite = "eddsa-rdfc-2022"
)

// ProofAlgs are the key proof algorithms this package verifies.
var ProofAlgs = []string{"EdDSA", "ES256"}

// BindingMethods are the DID methods a collected credential can be bound to.
var BindingMethods = []string{"did:key", "did:jwk"}

// Configurations are the configuration ids, in the order offers list them.
var Configurations = []string{ConfigLDP, ConfigJWT}

// formatOf maps a configuration id to its format.
var formatOf = map[string]string{ConfigLDP: FormatLDP, ConfigJWT: FormatJWT}

// OfferLink is the link a wallet opens for the offer served at offerURL:
// openid-credential-offer://?credential_offer_uri=<url-encoded offerURL>.
func OfferLink(offerURL string) string {
	return OfferScheme + "?" + url.Values{"credential_offer_uri": {offerURL}}.Encode()
}

// CredentialOffer is the offer served at its credential_offer_uri.
type CredentialOffer struct {
	CredentialIssuer           string            `json:"credential_issuer"`
	CredentialConfigurationIDs []string          `json:"credential_configuration_ids"`
	Grants                     map[string]*Grant `json:"grants"`
}

// Grant is the pre-authorised code grant of an offer.
type Grant struct {
	PreAuthorizedCode string  `json:"pre-authorized_code"`
	TxCode            *TxCode `json:"tx_code,omitempty"`
}

// TxCode describes the transaction code a wallet must ask its holder for.
type TxCode struct {
	InputMode   string `json:"input_mode,omitempty"`
	Length      int    `json:"length,omitempty"`
	Description string `json:"description,omitempty"`
}

// NewOffer is the offer of both configurations by issuer (the credential
// issuer identifier) with the pre-authorised code; tx, when not nil,
// describes its transaction code.
func NewOffer(issuer, code string, tx *TxCode) CredentialOffer {
	return CredentialOffer{CredentialIssuer: issuer, CredentialConfigurationIDs: slices.Clone(Configurations),
		Grants: map[string]*Grant{GrantPreAuthorized: {PreAuthorizedCode: code, TxCode: tx}}}
}

// Display is how a wallet shows the issuer or a credential in one language.
type Display struct {
	Name   string `json:"name"`
	Locale string `json:"locale,omitempty"`
	Logo   *Logo  `json:"logo,omitempty"`
}

// Logo is an image of a Display.
type Logo struct {
	URI     string `json:"uri"`
	AltText string `json:"alt_text,omitempty"`
}

// IssuerMetadata is the document at /.well-known/openid-credential-issuer.
type IssuerMetadata struct {
	CredentialIssuer   string                   `json:"credential_issuer"`
	CredentialEndpoint string                   `json:"credential_endpoint"`
	NonceEndpoint      string                   `json:"nonce_endpoint"`
	Display            []Display                `json:"display,omitempty"`
	Supported          map[string]Configuration `json:"credential_configurations_supported"`
}

// Configuration is one credential configuration of the metadata.
type Configuration struct {
	Format             string               `json:"format"`
	Scope              string               `json:"scope,omitempty"`
	Definition         Definition           `json:"credential_definition"`
	SigningAlgs        []string             `json:"credential_signing_alg_values_supported"`
	BindingMethods     []string             `json:"cryptographic_binding_methods_supported"`
	ProofTypes         map[string]ProofSpec `json:"proof_types_supported"`
	CredentialMetadata *CredentialMetadata  `json:"credential_metadata,omitempty"`
	Display            []Display            `json:"display,omitempty"` // draft 13 has it here
}

// Definition names what a configuration issues: @context (ldp_vc only) and
// type.
type Definition struct {
	Context []string `json:"@context,omitempty"`
	Type    []string `json:"type"`
}

// ProofSpec is the metadata of one key proof type.
type ProofSpec struct {
	Algs []string `json:"proof_signing_alg_values_supported"`
}

// CredentialMetadata is 1.0's display information of a configuration.
type CredentialMetadata struct {
	Display []Display `json:"display,omitempty"`
}

// Issuer is what the metadata says about the issuing service.
type Issuer struct {
	ID       string    // the credential issuer identifier: the base URL
	Display  []Display // the issuer's name, language and logo
	Contexts []string  // the @context of issued credentials
	JWTAlg   string    // the algorithm of issued VC-JWTs
	// Credential is the display of the credential itself ("Open Badge").
	Credential []Display
}

// Endpoints of the service, relative to its base URL.
const (
	PathCredential  = "/credential"
	PathNonce       = "/nonce"
	PathToken       = "/token"
	PathOffers      = "/openid4vci/offers/"
	PathIssuerMeta  = "/.well-known/openid-credential-issuer"
	PathAuthzServer = "/.well-known/oauth-authorization-server"
)

// Metadata is the credential issuer metadata of iss: both configurations,
// bound to did:key or did:jwk through jwt key proofs.
func Metadata(iss Issuer) IssuerMetadata {
	binding := slices.Clone(BindingMethods)
	proofs := map[string]ProofSpec{"jwt": {Algs: slices.Clone(ProofAlgs)}}
	credType := []string{"VerifiableCredential", CredentialType}
	var cm *CredentialMetadata
	if len(iss.Credential) > 0 {
		cm = &CredentialMetadata{Display: iss.Credential}
	}
	return IssuerMetadata{
		CredentialIssuer: iss.ID, CredentialEndpoint: iss.ID + PathCredential, NonceEndpoint: iss.ID + PathNonce,
		Display: iss.Display,
		Supported: map[string]Configuration{
			ConfigLDP: {Format: FormatLDP, Definition: Definition{Context: slices.Clone(iss.Contexts), Type: credType},
				SigningAlgs: []string{Suite}, BindingMethods: binding, ProofTypes: proofs,
				CredentialMetadata: cm, Display: iss.Credential},
			ConfigJWT: {Format: FormatJWT, Definition: Definition{Type: credType},
				SigningAlgs: []string{iss.JWTAlg}, BindingMethods: binding, ProofTypes: proofs,
				CredentialMetadata: cm, Display: iss.Credential},
		},
	}
}

// AuthorizationServer is the document at
// /.well-known/oauth-authorization-server (RFC 8414): the service is its
// own authorisation server, for the pre-authorised code grant only, without
// client authentication.
type AuthorizationServer struct {
	Issuer              string   `json:"issuer"`
	TokenEndpoint       string   `json:"token_endpoint"`
	GrantTypes          []string `json:"grant_types_supported"`
	ResponseTypes       []string `json:"response_types_supported"`
	TokenAuthMethods    []string `json:"token_endpoint_auth_methods_supported"`
	PreAuthorizedAnonym bool     `json:"pre-authorized_grant_anonymous_access_supported"`
}

// AuthorizationServerMetadata is the authorisation server metadata of the
// service whose identifier is id.
func AuthorizationServerMetadata(id string) AuthorizationServer {
	return AuthorizationServer{Issuer: id, TokenEndpoint: id + PathToken, GrantTypes: []string{GrantPreAuthorized},
		ResponseTypes: []string{}, TokenAuthMethods: []string{"none"}, PreAuthorizedAnonym: true}
}

// TokenResponse is the token endpoint's answer. CNonce is there for draft
// 13 wallets, which take their first nonce from it.
type TokenResponse struct {
	AccessToken     string `json:"access_token"`
	TokenType       string `json:"token_type"`
	ExpiresIn       int    `json:"expires_in"`
	CNonce          string `json:"c_nonce,omitempty"`
	CNonceExpiresIn int    `json:"c_nonce_expires_in,omitempty"`
}

// NonceResponse is the nonce endpoint's answer.
type NonceResponse struct {
	CNonce string `json:"c_nonce"`
}

// Issued is one credential of a 1.0 credential response: a JSON object
// (ldp_vc) or a compact JWT (jwt_vc_json).
type Issued struct {
	Credential any `json:"credential"`
}

// CredentialResponse is 1.0's answer.
type CredentialResponse struct {
	Credentials []Issued `json:"credentials"`
}

// DraftCredentialResponse is draft 13's answer to a request with a
// singular proof, with the next nonce.
type DraftCredentialResponse struct {
	Credential      any    `json:"credential"`
	CNonce          string `json:"c_nonce,omitempty"`
	CNonceExpiresIn int    `json:"c_nonce_expires_in,omitempty"`
}
