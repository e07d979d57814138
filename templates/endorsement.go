package templates

// Endorsement is one endorsement shown on a public page: who endorsed
// (the name the endorser gives itself: a claim) and their comment.
type Endorsement struct {
	Endorser string
	Comment  string // empty: none
}
