package accolade

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/accolade-badges/accolade/errs"
)

// Limits on a member.
const (
	MaxIDLen   = 128 // bytes, for member, exchange, attestation and application ids
	MaxNameLen = 200 // characters
)

// IDRule describes the syntax of ids (ValidID) for error messages.
const IDRule = "letters, digits, '.', '_', ':' and '-', starting with a letter or digit, at most 128 characters"

var (
	idRe   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]*$`)
	langRe = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
	didRe  = regexp.MustCompile(`^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$`)
)

// ValidID reports whether s is a well-formed id for a member, exchange,
// attestation or application.
func ValidID(s string) bool {
	return len(s) <= MaxIDLen && idRe.MatchString(s)
}

// Member is a person in the community: the body of PUT /api/v1/members/{id}
// (less the id, which the path gives), a row of a members import, and the
// stored value (with its Created and Updated times). The email is private:
// it is only ever published hashed, inside a credential.
type Member struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	DID   string `json:"did,omitempty"`
	Lang  string `json:"lang,omitempty"`
	// LatinName is the name written in Latin letters, for a certificate
	// whose fonts cannot draw Name; empty: none given.
	LatinName string `json:"latinName,omitempty"`
	// Listed is the member's choice to appear by name in public lists (the
	// home, issuer and achievement pages). A credential's own page, reached
	// by its link, is public either way.
	Listed bool `json:"listed,omitempty"`
	// NoMail is the member's choice not to get notification mail (awards,
	// confirmation requests, decisions, expiry). Sign-in mail is always
	// sent. It is the member's own setting: replacing a member from the
	// admin API or an import keeps it.
	NoMail bool `json:"noMail,omitempty"`
	// Communities are the slugs of the communities (issuers) the member
	// belongs to, sorted; empty: the default community only (as every
	// member was before there were several). A member's exchanges,
	// attestations, progress and credentials are per community.
	Communities []string `json:"communities,omitempty"`
	// Forgotten is when the member's personal data was erased at their
	// request (name, email, DID, language, Latin name); only the id, the
	// communities and the dates stay. Zero: not erased. A forgotten member
	// cannot sign in, is mailed nothing and is never validated again.
	Forgotten time.Time `json:"forgotten,omitzero"`
	Created   time.Time `json:"created,omitzero"`
	Updated   time.Time `json:"updated,omitzero"`
}

// Validate trims the name and normalises the email (trimmed, lowercase),
// then checks the member: an id, a name without control characters, a plain
// email address (no display name), and, when given, a DID
// ("did:method:...") and a BCP 47 language tag such as "en" or "pt-BR". The
// error, of kind errs.Invalid, names the field.
func (m *Member) Validate() error {
	m.Name = strings.TrimSpace(m.Name)
	m.LatinName = strings.TrimSpace(m.LatinName)
	m.Email = strings.ToLower(strings.TrimSpace(m.Email)) // as ob3.NormalizeEmail
	switch {
	case m.ID == "":
		return errs.Field("id", "is required")
	case !ValidID(m.ID):
		return errs.Field("id", "%q is not a valid member id: use %s", m.ID, IDRule)
	case m.Name == "":
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
	case strings.ContainsFunc(m.Name, isControl):
		return errs.Field("name", "contains control characters")
	case utf8.RuneCountInString(m.LatinName) > MaxNameLen:
		return errs.Field("latinName", "is longer than %d characters", MaxNameLen)
	case strings.ContainsFunc(m.LatinName, notLatin):
		return errs.Field("latinName", "%q has letters that are not Latin: give the name as written in Latin letters, or leave it empty", m.LatinName)
	}
	for _, c := range m.Communities {
		if !ValidSlug(c) {
			return errs.Field("communities", "%q is not a community slug: use lowercase letters, digits and '-'", c)
		}
	}
	m.Communities = normalCommunities(m.Communities)
	return nil
}

// In reports whether the member belongs to the community slug.
func (m *Member) In(slug string) bool {
	if len(m.Communities) == 0 {
		return slug == DefaultSlug
	}
	return slices.Contains(m.Communities, slug)
}

// CommunitySlugs returns the communities the member belongs to, sorted:
// the default community when none is listed. The slice is the caller's.
func (m *Member) CommunitySlugs() []string {
	if len(m.Communities) == 0 {
		return []string{DefaultSlug}
	}
	return slices.Clone(m.Communities)
}

// normalCommunities sorts cs and drops duplicates; a list of only the
// default community is stored as none, the form existing members have.
func normalCommunities(cs []string) []string {
	cs = slices.Compact(slices.Sorted(slices.Values(cs)))
	if len(cs) == 0 || len(cs) == 1 && cs[0] == DefaultSlug {
		return nil
	}
	return cs
}

// plainEmail reports whether s is a bare address: no display name, no angle
// brackets, no surrounding space.
func plainEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

// notLatin reports whether r may not appear in a LatinName: a control
// character, or a letter of another script.
func notLatin(r rune) bool {
	return isControl(r) || unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r)
}

func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// Forgotten says what erasing a member's personal data removed, by kind
// (counts only, never the data): for the audit log and the answer.
type Forgotten struct {
	Credentials  int `json:"credentials"`  // signed copies (JSON and VC-JWT) no longer kept
	Exchanges    int `json:"exchanges"`    // exchanges whose feedback or their dispute note was emptied
	Attestations int `json:"attestations"` // statements by or about them emptied
	Applications int `json:"applications"` // narratives and evidence links emptied
	Sessions     int `json:"sessions"`
	Passkeys     int `json:"passkeys"`
	Mail         int `json:"mail"` // pending notices given up
	// Grants are the applications' accesses ended (Open Badges API), with
	// their codes and tokens; Deposited the credentials they had added
	// to the member's record, deleted.
	Grants    int `json:"grants"`
	Deposited int `json:"deposited"`
}
