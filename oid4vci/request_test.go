package oid4vci_test

import (
	"crypto/ed25519"
	"errors"
	"testing"

	"github.com/accolade-badges/accolade/oid4vci"
)

// TestParseCredentialRequest reads both shapes, and names what is wrong.
func TestParseCredentialRequest(t *testing.T) {
	for _, c := range []struct {
		name, body   string
		config, code string
		draft        bool
	}{
		{"1.0", `{"credential_configuration_id":"OpenBadgeCredential_jwt_vc_json","proofs":{"jwt":["a.b.c"]}}`, oid4vci.ConfigJWT, "", false},
		{"draft 13 format", `{"format":"ldp_vc","credential_definition":{"type":["VerifiableCredential","OpenBadgeCredential"]},"proof":{"proof_type":"jwt","jwt":"a.b.c"}}`, oid4vci.ConfigLDP, "", true},
		{"draft 13 configuration id", `{"credential_configuration_id":"OpenBadgeCredential_ldp_vc","proof":{"proof_type":"jwt","jwt":"a.b.c"}}`, oid4vci.ConfigLDP, "", true},
		{"draft 13 other type", `{"format":"ldp_vc","credential_definition":{"type":["VerifiableCredential","UniversityDegree"]},"proof":{"proof_type":"jwt","jwt":"a.b.c"}}`, "", oid4vci.CodeUnsupportedType, true},
		{"identifier", `{"credential_identifier":"x","proofs":{"jwt":["a.b.c"]}}`, "", oid4vci.CodeUnknownIdentifier, false},
		{"both names", `{"credential_configuration_id":"OpenBadgeCredential_ldp_vc","format":"ldp_vc","proofs":{"jwt":["a.b.c"]}}`, "", oid4vci.CodeInvalidCredentialRequest, false},
		{"repeated member", `{"credential_configuration_id":"OpenBadgeCredential_ldp_vc","credential_configuration_id":"x","proofs":{"jwt":["a.b.c"]}}`, "", oid4vci.CodeInvalidCredentialRequest, false},
		{"ldp_vp proof", `{"credential_configuration_id":"OpenBadgeCredential_ldp_vc","proofs":{"ldp_vp":[{}]}}`, "", oid4vci.CodeInvalidProof, false},
		{"encryption", `{"credential_configuration_id":"OpenBadgeCredential_ldp_vc","proofs":{"jwt":["a.b.c"]},"credential_response_encryption":{}}`, "", oid4vci.CodeInvalidEncryption, false},
		{"array", `[]`, "", oid4vci.CodeInvalidCredentialRequest, false},
		{"trailing data", `{"credential_configuration_id":"OpenBadgeCredential_ldp_vc","proofs":{"jwt":["a.b.c"]}} {}`, "", oid4vci.CodeInvalidCredentialRequest, false},
	} {
		req, err := oid4vci.ParseCredentialRequest([]byte(c.body))
		var pe *oid4vci.Error
		switch {
		case c.code != "" && (!errors.As(err, &pe) || pe.Code != c.code):
			t.Errorf("%s: error %v, want %s", c.name, err, c.code)
		case c.code == "" && (err != nil || req.Configuration != c.config || req.Draft != c.draft || req.ProofJWT != "a.b.c"):
			t.Errorf("%s = %+v, %v; want %s draft %v", c.name, req, err, c.config, c.draft)
		}
	}
}

// TestDIDJWK: one key, one did:jwk, whatever JWK members came with it.
func TestDIDJWK(t *testing.T) {
	pub := ed25519.PublicKey(make([]byte, 32))
	did, err := oid4vci.DIDJWK(pub)
	// base64url of {"crv":"Ed25519","kty":"OKP","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
	want := "did:jwk:eyJjcnYiOiJFZDI1NTE5Iiwia3R5IjoiT0tQIiwieCI6IkFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUEifQ"
	if err != nil || did != want {
		t.Errorf("DIDJWK = %s, %v; want %s", did, err, want)
	}
	if _, err := oid4vci.DIDJWK("not a key"); err == nil {
		t.Error("DIDJWK(string) = nil error")
	}
}

// TestPrintable keeps error descriptions to the characters OpenID4VCI allows.
func TestPrintable(t *testing.T) {
	if got := oid4vci.Printable("a \"b\"\\ é\n"); got != "a ?b?? ???" {
		t.Errorf("Printable = %q", got)
	}
}
