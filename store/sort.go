package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade/issuer"
)

func sortByCreated(rs []*issuer.Record) {
	slices.SortStableFunc(rs, func(a, b *issuer.Record) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
	})
}
