package keys

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	"golang.org/x/crypto/argon2"

	"github.com/accolade-badges/accolade/errs"
)

// Errors returned when a sealed private key cannot be opened. They come
// wrapped in an *errs.Error; test for them with errors.Is.
var (
	// ErrPassphraseRequired: the key was sealed with a passphrase but the
	// Sealer reads a key file. Kind Unauthorized.
	ErrPassphraseRequired = errors.New("private keys were sealed with a passphrase: set ACCOLADE_KEY_PASSPHRASE")
	// ErrKeyFileRequired: the key was sealed with a key file but the Sealer
	// has a passphrase. Kind Unauthorized.
	ErrKeyFileRequired = errors.New("private keys were sealed with a key file, not a passphrase: unset ACCOLADE_KEY_PASSPHRASE")
	// ErrWrongPassphrase: the passphrase is not the one that sealed the key.
	// Kind Unauthorized.
	ErrWrongPassphrase = errors.New("wrong passphrase for the private keys")
	// ErrWrongKeyFile: the key file is not the one that sealed the key. Kind
	// Unauthorized.
	ErrWrongKeyFile = errors.New("key file is not the one that sealed the private keys")
	// ErrSealedCorrupted: the envelope is malformed, of an unknown version,
	// or fails authentication although the secret is right (tampering, or a
	// sealed key copied to another record). Kind Invalid.
	ErrSealedCorrupted = errors.New("sealed private key is corrupted or was tampered with")
	// ErrKeyFileMode: an existing key file is readable or writable by group
	// or others. Kind Invalid.
	ErrKeyFileMode = errors.New("key file must be accessible by its owner only (chmod 600)")
)

// Envelope format, version 1 (all integers big-endian):
//
//	version  1 byte   envelopeV1
//	source   1 byte   sourcePassphrase | sourceKeyFile
//	kdf      25 bytes passphrase only: argon2id time (4), memory KiB (4), threads (1), salt (16)
//	check    8 bytes  HKDF(kek material, "check"): tells a wrong secret from corruption
//	nonce    12 bytes
//	sealed   rest     AES-256-GCM(PKCS#8 DER), additional data = everything above ‖ 0x00 ‖ key ID
//
// Binding the key ID means a sealed key moved to another record fails to open.
const (
	envelopeV1       = 1
	sourcePassphrase = 1
	sourceKeyFile    = 2

	saltSize   = 16
	kdfSize    = 4 + 4 + 1 + saltSize
	checkSize  = 8
	nonceSize  = 12
	minTagSize = 16
)

// argonParams are argon2id cost parameters; they travel in each envelope.
type argonParams struct {
	time    uint32 // passes
	memory  uint32 // KiB
	threads uint8
}

// defaultArgon is RFC 9106's second recommended setting: 3 passes over
// 64 MiB with 4 lanes.
var defaultArgon = argonParams{time: 3, memory: 64 * 1024, threads: 4}

// valid reports whether p is within the bounds a stored envelope may ask
// for; the bounds keep a tampered record from demanding gigabytes of memory.
func (p argonParams) valid() bool {
	return p.time >= 1 && p.time <= 16 && p.threads >= 1 && p.threads <= 64 &&
		p.memory >= 8*uint32(p.threads) && p.memory <= 1<<20
}

// Sealer encrypts private keys at rest with AES-256-GCM. Its key-encryption
// key comes from a passphrase (argon2id with a random salt) or from a random
// 32-byte key file. A Sealer is safe for concurrent use and formats without
// its secret.
//
// Opening a key fails with kind Unauthorized when the secret is wrong or of
// the wrong source (ErrWrongPassphrase, ErrWrongKeyFile,
// ErrPassphraseRequired, ErrKeyFileRequired), and with kind Invalid when the
// envelope is damaged (ErrSealedCorrupted).
type Sealer struct {
	source byte
	secret *secret     // the passphrase, or the key file's contents
	params argonParams // cost of new passphrase envelopes
	path   string      // the key file, for messages

	mu      sync.Mutex
	derived map[string]*kek // by kdf bytes: one argon2id run per salt and process
	current *kek            // seals new envelopes; adopted from the first opened one
}

// secret holds the sealer's secret behind a pointer, so that even a copied
// Sealer value formats only its address.
type secret struct{ b []byte }

// kek is a derived key-encryption key.
type kek struct {
	kdf   []byte // the envelope's kdf field
	aead  cipher.AEAD
	check []byte
}

// NewPassphraseSealer returns a Sealer whose key-encryption key is derived
// from passphrase with argon2id (3 passes, 64 MiB). The derivation runs once
// per salt, at the first seal or open. It returns an Invalid error for an
// empty passphrase.
func NewPassphraseSealer(passphrase string) (*Sealer, error) {
	return newPassphraseSealer(passphrase, defaultArgon)
}

// newPassphraseSealer is NewPassphraseSealer with chosen argon2id costs;
// tests use it with cheap ones.
func newPassphraseSealer(passphrase string, p argonParams) (*Sealer, error) {
	if passphrase == "" {
		return nil, errs.E(errs.Invalid, "key passphrase is empty")
	}
	if !p.valid() {
		return nil, errs.E(errs.Internal, "argon2id parameters %+v out of bounds", p)
	}
	return &Sealer{source: sourcePassphrase, secret: &secret{[]byte(passphrase)}, params: p,
		derived: map[string]*kek{}}, nil
}

// newKeyFileSealer returns a Sealer over a 32-byte key read from path.
func newKeyFileSealer(path string, key []byte) (*Sealer, error) {
	k, err := deriveKEK(key, nil)
	if err != nil {
		return nil, err
	}
	return &Sealer{source: sourceKeyFile, secret: &secret{key}, path: path, current: k,
		derived: map[string]*kek{"": k}}, nil
}

// String describes the sealer's source, never its secret.
func (s *Sealer) String() string {
	switch {
	case s == nil:
		return "keys.Sealer(nil)"
	case s.source == sourcePassphrase:
		return "keys.Sealer(passphrase)"
	}
	return fmt.Sprintf("keys.Sealer(key file %s)", s.path)
}

// Format prints String for every verb, so that no verb (%#v, %x) reaches the secret.
func (s *Sealer) Format(f fmt.State, verb rune) { io.WriteString(f, s.String()) }

// seal encrypts plaintext for the key with the given ID.
func (s *Sealer) seal(rand io.Reader, id string, plaintext []byte) ([]byte, error) {
	k, err := s.sealingKEK(rand)
	if err != nil {
		return nil, err
	}
	env := make([]byte, 0, 2+len(k.kdf)+checkSize+nonceSize+len(plaintext)+minTagSize)
	env = append(env, envelopeV1, s.source)
	env = append(env, k.kdf...)
	env = append(env, k.check...)
	nonce := make([]byte, nonceSize)
	if _, err := io.ReadFull(rand, nonce); err != nil {
		return nil, fmt.Errorf("reading nonce: %w", err)
	}
	env = append(env, nonce...)
	return k.aead.Seal(env, nonce, plaintext, additionalData(env, id)), nil
}

// sealingKEK returns the key that seals new envelopes, deriving one with a
// fresh salt when the sealer has neither sealed nor opened anything yet.
func (s *Sealer) sealingKEK(rand io.Reader) (*kek, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil {
		return s.current, nil
	}
	kdf := make([]byte, kdfSize)
	binary.BigEndian.PutUint32(kdf[0:], s.params.time)
	binary.BigEndian.PutUint32(kdf[4:], s.params.memory)
	kdf[8] = s.params.threads
	if _, err := io.ReadFull(rand, kdf[9:]); err != nil {
		return nil, fmt.Errorf("reading salt: %w", err)
	}
	k, err := s.deriveLocked(kdf)
	if err != nil {
		return nil, err
	}
	s.current = k
	return k, nil
}

// open decrypts an envelope made by seal for the key with the given ID.
// Errors: Unauthorized (wrong source or secret), Invalid (corruption).
func (s *Sealer) open(id string, env []byte) ([]byte, error) {
	if len(env) < 2 || env[0] != envelopeV1 {
		return nil, corrupted("unknown envelope version")
	}
	switch {
	case env[1] == sourcePassphrase && s.source == sourceKeyFile:
		return nil, &errs.Error{Kind: errs.Unauthorized, Err: ErrPassphraseRequired}
	case env[1] == sourceKeyFile && s.source == sourcePassphrase:
		return nil, &errs.Error{Kind: errs.Unauthorized, Err: ErrKeyFileRequired}
	case env[1] != s.source:
		return nil, corrupted("unknown key source")
	}
	kdfLen := 0
	if s.source == sourcePassphrase {
		kdfLen = kdfSize
	}
	head := 2 + kdfLen + checkSize + nonceSize
	if len(env) < head+minTagSize {
		return nil, corrupted("envelope too short")
	}
	k, err := s.kekFor(env[2 : 2+kdfLen])
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare(k.check, env[2+kdfLen:2+kdfLen+checkSize]) != 1 {
		wrong := ErrWrongPassphrase
		if s.source == sourceKeyFile {
			wrong = ErrWrongKeyFile
		}
		return nil, &errs.Error{Kind: errs.Unauthorized, Err: wrong}
	}
	nonce := env[head-nonceSize : head]
	plain, err := k.aead.Open(nil, nonce, env[head:], additionalData(env[:head], id))
	if err != nil {
		return nil, corrupted("authentication failed")
	}
	s.adopt(k)
	return plain, nil
}

// kekFor returns the cached key for an envelope's kdf field, deriving it on
// first use.
func (s *Sealer) kekFor(kdf []byte) (*kek, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.derived[string(kdf)]; ok {
		return k, nil
	}
	return s.deriveLocked(kdf)
}

// deriveLocked runs the KDF for a passphrase sealer and caches the result.
// s.mu must be held.
func (s *Sealer) deriveLocked(kdf []byte) (*kek, error) {
	p := argonParams{
		time:    binary.BigEndian.Uint32(kdf[0:]),
		memory:  binary.BigEndian.Uint32(kdf[4:]),
		threads: kdf[8],
	}
	if !p.valid() {
		return nil, corrupted("argon2id parameters out of bounds")
	}
	material := argon2.IDKey(s.secret.b, kdf[9:], p.time, p.memory, p.threads, 32)
	defer clear(material)
	k, err := deriveKEK(material, kdf)
	if err != nil {
		return nil, err
	}
	s.derived[string(kdf)] = k
	return k, nil
}

// adopt makes k the sealing key when none is set, so that a process seals
// with the salt already in the store and derives only once.
func (s *Sealer) adopt(k *kek) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current == nil {
		s.current = k
	}
}

// deriveKEK expands 32 bytes of key material into the AES-256-GCM key and
// the check value.
func deriveKEK(material, kdf []byte) (*kek, error) {
	key, err := hkdf.Key(sha256.New, material, nil, "accolade keys v1 aes-256-gcm", 32)
	if err != nil {
		return nil, fmt.Errorf("deriving key-encryption key: %w", err)
	}
	defer clear(key)
	check, err := hkdf.Key(sha256.New, material, nil, "accolade keys v1 check", checkSize)
	if err != nil {
		return nil, fmt.Errorf("deriving key check: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("creating cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("creating GCM: %w", err)
	}
	return &kek{kdf: kdf, aead: aead, check: check}, nil
}

// additionalData binds an envelope's header to the ID of the key it seals.
func additionalData(head []byte, id string) []byte {
	ad := make([]byte, 0, len(head)+1+len(id))
	ad = append(ad, head...)
	ad = append(ad, 0)
	return append(ad, id...)
}

// corrupted returns ErrSealedCorrupted with a detail, of kind Invalid.
func corrupted(detail string) error {
	return &errs.Error{Kind: errs.Invalid, Msg: detail, Err: ErrSealedCorrupted}
}
