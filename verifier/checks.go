package verifier

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/accolade-badges/accolade/ob3"
)

// Context URLs of the two VC data models.
const (
	contextVCv1 = "https://www.w3.org/2018/credentials/v1"
	contextVCv2 = "https://www.w3.org/ns/credentials/v2"
)

// checkStructure adds the structure check and returns the parsed
// credential, or nil when it cannot be read. Missing essentials (context,
// id, types, issuer, start date, subject, achievement) fail; a credential of
// another VC type, a VCDM 1.1 one, or one that breaks a rule this service
// applies when issuing only warns.
func (v *Verifier) checkStructure(r *report, data []byte) *ob3.OpenBadgeCredential {
	c, err := parseCredential(data)
	if err != nil {
		r.facts.unreadable = true
		r.add(CheckStructure, Fail, "The credential cannot be read: %s.", message(err))
		return nil
	}
	r.parsed = c
	isOB := isOpenBadge(c.Type)
	urls := ob3.URLs(c.Context)
	if !c.Type.Has(ob3.TypeVerifiableCredential) && (len(urls) == 0 || (urls[0] != contextVCv2 && urls[0] != contextVCv1)) {
		r.facts.unreadable = true // neither the type nor the context of a credential: some other JSON
	}
	if missing := missingEssentials(c, isOB); len(missing) > 0 {
		r.add(CheckStructure, Fail, "The credential is incomplete: %s.", joinAnd(missing))
		return c
	}
	switch {
	case isCLR(c.Type) && c.CredentialSubject.Type.Has(typeClrSubject):
		r.add(CheckStructure, Pass, "A CLR 2.0 record (ClrCredential); each credential it carries is checked on its own below.")
	case !isOB:
		r.add(CheckStructure, Warn, "This is %s, not an Open Badge: its signature, dates and issuer were checked, but not its content.", withArticle(otherType(c.Type)))
	case urls[0] == contextVCv1:
		r.add(CheckStructure, Warn, "The credential follows the older VC Data Model 1.1 (issuanceDate); it is accepted, but current Open Badges use version 2.0.")
	default:
		if err := c.Validate(); err != nil {
			r.add(CheckStructure, Warn, "The credential can be checked, but it does not follow every Open Badges 3.0 rule: %s.", message(err))
		} else {
			r.add(CheckStructure, Pass, "An Open Badges 3.0 credential with all required properties.")
		}
	}
	return c
}

// parseCredential reads a credential with ob3's tolerant reader. A
// credential of another type (a CLR transcript, say) whose subject ob3 does
// not model is read for its envelope only: context, id, types, issuer,
// dates, subject id, status and proofs.
//
// ob3 models one credentialStatus object; an array of them (which the
// VC data model allows) is left out here and read by checkStatus.
func parseCredential(data []byte) (*ob3.OpenBadgeCredential, error) {
	data = withoutStatusArray(data)
	c, err := ob3.ParseCredential(data)
	if err == nil {
		return c, nil
	}
	var env struct {
		Context          ob3.Contexts            `json:"@context"`
		ID               string                  `json:"id"`
		Type             ob3.Types               `json:"type"`
		Issuer           ob3.Profile             `json:"issuer"`
		ValidFrom        ob3.DateTime            `json:"validFrom"`
		ValidUntil       ob3.DateTime            `json:"validUntil"`
		IssuanceDate     ob3.DateTime            `json:"issuanceDate"`
		ExpirationDate   ob3.DateTime            `json:"expirationDate"`
		CredentialStatus *ob3.CredentialStatus   `json:"credentialStatus"`
		Proof            ob3.List[ob3.Proof]     `json:"proof"`
		Subject          ob3.List[subjectIDOnly] `json:"credentialSubject"`
	}
	if json.Unmarshal(data, &env) != nil || isOpenBadge(env.Type) || len(env.Subject) == 0 {
		return nil, err
	}
	return &ob3.OpenBadgeCredential{
		Context: env.Context, ID: env.ID, Type: env.Type, Issuer: env.Issuer,
		ValidFrom: env.ValidFrom, ValidUntil: env.ValidUntil, IssuanceDate: env.IssuanceDate, ExpirationDate: env.ExpirationDate,
		CredentialStatus: env.CredentialStatus, Proof: env.Proof,
		CredentialSubject: ob3.AchievementSubject{ID: env.Subject[0].ID, Type: env.Subject[0].Type},
	}, nil
}

// withoutStatusArray returns data without its credentialStatus when that
// is an array, else data itself.
func withoutStatusArray(data []byte) []byte {
	if !mayHaveStatusArray(data) {
		return data // most credentials: no need to decode the whole object
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil {
		return data
	}
	if s := bytes.TrimSpace(obj["credentialStatus"]); len(s) == 0 || s[0] != '[' {
		return data
	}
	delete(obj, "credentialStatus")
	out, err := json.Marshal(obj)
	if err != nil {
		return data
	}
	return out
}

// mayHaveStatusArray reports whether data has a "credentialStatus" key
// (at any depth) whose value starts with '[', or a \u escape (which could
// spell the key): when it does not, no top-level credentialStatus is an
// array.
func mayHaveStatusArray(data []byte) bool {
	if bytes.Contains(data, []byte(`\u`)) {
		return true
	}
	key := []byte(`"credentialStatus"`)
	for rest := data; ; {
		i := bytes.Index(rest, key)
		if i < 0 {
			return false
		}
		rest = bytes.TrimLeft(rest[i+len(key):], " \t\r\n")
		if len(rest) > 0 && rest[0] == ':' {
			if v := bytes.TrimLeft(rest[1:], " \t\r\n"); len(v) > 0 && v[0] == '[' {
				return true
			}
		}
	}
}

// subjectIDOnly reads only the id of a credential subject.
type subjectIDOnly struct {
	ID   string    `json:"id"`
	Type ob3.Types `json:"type"`
}

// isOpenBadge reports whether the types make an Open Badges credential.
func isOpenBadge(t ob3.Types) bool {
	return t.Has(ob3.TypeOpenBadgeCredential) || t.Has(ob3.TypeAchievementCredential)
}

// missingEssentials lists, in words, what a credential lacks that any
// verification needs.
func missingEssentials(c *ob3.OpenBadgeCredential, isOB bool) []string {
	var missing []string
	if urls := ob3.URLs(c.Context); len(urls) == 0 || (urls[0] != contextVCv2 && urls[0] != contextVCv1) {
		missing = append(missing, "its @context does not start with the W3C Verifiable Credentials context")
	}
	if c.ID == "" {
		missing = append(missing, "it has no id")
	}
	if !c.Type.Has(ob3.TypeVerifiableCredential) {
		missing = append(missing, "its type does not include VerifiableCredential")
	}
	if c.Issuer.ID == "" {
		missing = append(missing, "it names no issuer")
	}
	if c.Start().IsZero() {
		missing = append(missing, "it has no start date (validFrom)")
	}
	s := c.CredentialSubject
	if s.ID == "" && len(s.Type) == 0 && len(s.Identifier) == 0 && len(s.Extra) == 0 && s.Achievement.ID == "" {
		missing = append(missing, "it names no recipient (credentialSubject)")
	} else if a := s.Achievement; isOB && a.ID == "" && a.Name == "" {
		missing = append(missing, "it does not say what was achieved (credentialSubject.achievement)")
	}
	return missing
}

// otherType names the most specific type of a credential that is not an
// Open Badge.
func otherType(t ob3.Types) string {
	for i := len(t) - 1; i >= 0; i-- {
		if t[i] != ob3.TypeVerifiableCredential {
			return t[i]
		}
	}
	return "verifiable credential of no specific type"
}

// withArticle puts "a" or "an" before a word.
func withArticle(w string) string {
	if w != "" && strings.ContainsRune("AEIOUaeiou", rune(w[0])) {
		return "an " + w
	}
	return "a " + w
}

// checkDates adds the dates check. nbf and exp, the JWT claims when there
// are any, narrow the credential's own validity period.
func (v *Verifier) checkDates(r *report, c *ob3.OpenBadgeCredential, nbf, exp time.Time) {
	start, end := c.Start().Time, c.End().Time
	if start.IsZero() {
		r.add(CheckDates, Skip, "The credential has no start date, so its validity period cannot be checked.")
		return
	}
	if nbf.After(start) {
		start = nbf
	}
	if !exp.IsZero() && (end.IsZero() || exp.Before(end)) {
		end = exp
	}
	now := v.now()
	switch {
	case now.Add(clockSkew).Before(start):
		r.facts.notYet = true
		r.add(CheckDates, Fail, "The credential is not valid yet: it becomes valid on %s.", when(start))
	case !end.IsZero() && now.After(end.Add(clockSkew)):
		r.facts.expired = end
		r.add(CheckDates, Fail, "The credential expired on %s (it was valid from %s).", when(end), when(start))
	case end.IsZero():
		r.add(CheckDates, Pass, "Valid since %s; it does not expire.", when(start))
	default:
		r.add(CheckDates, Pass, "Valid from %s until %s.", when(start), when(end))
	}
}

// checkIssuer adds the issuer check: who the credential says issued it,
// and what confirms that (run after the signature or proof check, whose
// key it judges). A name in a credential is a claim, never an identity.
func (v *Verifier) checkIssuer(r *report, c *ob3.OpenBadgeCredential) {
	id, name := issuerOf(c)
	f := &r.facts
	f.issuerID, f.issuerName = id, name
	f.borrowedName = id != "" && !v.local.IssuerKnown(id) && v.local.IssuerNamed(c.Issuer.Name)
	switch {
	case id == "":
		r.add(CheckIssuer, Fail, "The credential names no issuer.")
	case f.ours:
		r.add(CheckIssuer, Pass, "Issued by %s, an issuer on this service.", name)
	case f.confirmed && f.borrowedName:
		r.add(CheckIssuer, Warn, "Issued by %s, whose key is published at %s. Beware: “%s” is also the name of an issuer on this service, and this credential was not issued by it.", quoted(*f), f.keyHome, name)
	case f.confirmed:
		r.add(CheckIssuer, Pass, "Issued by %s, whose key is published at %s.", quoted(*f), f.keyHome)
	default:
		r.add(CheckIssuer, Warn, "%s", strings.TrimSpace(r.unconfirmedNote()))
	}
}

// when formats a time for people: "1 January 2010" at midnight UTC, else
// "1 January 2010 14:05 UTC".
func when(t time.Time) string {
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2 January 2006")
	}
	return t.Format("2 January 2006 15:04 UTC")
}

// whenOrNever is when, or "no end date" for the zero time.
func whenOrNever(t time.Time) string {
	if t.IsZero() {
		return "no end date"
	}
	return when(t)
}

// day formats a date as 2006-01-02.
func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// joinAnd joins items as "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// pluralIs is " is" or " are".
func pluralIs(n int) string {
	if n == 1 {
		return " is"
	}
	return " are"
}

// message is err's text without a final period, to embed in a sentence.
func message(err error) string {
	return strings.TrimSuffix(strings.TrimSpace(err.Error()), ".")
}

// sentence is err's text as a sentence: capitalised, with a final period.
func sentence(err error) string {
	s := message(err)
	r, n := utf8.DecodeRuneInString(s)
	return fmt.Sprintf("%c%s.", unicode.ToUpper(r), s[n:])
}
