package oid4vci

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"encoding/base64"
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/keys"
)

// ProofClockSkew is how far a key proof's iat may be from now, either way.
const ProofClockSkew = 5 * time.Minute

// maxProof bounds the size of a key proof JWT.
const maxProof = 16 << 10

// Proof is a key proof that passed every check but the nonce's, which the
// caller redeems.
type Proof struct {
	Holder string // the DID the credential is bound to: did:key or did:jwk
	Alg    string
	Nonce  string // the c_nonce it claims
}

// algName is an alg value fit to repeat in a message.
var algName = regexp.MustCompile(`^[A-Za-z0-9+_-]{1,20}$`)

// CheckProof checks a key proof JWT (OpenID4VCI appendix F.1, "jwt Proof
// Type") for the credential issuer audience at now, and returns the holder
// DID it proves control of, with its nonce. Checks: the typ header is
// openid4vci-proof+jwt; alg is one of ProofAlgs (never none, never a MAC);
// the header has exactly one of kid (a did:key DID URL) or jwk (a public
// Ed25519 or P-256 key, made a did:jwk), and no x5c or crit; the signature
// verifies with that key; aud is audience; iat is within ProofClockSkew of
// now; exp, when present, is after now; nonce is present. Errors are *Error
// with code invalid_proof.
func CheckProof(token, audience string, now time.Time) (*Proof, error) {
	if len(token) > maxProof || strings.Count(token, ".") != 2 {
		return nil, Errorf(CodeInvalidProof, "the key proof is not a compact JWS (three base64url parts)")
	}
	head, err := base64.RawURLEncoding.DecodeString(token[:strings.IndexByte(token, '.')])
	var h map[string]json.RawMessage
	if err != nil || json.Unmarshal(head, &h) != nil {
		return nil, Errorf(CodeInvalidProof, "the key proof header is not base64url JSON")
	}
	var typ, alg string
	_ = json.Unmarshal(h["typ"], &typ)
	_ = json.Unmarshal(h["alg"], &alg)
	switch {
	case typ != ProofType:
		return nil, Errorf(CodeInvalidProof, "the key proof typ header must be %s", ProofType)
	case alg == "" || strings.EqualFold(alg, "none"):
		return nil, Errorf(CodeInvalidProof, "the key proof must be signed: alg none is refused")
	case strings.HasPrefix(alg, "HS"):
		return nil, Errorf(CodeInvalidProof, "symmetric (HMAC) algorithms are refused: sign the key proof with EdDSA or ES256")
	case !slices.Contains(ProofAlgs, alg):
		name := "this alg"
		if algName.MatchString(alg) {
			name = "alg " + alg
		}
		return nil, Errorf(CodeInvalidProof, "%s is not supported for key proofs: use EdDSA or ES256", name)
	case h["x5c"] != nil:
		return nil, Errorf(CodeInvalidProof, "x5c key proofs are not supported: name the key with kid (did:key) or jwk")
	case h["crit"] != nil:
		return nil, Errorf(CodeInvalidProof, "the key proof has a crit header, which this issuer does not understand")
	case (h["kid"] != nil) == (h["jwk"] != nil):
		return nil, Errorf(CodeInvalidProof, "the key proof header must have exactly one of kid (a did:key DID URL) and jwk")
	}
	pub, holder, err := proofKey(h, alg)
	if err != nil {
		return nil, err
	}
	jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(alg)})
	if err != nil {
		return nil, Errorf(CodeInvalidProof, "the key proof is not a readable JWS")
	}
	payload, err := jws.Verify(pub)
	if err != nil {
		return nil, Errorf(CodeInvalidProof, "the key proof signature does not verify with the key in its header")
	}
	nonce, err := checkClaims(payload, audience, now)
	if err != nil {
		return nil, err
	}
	return &Proof{Holder: holder, Alg: alg, Nonce: nonce}, nil
}

// proofKey returns the public key the header names and the holder DID.
func proofKey(h map[string]json.RawMessage, alg string) (crypto.PublicKey, string, error) {
	var pub crypto.PublicKey
	var holder string
	if h["kid"] != nil {
		var kid string
		if err := json.Unmarshal(h["kid"], &kid); err != nil || !strings.HasPrefix(kid, "did:key:") {
			return nil, "", Errorf(CodeInvalidProof, "kid must be a did:key DID URL: other DID methods are not resolved here (or send jwk)")
		}
		k, err := keys.ParseDIDKey(kid)
		if err != nil {
			return nil, "", Errorf(CodeInvalidProof, "kid is not a did:key of an Ed25519 or P-256 key")
		}
		pub, holder = k, strings.SplitN(kid, "#", 2)[0]
	} else {
		var jwk jose.JSONWebKey
		if err := jwk.UnmarshalJSON(h["jwk"]); err != nil {
			return nil, "", Errorf(CodeInvalidProof, "the jwk header is not a JSON Web Key")
		}
		if !jwk.IsPublic() {
			return nil, "", Errorf(CodeInvalidProof, "the jwk header holds a private key: send only the public key (and make a new one)")
		}
		did, err := DIDJWK(jwk.Key)
		if err != nil {
			return nil, "", err
		}
		pub, holder = jwk.Key, did
	}
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if alg != "EdDSA" {
			return nil, "", Errorf(CodeInvalidProof, "an Ed25519 key signs with alg EdDSA, not %s", alg)
		}
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() || alg != "ES256" {
			return nil, "", Errorf(CodeInvalidProof, "a P-256 key signs with alg ES256")
		}
	default:
		return nil, "", Errorf(CodeInvalidProof, "the key must be Ed25519 or P-256")
	}
	return pub, holder, nil
}

// checkClaims checks aud, iat, exp and the presence of nonce.
func checkClaims(payload []byte, audience string, now time.Time) (string, error) {
	var c struct {
		Aud   json.RawMessage `json:"aud"`
		Iat   *float64        `json:"iat"`
		Exp   *float64        `json:"exp"`
		Nonce *string         `json:"nonce"`
	}
	if err := json.Unmarshal(payload, &c); err != nil {
		return "", Errorf(CodeInvalidProof, "the key proof claims are not a JSON object of the expected types")
	}
	var auds []string
	if bytes.HasPrefix(bytes.TrimSpace(c.Aud), []byte("[")) {
		_ = json.Unmarshal(c.Aud, &auds)
	} else {
		var a string
		_ = json.Unmarshal(c.Aud, &a)
		auds = []string{a}
	}
	if !slices.Contains(auds, audience) {
		return "", Errorf(CodeInvalidProof, "aud must be the credential issuer identifier %s", audience)
	}
	if c.Iat == nil || math.IsNaN(*c.Iat) {
		return "", Errorf(CodeInvalidProof, "the key proof has no iat")
	}
	if iat := time.Unix(int64(*c.Iat), 0); iat.Before(now.Add(-ProofClockSkew)) || iat.After(now.Add(ProofClockSkew)) {
		return "", Errorf(CodeInvalidProof, "iat is more than %d minutes from the issuer clock: make a new key proof", int(ProofClockSkew/time.Minute))
	}
	if c.Exp != nil && !now.Before(time.Unix(int64(*c.Exp), 0)) {
		return "", Errorf(CodeInvalidProof, "the key proof has expired (exp)")
	}
	if c.Nonce == nil || *c.Nonce == "" {
		return "", Errorf(CodeInvalidProof, "the key proof has no nonce: get a c_nonce from the nonce endpoint and sign it in")
	}
	return *c.Nonce, nil
}

// DIDJWK returns the did:jwk of an Ed25519 or P-256 public key:
// "did:jwk:" + base64url of its JWK with only the members that define the
// key, in lexicographic order (the JCS form), so that one key always has one
// DID whatever else the wallet put in its jwk header.
func DIDJWK(pub crypto.PublicKey) (string, error) {
	b64 := base64.RawURLEncoding.EncodeToString
	var doc string
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return "", Errorf(CodeInvalidProof, "the Ed25519 key has the wrong length")
		}
		doc = `{"crv":"Ed25519","kty":"OKP","x":"` + b64(k) + `"}`
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return "", Errorf(CodeInvalidProof, "the EC key must be on P-256")
		}
		u, err := k.Bytes() // 0x04 || X || Y
		if err != nil {
			return "", Errorf(CodeInvalidProof, "the P-256 key is not a valid point")
		}
		doc = `{"crv":"P-256","kty":"EC","x":"` + b64(u[1:33]) + `","y":"` + b64(u[33:]) + `"}`
	default:
		return "", Errorf(CodeInvalidProof, "the key must be Ed25519 or P-256")
	}
	return "did:jwk:" + b64([]byte(doc)), nil
}
