package criteria

import "strings"

// MaxEvidence bounds the evidence one requirement reports, most recent first.
const MaxEvidence = 50

// Evidence kinds.
const (
	EvidenceExchange    = "exchange"
	EvidenceAttestation = "attestation"
	EvidenceCredential  = "credential"
)

// Result is how a member stands on an achievement: whether it is earned, each
// requirement's progress, and the evidence that earned it.
type Result struct {
	Achievement string `json:"achievement"`
	// Earned reports whether the member earned the achievement: the rule is
	// met, an application was approved (awardOnApproval), or the member
	// already holds a valid credential for it (Held).
	Earned bool `json:"earned"`
	// Held reports whether the member holds a currently valid credential for
	// the achievement (or was awarded it earlier in the same EvaluateAll).
	Held bool `json:"held,omitempty"`
	// Credential is the id of the credential held, when there is one.
	Credential string `json:"credential,omitempty"`
	// Requirements lists every requirement of the rule in file order, each
	// threshold of an exchanges requirement separately. In an any group, some
	// may be unmet in an earned result.
	Requirements []RequirementResult `json:"requirements"`
	// Evidence is what the met requirements counted, for the credential's
	// evidence: never emails or other members' names.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// RequirementResult is one requirement's progress. Description is plain
// English with the numbers, such as "Workshops taught, confirmed, last 365
// days: 2 of 3"; Phrase says what it counts as data, for wording it in
// another language; Current and Target carry the numbers (hours cut to two
// decimals).
type RequirementResult struct {
	Description string   `json:"description"`
	Phrase      Phrase   `json:"phrase"`
	Current     float64  `json:"current"`
	Target      float64  `json:"target"`
	Met         bool     `json:"met"`
	Evidence    []string `json:"evidence,omitempty"` // ids of what was counted
}

// Evidence is an exchange, attestation or credential that counted toward an
// achievement, with a short narrative such as "Workshop 'Editing basics', 12
// learners, 2026-03-04".
type Evidence struct {
	ID        string `json:"id,omitempty"` // "" for a credential awarded in the same EvaluateAll
	Kind      string `json:"kind"`         // exchange, attestation or credential
	Narrative string `json:"narrative"`
	// Achievement is, for a credential, the achievement it is for.
	Achievement string `json:"achievement,omitempty"`
	// Attester and Statement are, for an attestation, the member who
	// attested (an id: the Narrative names no one) and what they said,
	// trimmed by TrimStatement.
	Attester  string `json:"attester,omitempty"`
	Statement string `json:"statement,omitempty"`
}

// MaxStatement is how many characters of an attestation's statement
// evidence carries.
const MaxStatement = 200

// TrimStatement returns s with its white space collapsed and, when longer
// than MaxStatement characters, cut at a word boundary with "…".
func TrimStatement(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= MaxStatement {
		return s
	}
	cut := string(r[:MaxStatement-1])
	if i := strings.LastIndexByte(cut, ' '); i > MaxStatement/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
