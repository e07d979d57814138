package ledger

import (
	"regexp"

	"github.com/accolade-badges/accolade"
)

// MaxIDLen is the longest id accepted for members, exchanges, attestations
// and applications (accolade.MaxIDLen).
const MaxIDLen = accolade.MaxIDLen

var skillRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// idRule describes the id syntax for error messages.
const idRule = accolade.IDRule

// skillRule describes the skill tag syntax for error messages.
const skillRule = "a lowercase tag of letters, digits, '.', '_' and '-', at most 64 characters, such as \"training\""

// ValidID reports whether s is a well-formed id for a member, exchange,
// attestation or application: accolade.ValidID.
func ValidID(s string) bool { return accolade.ValidID(s) }

// ValidSkill reports whether s is a well-formed skill tag: lowercase letters,
// digits, '.', '_' and '-', at most 64 characters.
func ValidSkill(s string) bool {
	return skillRe.MatchString(s)
}
