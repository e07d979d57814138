package issuer_test

import (
	"crypto"
	"crypto/rand"
)

// cryptoRand is crypto/rand for key generation in tests.
type cryptoRand struct{}

func (cryptoRand) Read(p []byte) (int, error) { return rand.Read(p) }

const cryptoSHA256 = crypto.SHA256
