package keys

import (
	"github.com/go-jose/go-jose/v4"

	"github.com/accolade-badges/accolade/errs"
)

// SignJWT returns a compact JWS over payload, signed by s, whose protected
// header is exactly {"alg": s.Algorithm(), "kid": kid, "typ": "JWT"}: no
// embedded jwk, no cty, nothing else. kid is normally a URL into the
// issuer's JWKS. It returns an Invalid error for an empty kid or a signer
// with an unsupported algorithm.
//
// go-jose builds the header: alg, then kid from the signing key's public
// JWK (empty here, so none), a nonce (no NonceSource here, so none), then
// ExtraHeaders. TestSignJWTHeader checks the result.
func SignJWT(s Signer, kid string, payload []byte) (string, error) {
	if kid == "" {
		return "", errs.Field("kid", "is empty")
	}
	alg := s.Algorithm()
	if err := alg.check(); err != nil {
		return "", err
	}
	opts := (&jose.SignerOptions{}).
		WithType("JWT").
		WithHeader(jose.HeaderKey("kid"), kid)
	js, err := jose.NewSigner(jose.SigningKey{
		Algorithm: jose.SignatureAlgorithm(alg),
		Key:       opaque{s},
	}, opts)
	if err != nil {
		return "", errs.Wrap(errs.Internal, err, "creating JWS signer")
	}
	obj, err := js.Sign(payload)
	if err != nil {
		return "", errs.Wrap(errs.Internal, err, "signing JWT with key %s", s.KeyID())
	}
	return obj.CompactSerialize()
}

// opaque adapts a Signer to jose.OpaqueSigner. Its JWS signatures are
// exactly Signer.Sign's output over the JWS signing input.
type opaque struct{ s Signer }

// Public returns the public JWK without a key ID, so go-jose adds no kid of
// its own.
func (o opaque) Public() *jose.JSONWebKey {
	jwk := o.s.Public().JWK("")
	return &jwk
}

// Algs returns the signer's one algorithm.
func (o opaque) Algs() []jose.SignatureAlgorithm {
	return []jose.SignatureAlgorithm{jose.SignatureAlgorithm(o.s.Algorithm())}
}

// SignPayload signs the JWS signing input.
func (o opaque) SignPayload(payload []byte, alg jose.SignatureAlgorithm) ([]byte, error) {
	if Algorithm(alg) != o.s.Algorithm() {
		return nil, errs.E(errs.Internal, "key %s signs %s, not %s", o.s.KeyID(), o.s.Algorithm(), alg)
	}
	return o.s.Sign(payload)
}
