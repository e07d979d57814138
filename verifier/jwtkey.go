package verifier

import (
	"context"
	"crypto"
	"fmt"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ob3"
)

// clockSkew is the leeway allowed between clocks when comparing dates.
const clockSkew = time.Minute

// jwtKey is a key that may have made a VC-JWT signature, and what a passing
// signature check says about it.
type jwtKey struct {
	key        crypto.PublicKey
	jwkAlg     string          // the "alg" its JWK declares, if any
	local      *keys.PublicKey // set for this service's own keys
	issuerName string
	label      string // the pass message
	signer     string // the key in words, for the outcome: its kid or what it is
	confirmed  bool   // the key is tied to the credential's issuer id
	home       string // where a remote key was published
	insecure   bool   // it was fetched over plain http
}

// jwtKeys selects the candidate keys for a VC-JWT signature:
//
//   - a kid naming one of this service's keys: that key, which must belong
//     to the credential's issuer;
//   - a credential naming one of this service's issuers: only that issuer's
//     keys, never a fetched or embedded one;
//   - a kid that is a URL or DID: the resolved key, bound to the issuer
//     when the issuer id is a URL or DID;
//   - else the header's jwk, which proves only who signed.
//
// Its errors are plain sentences for the signature check.
func (v *Verifier) jwtKeys(ctx context.Context, h *jwsHeader, c *ob3.OpenBadgeCredential) ([]jwtKey, error) {
	issuerID, name := issuerOf(c)
	if h.Kid != "" {
		if pk, iss, ok := v.local.KeyByKID(h.Kid); ok {
			if issuerID != "" && !v.ownsKey(issuerID, iss, pk) {
				return nil, errs.E(errs.Forbidden, "The credential names %s as its issuer, but it is signed with a key of %s, another issuer on this service", name, iss)
			}
			if issuerID == "" {
				name = iss
			}
			return []jwtKey{ourKey(pk, name)}, nil
		}
	}
	if issuerID != "" && v.local.IssuerKnown(issuerID) {
		return v.ourIssuerKeys(h, issuerID, name)
	}
	if h.Kid != "" && (resolvableID(h.Kid) || len(h.JWK) == 0) {
		k, err := v.remoteJWTKey(ctx, h.Kid, issuerID, name)
		if err == nil || len(h.JWK) == 0 {
			return []jwtKey{k}, err
		}
		ek, eerr := embeddedKey(h.JWK, name)
		if eerr != nil {
			return nil, err
		}
		ek.label += fmt.Sprintf(" (The key %s named in its header could not be used: %s.)", h.Kid, message(err))
		return []jwtKey{ek}, nil
	}
	if len(h.JWK) > 0 {
		k, err := embeddedKey(h.JWK, name)
		return []jwtKey{k}, err
	}
	return nil, errs.E(errs.Invalid, "The VC-JWT does not say which key signed it (its header has neither kid nor jwk)")
}

// ownsKey reports whether our key pk, which Local says belongs to issuer
// keyIssuer, is a key of the credential's issuer issuerID: the same id, or
// another id of the same issuer (profile URL and did:web).
func (v *Verifier) ownsKey(issuerID, keyIssuer string, pk keys.PublicKey) bool {
	if issuerID == keyIssuer {
		return true
	}
	for _, k := range v.local.IssuerKeys(issuerID) {
		if k.ID == pk.ID {
			return true
		}
	}
	return false
}

// issuerOf returns the credential's issuer id and a name for it in
// messages: its name, else its id.
func issuerOf(c *ob3.OpenBadgeCredential) (id, name string) {
	if c == nil || c.Issuer.ID == "" {
		return "", "the issuer"
	}
	if c.Issuer.Name != "" {
		return c.Issuer.ID, c.Issuer.Name
	}
	return c.Issuer.ID, c.Issuer.ID
}

// ourKey is a candidate for one of this service's keys.
func ourKey(pk keys.PublicKey, name string) jwtKey {
	label := fmt.Sprintf("Signed with a key of %s on this service, created %s.", name, day(pk.Created))
	if !pk.Retired.IsZero() {
		label = fmt.Sprintf("Signed with a key of %s on this service, created %s and retired on %s (it still verifies what it signed before then).",
			name, day(pk.Created), day(pk.Retired))
	}
	return jwtKey{key: pk.Key, jwkAlg: string(pk.Alg), local: &pk, issuerName: name, label: label, signer: name + "'s key", confirmed: true}
}

// ourIssuerKeys selects among the keys of one of this service's issuers:
// the embedded jwk when it is one of them, or, with neither kid nor jwk,
// every key of the header's algorithm. A kid that is not theirs fails.
func (v *Verifier) ourIssuerKeys(h *jwsHeader, issuerID, name string) ([]jwtKey, error) {
	all := v.local.IssuerKeys(issuerID)
	notOurs := func(why string) error {
		return errs.E(errs.Forbidden, "The credential claims to be from %s but is not signed by any of its keys (%s)", name, why)
	}
	switch {
	case h.Kid != "":
		return nil, notOurs(fmt.Sprintf("the key %q is not one of them", h.Kid))
	case len(h.JWK) > 0:
		k, err := parseJWK(h.JWK)
		if err != nil {
			return nil, notOurs(message(err))
		}
		for _, pk := range all {
			if eq, ok := pk.Key.(interface{ Equal(crypto.PublicKey) bool }); ok && eq.Equal(k.Key) {
				return []jwtKey{ourKey(pk, name)}, nil
			}
		}
		return nil, notOurs("the key embedded in it is not one of them")
	}
	var cands []jwtKey
	for _, pk := range all {
		if string(pk.Alg) == h.Alg {
			cands = append(cands, ourKey(pk, name))
		}
	}
	if len(cands) == 0 {
		return nil, notOurs(fmt.Sprintf("it has no %s key", h.Alg))
	}
	return cands, nil
}

// embeddedKey is a candidate for a key embedded in the header (jwk).
func embeddedKey(raw []byte, name string) (jwtKey, error) {
	k, err := parseJWK(raw)
	if err != nil {
		return jwtKey{}, errs.E(errs.Invalid, "The key embedded in the VC-JWT cannot be used: %s", message(err))
	}
	return jwtKey{key: k.Key, jwkAlg: k.Algorithm, issuerName: name, signer: "a key embedded in the credential itself",
		label: "The signature is valid, but it was made with a key embedded in the credential itself: " +
			"that shows the credential was not changed since it was signed, not who signed it."}, nil
}

// remoteJWTKey resolves a kid of another issuer and binds it to the issuer.
func (v *Verifier) remoteJWTKey(ctx context.Context, kid, issuerID, name string) (jwtKey, error) {
	m, err := v.resolveKey(ctx, kid, purposeAssertion, true)
	if err != nil {
		return jwtKey{}, errs.Wrap(errs.KindOf(err), err, "The signing key could not be found")
	}
	k := jwtKey{key: m.key, jwkAlg: m.jwkAlg, issuerName: name, signer: kid, home: m.home, insecure: m.insecure}
	switch {
	case m.confirms(issuerID):
		k.confirmed = true
		k.label = fmt.Sprintf("Signed with the key %s, published at %s.", kid, m.home)
	case m.controls(issuerID):
		k.signer, _, _ = strings.Cut(kid, "#")
		k.label = fmt.Sprintf("Signed correctly with the key %s.", kid)
	case resolvableID(issuerID):
		return jwtKey{}, errs.E(errs.Forbidden, "The credential names %s (%s) as its issuer, but it is signed with a key controlled by %s", name, issuerID, m.controller)
	default:
		k.label = fmt.Sprintf("The signature is valid, made with the key %s; nothing links that key to the issuer the credential names.", kid)
	}
	return k, nil
}

// checkRetired fails a signature by one of this service's keys that was
// retired before the credential was issued: retired keys only verify what
// they signed while active.
func (v *Verifier) checkRetired(k jwtKey, c *ob3.OpenBadgeCredential, cl jwtClaims) error {
	if k.local == nil || k.local.Retired.IsZero() {
		return nil
	}
	issued := cl.nbf
	if !cl.hasNbf && c != nil {
		issued = c.Start().Time
	}
	if issued.After(k.local.Retired.Add(clockSkew)) {
		return errs.E(errs.Forbidden, "The credential is signed with a key of %s that was retired on %s, before the credential was issued (%s)",
			k.issuerName, when(k.local.Retired), when(issued))
	}
	return nil
}
