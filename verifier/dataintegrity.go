package verifier

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ob3"
)

// verifyJSON runs the checks of a JSON credential with embedded proofs.
func (v *Verifier) verifyJSON(ctx context.Context, r *report, data []byte) {
	if err := checkDuplicateKeys(data, "it"); err != nil {
		r.add(CheckStructure, Fail, "The credential cannot be trusted: %s.", message(err))
		return
	}
	c := v.checkStructure(r, data)
	if c == nil {
		return
	}
	r.Credential = data
	v.checkProofs(ctx, r, data, c)
	v.checkDates(r, c, c.Start().Time, c.End().Time)
	v.checkIssuer(r, c)
	v.checkStatus(ctx, r, c)
	v.checkEmbedded(ctx, r, c)
}

// checkProofs adds the proof check: every Data Integrity proof is verified,
// its key resolved and authorised for assertionMethod, and its controller
// must be the credential's issuer. One bad proof fails the check; proofs of
// an unsupported type are ignored when another proof passes.
func (v *Verifier) checkProofs(ctx context.Context, r *report, data []byte, c *ob3.OpenBadgeCredential) {
	if len(c.Proof) == 0 {
		r.add(CheckProof, Fail, "The credential carries no proof or signature, so nothing shows who issued it or that it is unchanged.")
		return
	}
	res := &diResolver{v: v, issuerID: c.Issuer.ID, local: map[string]keys.PublicKey{}}
	results, err := safeVerify(ctx, data, res)
	if errors.Is(err, dataintegrity.ErrUnknownContext) {
		if v.local.IssuerKnown(c.Issuer.ID) {
			r.add(CheckProof, Fail, "The proof cannot be checked: %s; this service's issuers never use it, so the credential was changed after it was signed.", proofProblem(err))
			return
		}
		// Not a flaw of the credential: this verifier cannot read it.
		r.add(CheckProof, Skip, "The proof cannot be checked: %s.", proofProblem(err))
		return
	}
	if err != nil {
		r.add(CheckProof, Fail, "The proof cannot be checked: %s.", proofProblem(err))
		return
	}
	var pass, fail, skip []string
	insecure := false
	for _, pr := range results {
		j := v.judgeProof(pr, c, res)
		switch j.status {
		case Pass:
			pass = append(pass, j.message)
			if !r.facts.confirmed || j.confirmed {
				r.facts.signer, r.facts.ours, r.facts.confirmed, r.facts.keyHome = j.signer, j.ours, j.confirmed, j.home
				r.facts.signerKey = j.key
			}
			insecure = insecure || j.insecure
		case Fail:
			fail = append(fail, j.message)
		default:
			skip = append(skip, j.message)
		}
	}
	switch {
	case len(fail) > 0:
		r.add(CheckProof, Fail, "%s", strings.Join(fail, " "))
	case len(pass) > 0 && insecure:
		r.add(CheckProof, Warn, "%s %s", strings.Join(pass, " "), insecureNote)
	case len(pass) > 0:
		r.add(CheckProof, Pass, "%s", strings.Join(pass, " "))
	default:
		r.add(CheckProof, Skip, "%s", strings.Join(skip, " "))
	}
}

// judgement is what one proof showed.
type judgement struct {
	status    Status
	message   string
	signer    string           // the verification method, for a passing proof
	ours      bool             // made with a key of one of this service's issuers
	confirmed bool             // the key is tied to the credential's issuer id
	home      string           // where a remote key was published
	insecure  bool             // the key was fetched over plain http
	key       crypto.PublicKey // the key that made a passing proof
}

// safeVerify calls dataintegrity.Verify, turning a panic in the JSON-LD
// processor into an error so that no input can crash the service.
func safeVerify(ctx context.Context, data []byte, res dataintegrity.KeyResolver, opts ...dataintegrity.Option) (results []dataintegrity.ProofResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			results, err = nil, errs.E(errs.Internal, "the JSON-LD processor failed on this credential (%v)", p)
		}
	}()
	return dataintegrity.Verify(ctx, data, res, opts...)
}

// proofProblem explains an error that stopped all proofs from being checked.
func proofProblem(err error) string {
	switch {
	case errors.Is(err, dataintegrity.ErrUnknownContext):
		return "it uses a JSON-LD context this verifier does not know (" + message(err) + ")"
	case errors.Is(err, dataintegrity.ErrUndefinedTerm):
		return "it has a property that none of its contexts defines, so the proof would not cover it (" + message(err) + ")"
	}
	return message(err)
}

// judgeProof turns one proof result into a judgement.
func (v *Verifier) judgeProof(pr dataintegrity.ProofResult, c *ob3.OpenBadgeCredential, res *diResolver) judgement {
	issuerID, name := issuerOf(c)
	fail := func(format string, args ...any) judgement {
		return judgement{status: Fail, message: fmt.Sprintf(format, args...)}
	}
	var re *resolveError
	switch {
	case pr.Err == nil:
	case errors.Is(pr.Err, dataintegrity.ErrSignature):
		return fail("The proof does not match: the credential was changed after it was signed.")
	case errors.Is(pr.Err, dataintegrity.ErrUnsupportedProof):
		return judgement{status: Skip, message: fmt.Sprintf("The proof type %s is not supported by this verifier, so the credential could not be verified.", proofName(pr))}
	case errors.Is(pr.Err, dataintegrity.ErrProofPurpose):
		return fail("The proof was made for %q, not for issuing credentials (assertionMethod).", pr.ProofPurpose)
	case errors.As(pr.Err, &re) && errs.KindOf(re.err) == errs.Unavailable:
		return judgement{status: Skip, message: fmt.Sprintf("The proof could not be checked: %s (the key %s).", message(re.err), pr.VerificationMethod)}
	case errors.As(pr.Err, &re):
		return fail("The key that made the proof (%s) cannot be used: %s.", pr.VerificationMethod, message(re.err))
	default:
		return fail("The proof is not valid: %s.", message(pr.Err))
	}
	if pk, ok := res.ours(pr.VerificationMethod); ok {
		if !v.ownsKey(issuerID, pr.Controller, pk) {
			return fail("The credential names %s as its issuer, but the proof was made with a key of %s, another issuer on this service.", name, pr.Controller)
		}
		if !pk.Retired.IsZero() && proofTime(pr, c).After(pk.Retired.Add(clockSkew)) {
			return fail("The proof was made with a key of %s that was retired on %s, before the proof was made (%s).", name, when(pk.Retired), when(proofTime(pr, c)))
		}
		return judgement{status: Pass, message: fmt.Sprintf("Proven with a key of %s on this service, created %s.", name, day(pk.Created)),
			signer: name + "'s key", ours: true, confirmed: true, key: pk.Key}
	}
	m := res.method(pr.VerificationMethod)
	m.controller = pr.Controller
	j := judgement{status: Pass, signer: pr.VerificationMethod, home: m.home, insecure: m.insecure, key: m.key}
	switch {
	case m.confirms(issuerID):
		j.confirmed = true
		j.message = fmt.Sprintf("Proven with the key %s, published at %s.", pr.VerificationMethod, m.home)
	case m.controls(issuerID):
		j.signer = pr.Controller
		j.message = fmt.Sprintf("Proven correctly with the key %s.", pr.VerificationMethod)
	case resolvableID(issuerID) || v.local.IssuerKnown(issuerID):
		return fail("The credential names %s (%s) as its issuer, but the proof was made with a key controlled by %s.", name, issuerID, pr.Controller)
	default:
		j.message = fmt.Sprintf("The proof is valid, made with the key %s; nothing links that key to the issuer the credential names.", pr.VerificationMethod)
	}
	return j
}

// proofName names a proof's type and cryptosuite.
func proofName(pr dataintegrity.ProofResult) string {
	if pr.Cryptosuite != "" {
		return fmt.Sprintf("%q (%s)", pr.Type, pr.Cryptosuite)
	}
	return fmt.Sprintf("%q", pr.Type)
}

// proofTime is when the proof says it was made, else the credential's start.
func proofTime(pr dataintegrity.ProofResult, c *ob3.OpenBadgeCredential) time.Time {
	if !pr.Created.IsZero() {
		return pr.Created
	}
	return c.Start().Time
}

// resolveError marks an error of the verifier's own key resolution, so that
// it can be told from the proof's errors after dataintegrity wraps it.
type resolveError struct{ err error }

func (e *resolveError) Error() string { return e.err.Error() }
func (e *resolveError) Unwrap() error { return e.err }

// diResolver resolves Data Integrity verification methods for one
// credential: this service's keys locally, did:key locally, did:web and
// HTTPS controller documents over the network.
type diResolver struct {
	v        *Verifier
	issuerID string

	mu     sync.Mutex
	local  map[string]keys.PublicKey // verification method -> our key, once resolved
	remote map[string]method         // verification method -> another issuer's method
}

var _ dataintegrity.KeyResolver = (*diResolver)(nil)

// ResolveKey implements dataintegrity.KeyResolver.
func (d *diResolver) ResolveKey(ctx context.Context, vm, purpose string) (ed25519.PublicKey, string, error) {
	pub, controller, err := d.resolve(ctx, vm, purpose)
	if err != nil {
		return nil, "", &resolveError{err}
	}
	return pub, controller, nil
}

func (d *diResolver) resolve(ctx context.Context, vm, purpose string) (ed25519.PublicKey, string, error) {
	if pk, iss, ok := d.ourKey(vm); ok {
		edKey, ok := pk.Key.(ed25519.PublicKey)
		if !ok {
			return nil, "", errs.E(errs.Invalid, "it is not an Ed25519 key")
		}
		d.mu.Lock()
		d.local[vm] = pk
		d.mu.Unlock()
		return edKey, iss, nil
	}
	if d.v.local.IssuerKnown(d.issuerID) {
		return nil, "", errs.E(errs.Forbidden, "the credential claims to be from %s, an issuer on this service, but this is not one of its keys", d.issuerID)
	}
	m, err := d.v.resolveKey(ctx, vm, purpose, false)
	if err != nil {
		return nil, "", err
	}
	d.mu.Lock()
	if d.remote == nil {
		d.remote = map[string]method{}
	}
	d.remote[vm] = m
	d.mu.Unlock()
	edKey, ok := m.key.(ed25519.PublicKey)
	if !ok {
		return nil, "", errs.E(errs.Invalid, "it is a %s key, and these proofs need an Ed25519 key", keyKind(m.key))
	}
	return edKey, m.controller, nil
}

// ourKey finds vm among this service's keys: by kid, or as a fragment
// (key id or Multikey) of one of our issuers' identifiers.
func (d *diResolver) ourKey(vm string) (keys.PublicKey, string, bool) {
	if pk, iss, ok := d.v.local.KeyByKID(vm); ok {
		return pk, iss, true
	}
	base, frag, ok := strings.Cut(vm, "#")
	if !ok || frag == "" || !d.v.local.IssuerKnown(base) {
		return keys.PublicKey{}, "", false
	}
	for _, pk := range d.v.local.IssuerKeys(base) {
		if mk, err := keys.EncodeMultikey(pk.Key); pk.ID == frag || (err == nil && mk == frag) {
			return pk, base, true
		}
	}
	return keys.PublicKey{}, "", false
}

// method returns the remote method that resolved vm (the zero method when
// none did).
func (d *diResolver) method(vm string) method {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.remote[vm]
}

// ours returns the local key that resolved vm, if one did.
func (d *diResolver) ours(vm string) (keys.PublicKey, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	pk, ok := d.local[vm]
	return pk, ok
}
