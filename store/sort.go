package store

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/accolade-badges/accolade"
)

func sortByCreated(rs []*accolade.Record) {
	slices.SortStableFunc(rs, func(a, b *accolade.Record) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
	})
}

// sortByTime sorts list by at, oldest first, keeping the order of equals.
func sortByTime[T any](list []T, at func(T) time.Time) {
	slices.SortStableFunc(list, func(a, b T) int { return at(a).Compare(at(b)) })
}
