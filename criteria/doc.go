// Package criteria owns achievements as coordinators write them (the stable
// YAML or JSON achievement file with its criteria rule), and deciding who has
// earned them: an in-memory Index of the facts rules read, Evaluate for one
// member's progress with plain-language requirements and evidence, and an
// Engine that awards to a fixed point and says which members a new fact
// affects.
//
// # Rule semantics
//
// A rule is all or any (nestable) of requirements:
//
//   - exchanges: the member took part in exchanges in role teacher, learner
//     or any (either). For a member in an exchange, the counterparts are the
//     participants in the other role, for every role: any selects the
//     exchanges the member taught or learned in, it does not widen who is
//     the other side (a co-teacher, or a fellow learner, is never a
//     counterpart). Filters: kind and skill (an exchange matches when it has
//     any listed value), confirmed (the exchange counts only when at least one
//     counterpart confirmed it, and only confirming counterparts count as
//     partners) and within (a window ending at evaluation time, inclusive at
//     both ends). Thresholds, all that are given must be met: count (exchanges),
//     hours (an exchange's hours count in full for every participant) and
//     distinctPartners (different counterparts).
//   - attestations: the number of different attesters (count) who attested
//     the member, optionally only for a skill, within a window, and from
//     attesters who hold a currently valid credential (fromHoldersOf).
//   - holds: the member holds a currently valid credential for another
//     achievement.
//   - expr: a bounded expression over the member's Facts (see Facts).
//
// A member is never their own partner or attester. An exchange is counted
// once however often it is posted (the Index keys it by id); withdrawn and
// disputed exchanges, and facts dated after the evaluation time, do not count. A
// credential is valid while not revoked and before its validUntil.
//
// An attestation with Achievement set (an approved application) counts toward
// the attestations requirements of that achievement's rule whatever their
// skill filter, and toward no other achievement; with awardOnApproval, such an
// approval earns the achievement on its own.
//
// References to other achievements (holds, holds() in expressions,
// fromHoldersOf, reviewers) are checked by CheckReferences when achievements
// are loaded: each must exist or be loaded in the same batch. An achievement
// may name itself as reviewers and in fromHoldersOf (holders of Mentor vouch
// for new Mentors), never in holds.
//
// Evidence describes what counted without naming anyone: an exchange with
// its kind, title, hours (when the requirement counts hours), learners and
// date; an attestation with its skill and date, and the attester's member id
// and trimmed statement (TrimStatement) for the caller to present.
//
// The package does not store achievements or facts (package store does),
// issue credentials (package issuer does), or check who may post facts. An
// Achievement's Definition is the domain's accolade.Achievement, what
// issuing reads; the rule, its parsing, the index and the engine stay here.
// It imports only the domain (accolade), ledger and errs from the project.
package criteria
