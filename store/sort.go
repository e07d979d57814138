package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/accolade-badges/accolade"
)

func sortByCreated(rs []*accolade.Record) {
	slices.SortStableFunc(rs, func(a, b *accolade.Record) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
	})
}
