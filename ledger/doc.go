// Package ledger holds the facts that criteria read: skill exchanges and their
// confirmations, attestations by mentors, and applications for an achievement,
// together with the row readers that bulk import them from CSV or JSONL.
//
// Each fact type validates itself (Validate) and says whether a retried post is
// the same fact (SameContent), so that posting twice is a no-op and posting a
// different fact under a used id is a conflict. Validation errors are
// errs.Invalid errors whose field is the JSON name of the offending value, such
// as "learners[2]", with a message that says what is allowed.
//
// The package does not store facts (package store does), decide who may post
// or review them (the server and issuer do), or evaluate them against
// achievement criteria (package criteria does). A member, the row a members
// import reads, is the domain's accolade.Member. It imports no other project
// package except the domain (accolade) and errs.
package ledger
