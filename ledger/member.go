package ledger

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/accolade-badges/accolade/errs"
)

// MaxNameLen is the longest member name accepted, in characters.
const MaxNameLen = 200

var (
	langRe = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
	didRe  = regexp.MustCompile(`^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$`)
)

// MemberRow is a member as imported in bulk or put through the API. The email
// is private: it is only ever published hashed, inside a credential.
type MemberRow struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	DID   string `json:"did,omitempty"`
	Lang  string `json:"lang,omitempty"`
}

// Validate checks the member: an id, a name, a plain email address (no display
// name), and, when given, a DID ("did:method:...") and a BCP 47 language tag
// such as "en" or "pt-BR". The error, of kind errs.Invalid, names the field.
func (m *MemberRow) Validate() error {
	switch {
	case m.ID == "":
		return errs.Field("id", "is required")
	case !ValidID(m.ID):
		return errs.Field("id", "%q is not a valid member id: use %s", m.ID, idRule)
	case strings.TrimSpace(m.Name) == "":
		return errs.Field("name", "is required")
	case utf8.RuneCountInString(m.Name) > MaxNameLen:
		return errs.Field("name", "is longer than %d characters", MaxNameLen)
	case m.Email == "":
		return errs.Field("email", "is required: it identifies the recipient, hashed, in credentials")
	case !plainEmail(m.Email):
		return errs.Field("email", "%q is not a plain email address such as ada@example.org", m.Email)
	case m.DID != "" && !didRe.MatchString(m.DID):
		return errs.Field("did", "%q is not a DID such as did:web:example.org or did:key:z6Mk...", m.DID)
	case m.Lang != "" && !langRe.MatchString(m.Lang):
		return errs.Field("lang", "%q is not a language tag such as en or pt-BR", m.Lang)
	}
	return nil
}

// plainEmail reports whether s is a bare address: no display name, no angle
// brackets, no surrounding space.
func plainEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

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
