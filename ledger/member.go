package ledger

import "github.com/accolade-badges/accolade/errs"

// UnknownMemberError is the errs.Invalid error for a member id, in Field,
// that names no member. Its message suits the JSON API; an importer can say
// instead how to add the member from a file.
type UnknownMemberError struct {
	Field string // the JSON field, such as "learners[2]"
	ID    string
}

func unknownMember(field, id string) error { return &UnknownMemberError{Field: field, ID: id} }

func (e *UnknownMemberError) Error() string { return e.Unwrap().Error() }

// Unwrap returns the error as an *errs.Error, for errs.KindOf and errs.FieldOf.
func (e *UnknownMemberError) Unwrap() error {
	return errs.Field(e.Field, "member %q does not exist; create it first with PUT /api/v1/members/%s", e.ID, e.ID)
}
