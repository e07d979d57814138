package criteria

import (
	"fmt"
	"slices"

	"github.com/accolade-badges/accolade"
)

// CheckIssuers checks that the issuer every achievement of batch names is
// one of known (the slugs of the stored issuers); an achievement naming no
// issuer belongs to the default one (accolade.DefaultSlug). The error, of kind
// errs.Invalid, joins one *FileError per problem, with the file and line
// when the achievement came from ParseAchievement, and suggests a close
// slug:
//
//	north.yaml:2: issuer: there is no issuer "nort" (did you mean "north"?)
func CheckIssuers(batch []*Achievement, known []string) error {
	var list []error
	for _, a := range batch {
		slug := a.Issuer
		if slug == "" {
			slug = accolade.DefaultSlug
		}
		if slices.Contains(known, slug) {
			continue
		}
		msg := fmt.Sprintf("there is no issuer %q", slug)
		if hint := suggestID(slug, known); hint != "" {
			msg += hint
		} else {
			msg += "; create it first with POST /api/v1/issuers (accolade issuers create)"
		}
		list = append(list, a.fileError("issuer", msg))
	}
	if len(list) == 0 {
		return nil
	}
	return joinErrors(list)
}
