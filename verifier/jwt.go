package verifier

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"time"
	"unicode/utf8"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ob3"
)

// allowedAlgs is the JWS algorithm allow-list. Anything else — "none", the
// HMAC family, RSA-PSS, other curves — is refused before any key is looked
// up, so a public key can never be mistaken for an HMAC secret.
var allowedAlgs = map[string]bool{"RS256": true, "ES256": true, "EdDSA": true}

// minRSABits is the smallest RSA modulus accepted for RS256.
const minRSABits = 2048

// b64 decodes base64url without padding, refusing non-canonical encodings
// so that a changed character can never decode to the same bytes.
var b64 = base64.RawURLEncoding.Strict()

// jwsHeader is the protected header of a compact JWS.
type jwsHeader struct {
	Alg  string          `json:"alg"`
	Kid  string          `json:"kid"`
	Typ  string          `json:"typ"`
	JWK  json.RawMessage `json:"jwk"`
	Crit json.RawMessage `json:"crit"`
}

// compactJWS is a parsed compact JWS. Its signature is over signingInput,
// the exact bytes of the first two parts as received.
type compactJWS struct {
	header       jwsHeader
	payload      []byte
	signingInput []byte
	signature    []byte
}

// parseCompactJWS splits and decodes a compact JWS. It returns an Invalid
// error saying which part is malformed.
func parseCompactJWS(token []byte) (*compactJWS, error) {
	parts := bytes.Split(bytes.TrimSpace(token), []byte("."))
	if len(parts) != 3 {
		return nil, errs.E(errs.Invalid, "a VC-JWT has three parts separated by dots; this has %d", len(parts))
	}
	var j compactJWS
	hdr, err := decodePart(parts[0])
	if err != nil || json.Unmarshal(hdr, &j.header) != nil {
		return nil, errs.E(errs.Invalid, "its header is not base64url-encoded JSON")
	}
	if j.payload, err = decodePart(parts[1]); err != nil {
		return nil, errs.E(errs.Invalid, "its payload is not base64url-encoded")
	}
	if j.signature, err = decodePart(parts[2]); err != nil {
		return nil, errs.E(errs.Invalid, "its signature is not base64url-encoded")
	}
	if err := checkDuplicateKeys(hdr, "its header"); err != nil {
		return nil, err
	}
	if err := checkDuplicateKeys(j.payload, "its payload"); err != nil {
		return nil, err
	}
	j.signingInput = bytes.TrimSpace(token)[:len(parts[0])+1+len(parts[1])]
	return &j, nil
}

// decodePart decodes one part of a compact JWS: unpadded base64url, in its
// one canonical form. The decoder alone skips line breaks inside a part,
// so one token would have many spellings (and the signature covers the
// spelling); only the alphabet's 64 characters are let through.
func decodePart(p []byte) ([]byte, error) {
	for i, c := range p {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return nil, base64.CorruptInputError(i)
		}
	}
	return b64.DecodeString(string(p))
}

// jwtClaims are the registered JWT claims a VC-JWT carries.
type jwtClaims struct {
	iss, sub, jti string
	aud           []string
	nbf, exp      time.Time
	hasNbf        bool
}

// registeredClaims are removed from a VCDM 2.0 payload to leave the
// credential.
var registeredClaims = map[string]bool{"iss": true, "sub": true, "aud": true, "jti": true, "nbf": true, "exp": true, "iat": true}

// credentialFromPayload returns the credential a VC-JWT payload carries
// (its "vc" claim for VCDM 1.1, else the payload without the registered
// claims) and the claims. It returns an Invalid error for a payload that is
// not a JSON object or has claims of the wrong type.
func credentialFromPayload(payload []byte) ([]byte, jwtClaims, error) {
	var cl jwtClaims
	members, ok := objectMembers(payload)
	if !ok {
		return nil, cl, errs.E(errs.Invalid, "the payload is not a JSON object")
	}
	m := map[string]json.RawMessage{}
	for _, mb := range members {
		if registeredClaims[mb.key] || mb.key == "vc" {
			m[mb.key] = mb.value
		}
	}
	for name, dst := range map[string]*string{"iss": &cl.iss, "sub": &cl.sub, "jti": &cl.jti} {
		if raw, ok := m[name]; ok && json.Unmarshal(raw, dst) != nil {
			return nil, cl, errs.E(errs.Invalid, "the %q claim is not a string", name)
		}
	}
	if raw, ok := m["aud"]; ok {
		var one string
		if json.Unmarshal(raw, &one) == nil {
			cl.aud = []string{one}
		} else if json.Unmarshal(raw, &cl.aud) != nil {
			return nil, cl, errs.E(errs.Invalid, "the \"aud\" claim is not a string or a list of strings")
		}
	}
	var err error
	if cl.nbf, cl.hasNbf, err = numericDate(m, "nbf"); err != nil {
		return nil, cl, err
	}
	if cl.exp, _, err = numericDate(m, "exp"); err != nil {
		return nil, cl, err
	}
	if vc, ok := m["vc"]; ok {
		if len(vc) == 0 || vc[0] != '{' {
			return nil, cl, errs.E(errs.Invalid, "the \"vc\" claim is not a JSON object")
		}
		return vc, cl, nil
	}
	// The payload without the registered claims, the rest in its order.
	cred := make([]byte, 0, len(payload))
	cred = append(cred, '{')
	for _, mb := range members {
		if registeredClaims[mb.key] {
			continue
		}
		if len(cred) > 1 {
			cred = append(cred, ',')
		}
		cred = append(append(append(cred, mb.rawKey...), ':'), mb.value...)
	}
	return append(cred, '}'), cl, nil
}

// member is one top-level property of a JSON object: its key, as decoded
// and as written, and its value as written.
type member struct {
	key           string
	rawKey, value []byte
}

// objectMembers splits the JSON object obj into its top-level members, in
// order, in one pass; ok is false when obj is not a valid JSON object.
func objectMembers(obj []byte) (members []member, ok bool) {
	if !json.Valid(obj) {
		return nil, false
	}
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return nil, false
	}
	i = skipSpace(obj, i+1)
	for i < len(obj) && obj[i] != '}' {
		end := stringEnd(obj, i)
		mb := member{rawKey: obj[i:end], key: string(obj[i+1 : end-1])}
		// Escapes and invalid UTF-8 (which encoding/json reads as U+FFFD)
		// are decoded as encoding/json decodes them.
		if (bytes.IndexByte(mb.rawKey, '\\') >= 0 || !utf8.Valid(mb.rawKey)) && json.Unmarshal(mb.rawKey, &mb.key) != nil {
			return nil, false
		}
		i = skipSpace(obj, skipSpace(obj, end)+1) // past the colon
		end = valueEnd(obj, i)
		mb.value = obj[i:end]
		members = append(members, mb)
		if i = skipSpace(obj, end); i < len(obj) && obj[i] == ',' {
			i = skipSpace(obj, i+1)
		}
	}
	return members, true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd is the index after the JSON string starting at b[i] ('"').
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// valueEnd is the index after the JSON value starting at b[i], in valid
// JSON.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// numericDate reads a NumericDate claim (seconds since the epoch).
func numericDate(m map[string]json.RawMessage, name string) (time.Time, bool, error) {
	raw, ok := m[name]
	if !ok {
		return time.Time{}, false, nil
	}
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil || math.IsNaN(f) || math.Abs(f) > 1e15 {
		return time.Time{}, false, errs.E(errs.Invalid, "the %q claim is not a date in seconds since 1970", name)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true, nil
}

// verifyJWT runs the checks of a VC-JWT.
func (v *Verifier) verifyJWT(ctx context.Context, r *report, token []byte) {
	j, err := parseCompactJWS(token)
	if err != nil {
		r.add(CheckStructure, Fail, "The VC-JWT cannot be read: %s.", message(err))
		return
	}
	cred, claims, err := credentialFromPayload(j.payload)
	var c *ob3.OpenBadgeCredential
	if err != nil {
		r.add(CheckStructure, Fail, "The VC-JWT does not carry a readable credential: %s.", message(err))
	} else {
		r.Credential = cred
		c = v.checkStructure(r, cred)
	}
	v.checkJWTSignature(ctx, r, j, c, claims)
	if c == nil {
		return
	}
	checkClaims(r, c, claims)
	v.checkDates(r, c, claims.nbf, claims.exp)
	v.checkIssuer(r, c)
	v.checkStatus(ctx, r, c)
	v.checkEmbedded(ctx, r, c)
}

// checkJWTSignature adds the signature check: allowed algorithm, the key
// that made the signature, and whether it matches.
func (v *Verifier) checkJWTSignature(ctx context.Context, r *report, j *compactJWS, c *ob3.OpenBadgeCredential, claims jwtClaims) {
	alg := j.header.Alg
	switch {
	case alg == "none" || alg == "":
		r.add(CheckSignature, Fail, "The VC-JWT is not signed (its algorithm is %q), so anyone could have written it.", alg)
		return
	case !allowedAlgs[alg]:
		r.add(CheckSignature, Fail, "The VC-JWT uses the signature algorithm %q, which is not accepted (only RS256, ES256 and EdDSA are).", alg)
		return
	case len(j.header.Crit) > 0:
		r.add(CheckSignature, Fail, "The VC-JWT header lists critical extensions (crit) that this verifier does not understand.")
		return
	}
	cands, err := v.jwtKeys(ctx, &j.header, c)
	if errs.KindOf(err) == errs.Unavailable {
		r.add(CheckSignature, Skip, "%s.", message(err))
		return
	}
	if err != nil {
		r.add(CheckSignature, Fail, "%s", sentence(err))
		return
	}
	k, err := matchSignature(alg, cands, j)
	if err != nil {
		r.add(CheckSignature, Fail, "%s", sentence(err))
		return
	}
	if err := v.checkRetired(k, c, claims); err != nil {
		r.add(CheckSignature, Fail, "%s", sentence(err))
		return
	}
	r.facts.signer, r.facts.ours, r.facts.confirmed, r.facts.keyHome = k.signer, k.local != nil, k.confirmed, k.home
	r.facts.signerKey = k.key
	if k.insecure {
		r.add(CheckSignature, Warn, "%s %s", k.label, insecureNote)
		return
	}
	r.add(CheckSignature, Pass, "%s", k.label)
}

// insecureNote warns of a key fetched over plain http (the command line
// only; a server never follows http links).
const insecureNote = "The key was fetched over plain http: anyone on the network path could have changed it."

// matchSignature returns the candidate key whose signature verifies.
func matchSignature(alg string, cands []jwtKey, j *compactJWS) (jwtKey, error) {
	var keyErr error
	for _, k := range cands {
		if err := checkKeyAlg(alg, k.key, k.jwkAlg); err != nil {
			keyErr = err
			continue
		}
		if verifySignature(alg, k.key, j.signingInput, j.signature) {
			return k, nil
		}
	}
	switch {
	case len(cands) == 1 && keyErr != nil:
		return jwtKey{}, keyErr
	case len(cands) > 1:
		return jwtKey{}, errs.E(errs.Invalid, "The signature does not match any key of %s: the credential was changed after it was signed, or it was not signed by this issuer", cands[0].issuerName)
	}
	return jwtKey{}, errs.E(errs.Invalid, "The signature does not match: the credential was changed after it was signed")
}

// checkKeyAlg reports an error unless key is a key for alg: RSA of at least
// 2048 bits for RS256, P-256 for ES256, Ed25519 for EdDSA. jwkAlg, the
// "alg" a JWK declares, must be empty or alg.
func checkKeyAlg(alg string, key crypto.PublicKey, jwkAlg string) error {
	if jwkAlg != "" && jwkAlg != alg {
		return errs.E(errs.Invalid, "The signing key is declared for %s, but the VC-JWT says %s", jwkAlg, alg)
	}
	ok := false
	switch k := key.(type) {
	case *rsa.PublicKey:
		if alg == "RS256" && k.N.BitLen() < minRSABits {
			return errs.E(errs.Invalid, "The signing key is a %d-bit RSA key, too weak to trust: at least %d bits are required", k.N.BitLen(), minRSABits)
		}
		ok = alg == "RS256"
	case *ecdsa.PublicKey:
		ok = alg == "ES256" && k.Curve == elliptic.P256()
	case ed25519.PublicKey:
		ok = alg == "EdDSA" && len(k) == ed25519.PublicKeySize
	}
	if !ok {
		return errs.E(errs.Invalid, "The signing key (%s) cannot make %s signatures", keyKind(key), alg)
	}
	return nil
}

// keyKind names a key type in words.
func keyKind(key crypto.PublicKey) string {
	switch k := key.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d-bit", k.N.BitLen())
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	case ed25519.PublicKey:
		return "Ed25519"
	}
	return fmt.Sprintf("%T", key)
}

// verifySignature reports whether sig is alg's signature of input by key.
// The caller has checked the key with checkKeyAlg.
func verifySignature(alg string, key crypto.PublicKey, input, sig []byte) bool {
	h := sha256.Sum256(input)
	switch k := key.(type) {
	case *rsa.PublicKey:
		return rsa.VerifyPKCS1v15(k, crypto.SHA256, h[:], sig) == nil
	case *ecdsa.PublicKey:
		if len(sig) != 64 {
			return false
		}
		rr, ss := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		return ecdsa.Verify(k, h[:], rr, ss)
	case ed25519.PublicKey:
		return ed25519.Verify(k, input, sig)
	}
	return false
}

// checkClaims adds the claims check: the JWT claims agree with the
// credential. A missing claim is a warning; a contradicting one a failure.
func checkClaims(r *report, c *ob3.OpenBadgeCredential, cl jwtClaims) {
	var bad, missing []string
	compare := func(name, claim, want, what string) {
		switch {
		case claim == "":
			missing = append(missing, name)
		case claim != want:
			bad = append(bad, fmt.Sprintf("%s is %q but the credential's %s is %q", name, claim, what, want))
		}
	}
	compare("iss", cl.iss, c.Issuer.ID, "issuer")
	compare("jti", cl.jti, c.ID, "id")
	start := c.Start().Time
	switch {
	case !cl.hasNbf:
		missing = append(missing, "nbf")
	case !sameSecond(cl.nbf, start):
		bad = append(bad, fmt.Sprintf("nbf is %s but the credential is valid from %s", when(cl.nbf), when(start)))
	}
	if subj := c.CredentialSubject.ID; subj != "" && cl.sub != subj && !(cl.sub == "" && contains(cl.aud, subj)) {
		compare("sub", cl.sub, subj, "subject")
	}
	end := c.End().Time
	switch {
	case !end.IsZero() && cl.exp.IsZero():
		missing = append(missing, "exp")
	case !cl.exp.IsZero() && !sameSecond(cl.exp, end):
		bad = append(bad, fmt.Sprintf("exp is %s but the credential is valid until %s", when(cl.exp), whenOrNever(end)))
	}
	switch {
	case len(bad) > 0:
		r.add(CheckClaims, Fail, "The JWT claims contradict the credential: %s.", joinAnd(bad))
	case len(missing) > 0:
		r.add(CheckClaims, Warn, "The JWT claims agree with the credential, but %s missing.", joinAnd(missing)+pluralIs(len(missing)))
	default:
		r.add(CheckClaims, Pass, "The JWT claims (issuer, id, dates, subject) agree with the credential.")
	}
}

// sameSecond reports whether a and b are within one second of each other.
func sameSecond(a, b time.Time) bool {
	d := a.Sub(b)
	return !a.IsZero() && !b.IsZero() && d <= time.Second && d >= -time.Second
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
