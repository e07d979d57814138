package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade"
)

// CredentialsHeld returns who holds which issued credential, for every
// issued credential, oldest first (as Credentials orders them): the
// criteria index's holdings, read without decoding the credentials
// themselves, so that a million of them take one pass and little memory.
func (db *DB) CredentialsHeld() ([]accolade.Held, error) {
	var out []accolade.Held
	err := db.kv.view(func(tx kvTx) error {
		return each(tx, bucketCredentials, func(r *credentialState) error {
			if r.State == string(accolade.Issued) {
				out = append(out, accolade.Held{ID: r.ID, Member: r.Member, Achievement: r.Achievement,
					ValidUntil: r.ValidUntil, Status: accolade.Status(r.Status), Created: r.Created})
			}
			return nil
		})
	})
	slices.SortStableFunc(out, func(a, b accolade.Held) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
	})
	return out, err
}
