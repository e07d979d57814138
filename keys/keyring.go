package keys

import (
	cryptorand "crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"maps"
	"sync"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// Errors from Keyring.Remove, wrapped in an *errs.Error of kind Conflict;
// test for them with errors.Is.
var (
	// ErrActiveKey: the key is its issuer's signing key for its algorithm.
	ErrActiveKey = errors.New("key is active: rotate the issuer's keys first")
	// ErrRetiredKeyVerifies: the key is retired but still verifies the
	// credentials it signed.
	ErrRetiredKeyVerifies = errors.New("credentials signed by this key stop verifying once it is removed: force the removal to go ahead")
)

// Record is the stored form of one key. The store persists it as opaque
// JSON; the private key is only ever in it sealed.
type Record struct {
	ID      string    `json:"id"`               // RFC 7638 JWK SHA-256 thumbprint, base64url without padding
	Issuer  string    `json:"issuer"`           // issuer slug, e.g. "default"
	Alg     Algorithm `json:"alg"`              // RS256, EdDSA or ES256
	Created time.Time `json:"created"`          // when the key was generated
	Retired time.Time `json:"retired,omitzero"` // zero while active; set when rotated out (verification only)
	Public  []byte    `json:"public"`           // PKIX DER public key
	Sealed  []byte    `json:"sealed"`           // PKCS#8 private key in a Sealer envelope
}

// Store is what the keyring needs from storage. Each call is one
// transaction.
type Store interface {
	// PutKeys inserts or replaces recs atomically: all or none.
	PutKeys(recs ...Record) error
	// ListKeys returns every stored key.
	ListKeys() ([]Record, error)
	// DeleteKey deletes the key with the given ID; errs.NotFound if absent.
	DeleteKey(id string) error
}

// Config configures Open.
type Config struct {
	Store  Store            // required
	Sealer *Sealer          // required: seals and opens private keys
	Rand   io.Reader        // randomness for Ed25519 and P-256 keys, salts and nonces; nil means crypto/rand.Reader (RSA keys always use it: Go 1.26 ignores other readers there)
	Now    func() time.Time // clock for Created and Retired; nil means time.Now
}

// Keyring holds every issuer's keys, unsealed in memory, and persists
// changes through its Store. Each issuer has at most one active key per
// algorithm; rotated keys stay, retired, until removed. A Keyring is safe
// for concurrent use, and formats without its keys.
type Keyring struct {
	store  Store
	sealer *Sealer
	rand   io.Reader
	now    func() time.Time

	write sync.Mutex   // serializes changes: generation, store write, swap
	mu    sync.RWMutex // guards keys
	keys  map[string]*slot
}

// slot is one key: its stored record and a signer over its private key.
type slot struct {
	rec    Record
	signer *signer
}

// Open loads and unseals every key in cfg.Store. It fails fast: a wrong
// passphrase or key file (Unauthorized), or a corrupted record (Invalid),
// stops it with an error naming the key. A nil Store or Sealer is Invalid.
func Open(cfg Config) (*Keyring, error) {
	if cfg.Store == nil {
		return nil, errs.E(errs.Invalid, "keys: Config.Store is nil")
	}
	if cfg.Sealer == nil {
		return nil, errs.E(errs.Invalid, "keys: Config.Sealer is nil")
	}
	k := &Keyring{store: cfg.Store, sealer: cfg.Sealer, rand: cfg.Rand, now: cfg.Now,
		keys: map[string]*slot{}}
	if k.rand == nil {
		k.rand = cryptorand.Reader
	}
	if k.now == nil {
		k.now = time.Now
	}
	recs, err := cfg.Store.ListKeys()
	if err != nil {
		return nil, fmt.Errorf("listing keys: %w", err)
	}
	for _, rec := range recs {
		sl, err := k.load(rec)
		if err != nil {
			return nil, fmt.Errorf("opening key %s of issuer %q: %w", rec.ID, rec.Issuer, err)
		}
		if _, dup := k.keys[rec.ID]; dup {
			return nil, errs.E(errs.Invalid, "key %s is stored twice", rec.ID)
		}
		k.keys[rec.ID] = sl
	}
	return k, nil
}

// load checks a stored record and unseals its private key.
func (k *Keyring) load(rec Record) (*slot, error) {
	if err := rec.Alg.check(); err != nil {
		return nil, err
	}
	if err := checkSlug(rec.Issuer); err != nil {
		return nil, err
	}
	pub, err := parsePublic(rec.Alg, rec.Public)
	if err != nil {
		return nil, err
	}
	if id, err := Thumbprint(pub); err != nil || id != rec.ID {
		return nil, errs.E(errs.Invalid, "key ID does not match the public key's thumbprint")
	}
	der, err := k.sealer.open(rec.ID, rec.Sealed)
	if err != nil {
		return nil, err
	}
	defer clear(der)
	priv, err := parsePrivate(pub, der)
	if err != nil {
		return nil, err
	}
	p := PublicKey{ID: rec.ID, Issuer: rec.Issuer, Alg: rec.Alg, Created: rec.Created, Retired: rec.Retired, Key: pub}
	return &slot{rec: rec, signer: &signer{pub: p, priv: &privateKey{priv}}}, nil
}

// String describes the keyring without its keys.
func (k *Keyring) String() string {
	if k == nil {
		return "keys.Keyring(nil)"
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	return fmt.Sprintf("keys.Keyring(%d keys)", len(k.keys))
}

// Format prints String for every verb, so that no verb reaches a key.
func (k *Keyring) Format(f fmt.State, verb rune) { io.WriteString(f, k.String()) }

// EnsureIssuer gives the issuer an RS256 (RSA-2048) and an EdDSA (Ed25519)
// key, generating each one it has no active key for, and reports whether it
// created any. It returns an Invalid error for a bad issuer slug.
func (k *Keyring) EnsureIssuer(issuer string) (created bool, err error) {
	if err := checkSlug(issuer); err != nil {
		return false, err
	}
	k.write.Lock()
	defer k.write.Unlock()
	var add []*slot
	for _, alg := range []Algorithm{RS256, EdDSA} {
		if k.active(issuer, alg) != nil {
			continue
		}
		sl, err := k.newKey(issuer, alg)
		if err != nil {
			return false, err
		}
		add = append(add, sl)
	}
	if len(add) == 0 {
		return false, nil
	}
	return true, k.commit(add...)
}

// Generate creates a key for the issuer and algorithm and makes it the
// active one; an active key it replaces is retired in the same store write
// (as Rotate does, for one algorithm). It returns an Invalid error for a bad
// issuer slug or algorithm.
func (k *Keyring) Generate(issuer string, alg Algorithm) (PublicKey, error) {
	if err := checkSlug(issuer); err != nil {
		return PublicKey{}, err
	}
	if err := alg.check(); err != nil {
		return PublicKey{}, err
	}
	k.write.Lock()
	defer k.write.Unlock()
	sl, err := k.newKey(issuer, alg)
	if err != nil {
		return PublicKey{}, err
	}
	change := []*slot{sl}
	if old := k.active(issuer, alg); old != nil {
		change = append(change, old.retire(sl.rec.Created))
	}
	if err := k.commit(change...); err != nil {
		return PublicKey{}, err
	}
	return sl.signer.pub, nil
}

// Rotate replaces each of the issuer's active keys with a new key of the
// same algorithm: the new key becomes active and the old one is retired
// now, kept for verification. All changes are one store write. It returns
// the new keys in the order RS256, EdDSA, ES256, and a NotFound error when
// the issuer has no active key.
func (k *Keyring) Rotate(issuer string) ([]PublicKey, error) {
	k.write.Lock()
	defer k.write.Unlock()
	var change []*slot
	var out []PublicKey
	for _, alg := range algorithms {
		old := k.active(issuer, alg)
		if old == nil {
			continue
		}
		sl, err := k.newKey(issuer, alg)
		if err != nil {
			return nil, err
		}
		change = append(change, sl, old.retire(sl.rec.Created))
		out = append(out, sl.signer.pub)
	}
	if len(out) == 0 {
		return nil, errs.E(errs.NotFound, "issuer %q has no active key to rotate", issuer)
	}
	if err := k.commit(change...); err != nil {
		return nil, err
	}
	return out, nil
}

// Remove deletes a retired key, the one policy for removing keys. signed is
// how many credentials the key signed (the keyring cannot know: the caller
// counts them): they stop verifying, so when there are any, without force it
// returns a Conflict error wrapping ErrRetiredKeyVerifies that says how many.
// An active key is never removed: Conflict wrapping ErrActiveKey. An unknown
// id is NotFound.
func (k *Keyring) Remove(id string, signed int, force bool) error {
	k.write.Lock()
	defer k.write.Unlock()
	k.mu.RLock()
	sl, ok := k.keys[id]
	k.mu.RUnlock()
	switch {
	case !ok:
		return errs.E(errs.NotFound, "no key %q", id)
	case sl.rec.Retired.IsZero():
		return &errs.Error{Kind: errs.Conflict, Err: ErrActiveKey,
			Msg: fmt.Sprintf("key %s is issuer %q's active %s key", id, sl.rec.Issuer, sl.rec.Alg)}
	case signed > 0 && !force:
		return &errs.Error{Kind: errs.Conflict, Err: ErrRetiredKeyVerifies,
			Msg: fmt.Sprintf("key %s signed %d credentials that will stop verifying if it is removed: repeat with force=true to remove it anyway", id, signed)}
	}
	if err := k.store.DeleteKey(id); err != nil {
		return fmt.Errorf("deleting key %s: %w", id, err)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	keys := maps.Clone(k.keys)
	delete(keys, id)
	k.keys = keys
	return nil
}

// Signer returns the signer of the issuer's active key for alg. It returns a
// NotFound error when there is none and an Invalid error for an unsupported
// algorithm.
func (k *Keyring) Signer(issuer string, alg Algorithm) (Signer, error) {
	if err := alg.check(); err != nil {
		return nil, err
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	sl := k.activeLocked(issuer, alg)
	if sl == nil {
		return nil, errs.E(errs.NotFound, "issuer %q has no active %s key", issuer, alg)
	}
	return sl.signer, nil
}

// Public returns the issuer's keys, active and retired, oldest first.
func (k *Keyring) Public(issuer string) []PublicKey {
	return k.list(func(p PublicKey) bool { return p.Issuer == issuer })
}

// All returns every issuer's keys, active and retired, ordered by issuer
// and then oldest first.
func (k *Keyring) All() []PublicKey {
	return k.list(func(PublicKey) bool { return true })
}

// Key returns the key with the given ID and reports whether it exists.
func (k *Keyring) Key(id string) (PublicKey, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if sl, ok := k.keys[id]; ok {
		return sl.signer.pub, true
	}
	return PublicKey{}, false
}

// list returns the keys that match keep, sorted.
func (k *Keyring) list(keep func(PublicKey) bool) []PublicKey {
	k.mu.RLock()
	out := make([]PublicKey, 0, len(k.keys))
	for _, sl := range k.keys {
		if keep(sl.signer.pub) {
			out = append(out, sl.signer.pub)
		}
	}
	k.mu.RUnlock()
	return sortedPublic(out)
}

// active is activeLocked for callers that hold k.write but not k.mu.
func (k *Keyring) active(issuer string, alg Algorithm) *slot {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.activeLocked(issuer, alg)
}

// activeLocked returns the issuer's active key for alg, or nil. Should the
// store ever hold two, the newest wins. k.mu must be held.
func (k *Keyring) activeLocked(issuer string, alg Algorithm) *slot {
	var best *slot
	for _, sl := range k.keys {
		r := sl.rec
		if r.Issuer != issuer || r.Alg != alg || !r.Retired.IsZero() {
			continue
		}
		if best == nil || comparePublic(best.signer.pub, sl.signer.pub) < 0 {
			best = sl
		}
	}
	return best
}

// newKey generates and seals a key; it changes nothing until committed.
// k.write must be held.
func (k *Keyring) newKey(issuer string, alg Algorithm) (*slot, error) {
	priv, err := generateKey(alg, k.rand)
	if err != nil {
		return nil, fmt.Errorf("generating %s key: %w", alg, err)
	}
	pub := priv.Public()
	id, err := Thumbprint(pub)
	if err != nil {
		return nil, err
	}
	if _, dup := k.Key(id); dup {
		return nil, errs.E(errs.Internal, "generated %s key %s exists already: the random source repeats", alg, id)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding public key")
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "encoding private key")
	}
	defer clear(der)
	sealed, err := k.sealer.seal(k.rand, id, der)
	if err != nil {
		return nil, fmt.Errorf("sealing key %s: %w", id, err)
	}
	now := k.now().UTC()
	rec := Record{ID: id, Issuer: issuer, Alg: alg, Created: now, Public: pubDER, Sealed: sealed}
	p := PublicKey{ID: id, Issuer: issuer, Alg: alg, Created: now, Key: pub}
	return &slot{rec: rec, signer: &signer{pub: p, priv: &privateKey{priv}}}, nil
}

// retire returns a copy of sl retired at t.
func (sl *slot) retire(t time.Time) *slot {
	rec := sl.rec
	rec.Retired = t
	s := *sl.signer
	s.pub.Retired = t
	return &slot{rec: rec, signer: &s}
}

// commit writes slots to the store in one call, then to memory.
// k.write must be held.
func (k *Keyring) commit(slots ...*slot) error {
	recs := make([]Record, len(slots))
	for i, sl := range slots {
		recs[i] = sl.rec
	}
	if err := k.store.PutKeys(recs...); err != nil {
		return fmt.Errorf("storing keys: %w", err)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	keys := maps.Clone(k.keys)
	for _, sl := range slots {
		keys[sl.rec.ID] = sl
	}
	k.keys = keys
	return nil
}
