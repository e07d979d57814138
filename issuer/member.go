package issuer

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/ob3"
)

// Member is a person in the community. The email is private: it is only ever
// used to compute the salted identity hash in a credential.
type Member struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Email   string    `json:"email"`
	DID     string    `json:"did,omitempty"`
	Lang    string    `json:"lang,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// maxNameLen bounds display names (in characters).
const maxNameLen = 200

// Validate checks a member's fields, normalising the email and trimming the
// name. It returns an errs.Invalid error naming the field.
func (m *Member) Validate() error {
	if !ledger.ValidID(m.ID) {
		return errs.Field("id", "%q is not a valid member id: use letters, digits, '.', '_', ':' and '-', at most %d characters", m.ID, ledger.MaxIDLen)
	}
	m.Name = strings.TrimSpace(m.Name)
	switch {
	case m.Name == "":
		return errs.Field("name", "is required")
	case !utf8.ValidString(m.Name):
		return errs.Field("name", "is not valid UTF-8")
	case utf8.RuneCountInString(m.Name) > maxNameLen:
		return errs.Field("name", "is longer than %d characters", maxNameLen)
	case strings.ContainsFunc(m.Name, isControl):
		return errs.Field("name", "contains control characters")
	}
	m.Email = ob3.NormalizeEmail(m.Email)
	if m.Email == "" {
		return errs.Field("email", "is required (it is never published: credentials carry only a salted hash)")
	}
	if a, err := mail.ParseAddress(m.Email); err != nil || a.Address != m.Email {
		return errs.Field("email", "%q is not an email address", m.Email)
	}
	if m.DID != "" && !strings.HasPrefix(m.DID, "did:") {
		return errs.Field("did", "%q is not a DID (it must start with \"did:\")", m.DID)
	}
	if m.Lang != "" && !validLang(m.Lang) {
		return errs.Field("lang", "%q is not a BCP 47 language tag such as \"en\", \"ar\" or \"pt-BR\"", m.Lang)
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// validLang is a light BCP 47 shape check: 2–3 letter primary tag and
// alphanumeric subtags of 1–8 characters.
func validLang(s string) bool {
	parts := strings.Split(s, "-")
	if l := len(parts[0]); l < 2 || l > 3 {
		return false
	}
	for i, p := range parts {
		if p == "" || len(p) > 8 {
			return false
		}
		for _, r := range p {
			letter := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
			if !letter && (i == 0 || r < '0' || r > '9') {
				return false
			}
		}
	}
	return true
}
