// Package wallettest is an OpenID4VCI wallet for tests: it holds an Ed25519
// key (named by did:key in its key proofs' kid) or a P-256 key (sent as the
// proofs' jwk, so bound as did:jwk), signs key proofs, bad ones too when a
// test asks, and collects a credential from an offer link exactly as a
// wallet does: it parses the openid-credential-offer URI, reads the offer
// and both metadata documents, redeems the pre-authorised code, gets a
// nonce and asks for the credential, in 1.0's shape or draft 13's.
package wallettest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/oid4vci"
)

// Wallet is a holder's key and how its proofs name it.
type Wallet struct {
	Key    crypto.Signer
	Alg    string // EdDSA or ES256
	DID    string // what the credential is bound to
	UseJWK bool   // proofs carry the jwk header instead of a did:key kid
	Now    func() time.Time
}

// Ed25519 is a wallet with a new Ed25519 key named by its did:key.
func Ed25519() *Wallet {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	did, err := keys.DIDKey(pub)
	if err != nil {
		panic(err)
	}
	return &Wallet{Key: priv, Alg: "EdDSA", DID: did, Now: time.Now}
}

// P256 is a wallet with a new P-256 key sent as a jwk (did:jwk).
func P256() *Wallet {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	did, err := oid4vci.DIDJWK(&priv.PublicKey)
	if err != nil {
		panic(err)
	}
	return &Wallet{Key: priv, Alg: "ES256", DID: did, UseJWK: true, Now: time.Now}
}

// ProofOptions bend a key proof for refusal tests; the zero value makes a
// good one.
type ProofOptions struct {
	Typ      *string        // nil: openid4vci-proof+jwt; "" drops it
	Alg      string         // "" : the wallet's; "none" leaves the signature empty
	Aud      string         // "" : the audience given
	Iat      time.Time      // zero: Now
	NoNonce  bool           // omit the nonce claim
	SignWith crypto.Signer  // sign with another key than the header names
	Header   map[string]any // extra or replaced header members (nil values delete)
}

// Proof is a good key proof for audience (the credential issuer) and nonce.
func (w *Wallet) Proof(audience, nonce string) string {
	return w.ProofWith(audience, nonce, ProofOptions{})
}

// ProofWith is a key proof bent by o.
func (w *Wallet) ProofWith(audience, nonce string, o ProofOptions) string {
	typ := oid4vci.ProofType
	if o.Typ != nil {
		typ = *o.Typ
	}
	alg := w.Alg
	if o.Alg != "" {
		alg = o.Alg
	}
	h := map[string]any{"alg": alg}
	if typ != "" {
		h["typ"] = typ
	}
	if w.UseJWK {
		h["jwk"] = publicJWK(w.Key.Public())
	} else {
		h["kid"] = w.DID + "#" + strings.TrimPrefix(w.DID, "did:key:")
	}
	for k, v := range o.Header {
		if v == nil {
			delete(h, k)
		} else {
			h[k] = v
		}
	}
	aud := audience
	if o.Aud != "" {
		aud = o.Aud
	}
	iat := o.Iat
	if iat.IsZero() {
		iat = w.Now()
	}
	claims := map[string]any{"aud": aud, "iat": iat.Unix()}
	if !o.NoNonce {
		claims["nonce"] = nonce
	}
	input := b64json(h) + "." + b64json(claims)
	if alg == "none" {
		return input + "."
	}
	key := w.Key
	if o.SignWith != nil {
		key = o.SignWith
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sign(key, []byte(input)))
}

// sign is a JWS signature of input by key: Ed25519 as is, P-256 as R || S.
func sign(key crypto.Signer, input []byte) []byte {
	switch k := key.(type) {
	case ed25519.PrivateKey:
		return ed25519.Sign(k, input)
	case *ecdsa.PrivateKey:
		sum := sha256.Sum256(input)
		r, s, err := ecdsa.Sign(rand.Reader, k, sum[:])
		if err != nil {
			panic(err)
		}
		out := make([]byte, 64)
		r.FillBytes(out[:32])
		s.FillBytes(out[32:])
		return out
	}
	panic(fmt.Sprintf("wallettest: cannot sign with %T", key))
}

// publicJWK is the public JWK of an Ed25519 or P-256 key, with a kid and
// use as wallets add them (the issuer must ignore both in the did:jwk).
func publicJWK(pub crypto.PublicKey) map[string]any {
	b64 := base64.RawURLEncoding.EncodeToString
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return map[string]any{"kty": "OKP", "crv": "Ed25519", "x": b64(k), "use": "sig"}
	case *ecdsa.PublicKey:
		u, _ := k.Bytes()
		return map[string]any{"kty": "EC", "crv": "P-256", "x": b64(u[1:33]), "y": b64(u[33:]), "kid": "wallet-1", "use": "sig"}
	}
	panic(fmt.Sprintf("wallettest: no JWK for %T", pub))
}

func b64json(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
