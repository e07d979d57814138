package keys

import (
	cryptorand "crypto/rand"
	"fmt"
	"io"
)

// Reseal returns recs with each private key opened by from and sealed
// again by to, for moving a store to another sealer (accolade migrate
// --from-data, from a data directory's key file to the passphrase that
// every node of a shared database knows). The private keys never leave
// this package; nothing in recs is changed. A record from cannot open is
// an error naming the key, and nothing is returned. A nil rand means
// crypto/rand.Reader.
func Reseal(recs []Record, from, to *Sealer, rand io.Reader) ([]Record, error) {
	if rand == nil {
		rand = cryptorand.Reader
	}
	out := make([]Record, len(recs))
	for i, rec := range recs {
		der, err := from.open(rec.ID, rec.Sealed)
		if err != nil {
			return nil, fmt.Errorf("opening key %s of issuer %q: %w", rec.ID, rec.Issuer, err)
		}
		sealed, err := to.seal(rand, rec.ID, der)
		clear(der)
		if err != nil {
			return nil, fmt.Errorf("sealing key %s of issuer %q: %w", rec.ID, rec.Issuer, err)
		}
		rec.Sealed = sealed
		out[i] = rec
	}
	return out, nil
}

// SealedWithKeyFile reports whether rec's private key is sealed by a key
// file (not a passphrase).
func SealedWithKeyFile(rec Record) bool {
	return len(rec.Sealed) > 1 && rec.Sealed[1] == sourceKeyFile
}
