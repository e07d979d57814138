package keys

import (
	cryptorand "crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/accolade-badges/accolade/errs"
)

// keyFileSize is the length of a key file: 32 random bytes, stored raw.
const keyFileSize = 32

// LoadOrCreateKeyFile returns a Sealer whose key-encryption key is the
// 32-byte key file at path, creating the file (mode 0600, its directory
// 0700) with bytes from random when it does not exist. A nil random means
// crypto/rand.Reader. It refuses an existing file that group or others may
// access (Invalid, wrapping ErrKeyFileMode) and a file that is not exactly
// 32 bytes (Invalid).
//
// A key file protects copies of the store made without it (backups); anyone
// who can read both can open the keys. Prefer a passphrase where an
// operator can supply one.
func LoadOrCreateKeyFile(path string, random io.Reader) (*Sealer, error) {
	if path == "" {
		return nil, errs.E(errs.Invalid, "key file path is empty")
	}
	if random == nil {
		random = cryptorand.Reader
	}
	key, err := readKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = createKeyFile(path, random)
		if errors.Is(err, fs.ErrExist) { // another process created it first
			key, err = readKeyFile(path)
		}
	}
	if err != nil {
		return nil, err
	}
	return newKeyFileSealer(path, key)
}

// readKeyFile reads an existing key file after checking its mode.
func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening key file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading key file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, errs.E(errs.Invalid, "key file %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, &errs.Error{Kind: errs.Invalid, Err: ErrKeyFileMode,
			Msg: fmt.Sprintf("key file %s has mode %04o", path, perm)}
	}
	key, err := io.ReadAll(io.LimitReader(f, keyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading key file: %w", err)
	}
	if len(key) != keyFileSize {
		clear(key)
		return nil, errs.E(errs.Invalid, "key file %s holds %d bytes, want exactly %d", path, len(key), keyFileSize)
	}
	return key, nil
}

// createKeyFile writes a new random key file; it fails with fs.ErrExist
// when the file already exists.
func createKeyFile(path string, random io.Reader) ([]byte, error) {
	key := make([]byte, keyFileSize)
	if _, err := io.ReadFull(random, key); err != nil {
		return nil, fmt.Errorf("reading randomness for key file: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating key file directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("creating key file: %w", err)
	}
	_, err = f.Write(key)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("writing key file: %w", err)
	}
	return key, nil
}
