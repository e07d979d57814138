package issuer

import (
	"strings"
	"time"

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

// Validate trims the name and normalises the email (trimmed, lowercase),
// then checks the member with the same rules as an import row
// (ledger.MemberRow.Validate), plus no control characters in the name. It
// returns an errs.Invalid error naming the field.
func (m *Member) Validate() error {
	m.Name = strings.TrimSpace(m.Name)
	m.Email = ob3.NormalizeEmail(m.Email)
	row := ledger.MemberRow{ID: m.ID, Name: m.Name, Email: m.Email, DID: m.DID, Lang: m.Lang}
	if err := row.Validate(); err != nil {
		return err
	}
	if strings.ContainsFunc(m.Name, isControl) {
		return errs.Field("name", "contains control characters")
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }
