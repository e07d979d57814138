package keys

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/accolade-badges/accolade/errs"
)

// testPKCS8 returns the PKCS#8 DER of a fixed Ed25519 key.
func testPKCS8(t *testing.T) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32)))
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// keyFileSealer creates a key file sealer in a temporary directory.
func keyFileSealer(t *testing.T, seed byte) *Sealer {
	t.Helper()
	s, err := LoadOrCreateKeyFile(filepath.Join(t.TempDir(), "keys.key"), testRand(seed))
	if err != nil {
		t.Fatalf("LoadOrCreateKeyFile: %v", err)
	}
	return s
}

func TestSealerRoundTrip(t *testing.T) {
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "sub", "keys.key")
	tests := []struct {
		name         string
		seal, reopen func(t *testing.T) *Sealer // reopen: a fresh sealer from the same secret
	}{
		{"passphrase",
			func(t *testing.T) *Sealer { return testSealer(t, "correct horse") },
			func(t *testing.T) *Sealer { return testSealer(t, "correct horse") }},
		{"key file",
			func(t *testing.T) *Sealer {
				s, err := LoadOrCreateKeyFile(keyPath, testRand(9))
				if err != nil {
					t.Fatalf("LoadOrCreateKeyFile (create): %v", err)
				}
				return s
			},
			func(t *testing.T) *Sealer {
				s, err := LoadOrCreateKeyFile(keyPath, testRand(10))
				if err != nil {
					t.Fatalf("LoadOrCreateKeyFile (load): %v", err)
				}
				return s
			}},
	}
	plain := testPKCS8(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.seal(t)
			env, err := s.seal(testRand(2), "kid-1", plain)
			if err != nil {
				t.Fatalf("seal: %v", err)
			}
			if bytes.Contains(env, plain) || bytes.Contains(env, plain[len(plain)-32:]) {
				t.Errorf("sealed envelope contains the PKCS#8 DER or the seed")
			}
			for name, o := range map[string]*Sealer{"same sealer": s, "fresh sealer": tt.reopen(t)} {
				got, err := o.open("kid-1", env)
				if err != nil {
					t.Fatalf("%s: open: %v", name, err)
				}
				if !bytes.Equal(got, plain) {
					t.Errorf("%s: open = %x, want %x", name, got, plain)
				}
			}
		})
	}
}

func TestSealerAdoptsStoredSalt(t *testing.T) {
	env, err := testSealer(t, "pw").seal(testRand(1), "a", []byte("secret one"))
	if err != nil {
		t.Fatal(err)
	}
	s := testSealer(t, "pw")
	if _, err := s.open("a", env); err != nil {
		t.Fatalf("open: %v", err)
	}
	env2, err := s.seal(testRand(2), "b", []byte("secret two"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(env[:2+kdfSize], env2[:2+kdfSize]) {
		t.Errorf("second envelope kdf = %x, want the first's %x (one derivation per process)", env2[2:2+kdfSize], env[2:2+kdfSize])
	}
	if n := len(s.derived); n != 1 {
		t.Errorf("sealer derived %d keys, want 1", n)
	}
}

func TestSealerWrongSecret(t *testing.T) {
	plain := testPKCS8(t)
	passEnv, err := testSealer(t, "right").seal(testRand(1), "k", plain)
	if err != nil {
		t.Fatal(err)
	}
	fileEnv, err := keyFileSealer(t, 1).seal(testRand(2), "k", plain)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		opener   *Sealer
		env      []byte
		kind     errs.Kind
		sentinel error
	}{
		{"wrong passphrase", testSealer(t, "wrong"), passEnv, errs.Unauthorized, ErrWrongPassphrase},
		{"key file for passphrase envelope", keyFileSealer(t, 3), passEnv, errs.Unauthorized, ErrPassphraseRequired},
		{"passphrase for key file envelope", testSealer(t, "right"), fileEnv, errs.Unauthorized, ErrKeyFileRequired},
		{"other key file", keyFileSealer(t, 4), fileEnv, errs.Unauthorized, ErrWrongKeyFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.opener.open("k", tt.env)
			wantErr(t, "open", err, tt.kind, tt.sentinel)
			if got != nil {
				t.Errorf("open returned %d bytes with its error", len(got))
			}
		})
	}
	t.Run("message names the variable", func(t *testing.T) {
		_, err := keyFileSealer(t, 5).open("k", passEnv)
		if err == nil || err.Error() != "private keys were sealed with a passphrase: set ACCOLADE_KEY_PASSPHRASE" {
			t.Errorf("open error = %v", err)
		}
	})
}

func TestSealerTampered(t *testing.T) {
	plain := testPKCS8(t)
	s := testSealer(t, "pw")
	env, err := s.seal(testRand(1), "k", plain)
	if err != nil {
		t.Fatal(err)
	}
	checkAt := 2 + kdfSize
	nonceAt := checkAt + checkSize
	bodyAt := nonceAt + nonceSize
	flip := func(i int) func([]byte) []byte {
		return func(b []byte) []byte { b[i] ^= 1; return b }
	}
	tests := []struct {
		name     string
		id       string
		change   func([]byte) []byte
		kind     errs.Kind
		sentinel error
	}{
		{"version", "k", flip(0), errs.Invalid, ErrSealedCorrupted},
		{"unknown source", "k", func(b []byte) []byte { b[1] = 9; return b }, errs.Invalid, ErrSealedCorrupted},
		{"huge argon2 memory", "k", func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[6:], 1<<30)
			return b
		}, errs.Invalid, ErrSealedCorrupted},
		{"check value", "k", flip(checkAt), errs.Unauthorized, ErrWrongPassphrase},
		{"nonce", "k", flip(nonceAt), errs.Invalid, ErrSealedCorrupted},
		{"ciphertext", "k", flip(bodyAt + 3), errs.Invalid, ErrSealedCorrupted},
		{"tag", "k", flip(len(env) - 1), errs.Invalid, ErrSealedCorrupted},
		{"truncated", "k", func(b []byte) []byte { return b[:bodyAt+4] }, errs.Invalid, ErrSealedCorrupted},
		{"empty", "k", func([]byte) []byte { return nil }, errs.Invalid, ErrSealedCorrupted},
		{"other key ID", "other", func(b []byte) []byte { return b }, errs.Invalid, ErrSealedCorrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.open(tt.id, tt.change(bytes.Clone(env)))
			wantErr(t, "open", err, tt.kind, tt.sentinel)
		})
	}
}

func TestNewPassphraseSealerEmpty(t *testing.T) {
	_, err := NewPassphraseSealer("")
	wantErr(t, `NewPassphraseSealer("")`, err, errs.Invalid, nil)
	if !defaultArgon.valid() {
		t.Errorf("defaultArgon %+v is out of bounds", defaultArgon)
	}
}

func TestLoadOrCreateKeyFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes are not enforced on Windows")
	}
	t.Run("created 0600", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "keys.key")
		if _, err := LoadOrCreateKeyFile(path, testRand(1)); err != nil {
			t.Fatalf("LoadOrCreateKeyFile: %v", err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("key file mode = %04o, want 0600", got)
		}
		if fi.Size() != keyFileSize {
			t.Errorf("key file size = %d, want %d", fi.Size(), keyFileSize)
		}
	})
	tests := []struct {
		name     string
		mode     os.FileMode
		content  []byte
		sentinel error
	}{
		{"group readable", 0o640, bytes.Repeat([]byte{1}, 32), ErrKeyFileMode},
		{"world readable", 0o604, bytes.Repeat([]byte{1}, 32), ErrKeyFileMode},
		{"group writable", 0o620, bytes.Repeat([]byte{1}, 32), ErrKeyFileMode},
		{"too short", 0o600, []byte("short"), nil},
		{"too long", 0o600, bytes.Repeat([]byte{1}, 33), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "keys.key")
			if err := os.WriteFile(path, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			_, err := LoadOrCreateKeyFile(path, testRand(1))
			wantErr(t, "LoadOrCreateKeyFile", err, errs.Invalid, tt.sentinel)
		})
	}
	t.Run("directory", func(t *testing.T) {
		_, err := LoadOrCreateKeyFile(t.TempDir(), testRand(1))
		wantErr(t, "LoadOrCreateKeyFile(dir)", err, errs.Invalid, nil)
	})
}

func TestSealerFormatHidesSecret(t *testing.T) {
	s := testSealer(t, "hunter2-passphrase")
	fs := keyFileSealer(t, 1)
	for _, v := range []any{s, fs} {
		out := sprintAll(v)
		if bytes.Contains([]byte(out), []byte("hunter2")) {
			t.Errorf("formatted sealer %q contains the passphrase", out)
		}
		for _, enc := range encodings(fs.secret.b) {
			if bytes.Contains([]byte(out), []byte(enc)) {
				t.Errorf("formatted sealer contains key file bytes as %q", enc)
			}
		}
	}
}

// BenchmarkPassphraseOpen measures what a passphrase costs at start-up: one
// argon2id derivation with the production parameters.
func BenchmarkPassphraseOpen(b *testing.B) {
	s, err := NewPassphraseSealer("correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	env, err := s.seal(testRand(1), "k", []byte("private key"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		fresh, _ := NewPassphraseSealer("correct horse battery staple")
		if _, err := fresh.open("k", env); err != nil {
			b.Fatal(err)
		}
	}
}
