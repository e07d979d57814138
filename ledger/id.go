package ledger

import "regexp"

// MaxIDLen is the longest id accepted for members, exchanges, attestations
// and applications.
const MaxIDLen = 128

var (
	idRe    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]*$`)
	skillRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
)

// idRule describes the id syntax for error messages.
const idRule = "letters, digits, '.', '_', ':' and '-', starting with a letter or digit, at most 128 characters"

// skillRule describes the skill tag syntax for error messages.
const skillRule = "a lowercase tag of letters, digits, '.', '_' and '-', at most 64 characters, such as \"training\""

// ValidID reports whether s is a well-formed id for a member, exchange,
// attestation or application.
func ValidID(s string) bool {
	return len(s) <= MaxIDLen && idRe.MatchString(s)
}

// ValidSkill reports whether s is a well-formed skill tag: lowercase letters,
// digits, '.', '_' and '-', at most 64 characters.
func ValidSkill(s string) bool {
	return skillRe.MatchString(s)
}
