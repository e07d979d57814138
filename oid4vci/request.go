package oid4vci

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// Error codes: RFC 6749 §5.2 and RFC 6750 §3.1 for the token and the bearer
// token, OpenID4VCI for the credential endpoint (1.0; unsupported_credential_*
// are draft 13's).
const (
	CodeInvalidRequest           = "invalid_request"
	CodeInvalidGrant             = "invalid_grant"
	CodeUnsupportedGrantType     = "unsupported_grant_type"
	CodeInvalidToken             = "invalid_token"
	CodeInvalidCredentialRequest = "invalid_credential_request"
	CodeUnknownConfiguration     = "unknown_credential_configuration"
	CodeUnknownIdentifier        = "unknown_credential_identifier"
	CodeUnsupportedType          = "unsupported_credential_type"
	CodeUnsupportedFormat        = "unsupported_credential_format"
	CodeInvalidProof             = "invalid_proof"
	CodeInvalidNonce             = "invalid_nonce"
	CodeInvalidEncryption        = "invalid_encryption_parameters"
	CodeRequestDenied            = "credential_request_denied"
)

// Error is a protocol error: its code and a description for a wallet's
// developer, in ASCII without quotes or backslashes (OpenID4VCI §8.3.1.2).
type Error struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Description }

// Errorf returns an Error with code and a description made printable.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Description: Printable(fmt.Sprintf(format, args...))}
}

// Printable is s with every character an error description may not hold
// (outside %x20-21 / %x23-5B / %x5D-7E) replaced by a question mark.
func Printable(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			b[i] = '?'
		}
	}
	return string(b)
}

// CredentialRequest is a credential request read: which configuration, and
// the one key proof.
type CredentialRequest struct {
	Configuration string // ConfigLDP or ConfigJWT
	Format        string // FormatLDP or FormatJWT
	ProofJWT      string
	// Draft is set for a request with a singular proof (draft 13): it is
	// answered with a singular credential and the next c_nonce, and its
	// nonce errors are invalid_proof with a fresh c_nonce, as draft 13
	// wallets expect.
	Draft bool
}

// rawRequest is a credential request as sent, in either shape.
type rawRequest struct {
	ConfigurationID *string         `json:"credential_configuration_id"`
	Identifier      *string         `json:"credential_identifier"`
	Format          *string         `json:"format"`
	Definition      json.RawMessage `json:"credential_definition"`
	Proof           json.RawMessage `json:"proof"`
	Proofs          json.RawMessage `json:"proofs"`
	Encryption      json.RawMessage `json:"credential_response_encryption"`
}

// ParseCredentialRequest reads a credential request body (JSON). Its
// errors are *Error: invalid_credential_request for a malformed request,
// unknown_credential_configuration (draft: unsupported_credential_type),
// unsupported_credential_format, unknown_credential_identifier, and
// invalid_proof for a missing or unsupported key proof.
func ParseCredentialRequest(body []byte) (*CredentialRequest, error) {
	if err := checkObject(body); err != nil {
		return nil, err
	}
	var raw rawRequest
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, Errorf(CodeInvalidCredentialRequest, "the request body does not have the shape of a credential request: %v", err)
	}
	present := func(m json.RawMessage) bool { return len(m) > 0 && !bytes.Equal(m, []byte("null")) }
	req := &CredentialRequest{Draft: present(raw.Proof)}
	if err := req.configuration(&raw); err != nil {
		return nil, err
	}
	if present(raw.Encryption) {
		return nil, Errorf(CodeInvalidEncryption, "this issuer does not encrypt credential responses: send no credential_response_encryption")
	}
	switch {
	case present(raw.Proof) && present(raw.Proofs):
		return nil, Errorf(CodeInvalidProof, "send one of proof (draft 13) or proofs, not both")
	case present(raw.Proofs):
		return req, req.proofs(raw.Proofs)
	case present(raw.Proof):
		return req, req.proof(raw.Proof)
	}
	return nil, Errorf(CodeInvalidProof, "a key proof is required: send proofs with one jwt key proof")
}

// configuration sets the configuration and format the request names.
func (req *CredentialRequest) configuration(raw *rawRequest) error {
	unknown := CodeUnknownConfiguration
	if req.Draft || raw.Format != nil {
		unknown = CodeUnsupportedType
	}
	switch {
	case raw.Identifier != nil:
		return Errorf(CodeUnknownIdentifier, "this issuer gives out no credential identifiers: send credential_configuration_id instead")
	case raw.ConfigurationID != nil && raw.Format != nil:
		return Errorf(CodeInvalidCredentialRequest, "send credential_configuration_id or format, not both")
	case raw.ConfigurationID != nil:
		f, ok := formatOf[*raw.ConfigurationID]
		if !ok {
			return Errorf(unknown, "unknown credential_configuration_id: this issuer offers %s and %s", ConfigLDP, ConfigJWT)
		}
		req.Configuration, req.Format = *raw.ConfigurationID, f
	case raw.Format != nil:
		switch *raw.Format {
		case FormatLDP:
			req.Configuration = ConfigLDP
		case FormatJWT:
			req.Configuration = ConfigJWT
		default:
			return Errorf(CodeUnsupportedFormat, "unsupported format: this issuer issues %s and %s", FormatLDP, FormatJWT)
		}
		req.Format = *raw.Format
		if len(raw.Definition) > 0 {
			var d struct {
				Type []string `json:"type"`
			}
			if err := json.Unmarshal(raw.Definition, &d); err != nil {
				return Errorf(CodeInvalidCredentialRequest, "credential_definition must be an object with a type array")
			}
			if !slices.Contains(d.Type, CredentialType) {
				return Errorf(CodeUnsupportedType, "credential_definition.type must include %s: the only credential type issued here", CredentialType)
			}
		}
	default:
		return Errorf(CodeInvalidCredentialRequest, "name the credential: send credential_configuration_id (%s or %s)", ConfigLDP, ConfigJWT)
	}
	return nil
}

// proofs reads 1.0's proofs: exactly one jwt key proof.
func (req *CredentialRequest) proofs(raw json.RawMessage) error {
	var p map[string]json.RawMessage
	if err := json.Unmarshal(raw, &p); err != nil {
		return Errorf(CodeInvalidProof, "proofs must be an object such as {jwt: [...]}")
	}
	for k := range p {
		if k != "jwt" {
			return Errorf(CodeInvalidProof, "proof type %s is not supported: send jwt key proofs", k)
		}
	}
	var jwts []string
	if err := json.Unmarshal(p["jwt"], &jwts); err != nil || len(jwts) == 0 {
		return Errorf(CodeInvalidProof, "proofs.jwt must be an array holding one key proof JWT")
	}
	if len(jwts) > 1 {
		return Errorf(CodeInvalidCredentialRequest, "send one key proof: this issuer issues one credential per request, not batches")
	}
	req.ProofJWT = jwts[0]
	return nil
}

// proof reads draft 13's singular proof.
func (req *CredentialRequest) proof(raw json.RawMessage) error {
	var p struct {
		Type string `json:"proof_type"`
		JWT  string `json:"jwt"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return Errorf(CodeInvalidProof, "proof must be an object with proof_type and jwt")
	}
	if p.Type != "jwt" {
		return Errorf(CodeInvalidProof, "proof_type must be jwt: the only key proof type supported here")
	}
	if p.JWT == "" {
		return Errorf(CodeInvalidProof, "proof.jwt is missing: it holds the key proof JWT")
	}
	req.ProofJWT = p.JWT
	return nil
}

// checkObject refuses a body that is not one JSON object, or that repeats
// a member at its top level (which Go's decoder would silently resolve).
func checkObject(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return Errorf(CodeInvalidCredentialRequest, "the request body must be a JSON object")
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return Errorf(CodeInvalidCredentialRequest, "the request body is not valid JSON")
		}
		k, _ := t.(string)
		if seen[k] {
			return Errorf(CodeInvalidCredentialRequest, "the request repeats the member %s", k)
		}
		seen[k] = true
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return Errorf(CodeInvalidCredentialRequest, "the request body is not valid JSON")
		}
	}
	if _, err := dec.Token(); err != nil {
		return Errorf(CodeInvalidCredentialRequest, "the request body is not valid JSON")
	}
	if dec.More() {
		return Errorf(CodeInvalidCredentialRequest, "the request body has data after the JSON object")
	}
	return nil
}
