// Package award is where community activity becomes credentials. It takes in
// members, exchanges, confirmations, attestations and applications, keeps
// the criteria engine's index of those facts up to date, and after each
// change evaluates just the members it affects and issues what they have
// newly earned, exactly once. A member whose credential has expired, or
// expires within the achievement's renewWithin, and who still meets the
// criteria, gets a renewal: a new credential that keeps the first award date
// (awardedDate) and supersedes the old one. A revoked or suspended
// credential is never renewed.
//
// It owns the order of things: validate, store, index, evaluate, issue,
// record the holding. It does not store anything itself (store does), decide
// rules (criteria does), or sign (issuer does), and it knows nothing of HTTP.
//
// Members act for themselves too (member.go, member_roles.go): they log
// exchanges they took part in (their own confirmation recorded, LoggedBy
// set), confirm or dispute the ones they are in (a disputed exchange counts
// for nobody), attest skills when they hold an achievement some rule takes
// attestations from (fromHoldersOf; anyone, when no rule names one), apply,
// review applications when they hold the achievement's reviewers
// achievement, and hide a credential's public page. A member's exchanges
// and attestations are read through the criteria index's per-member lists,
// never by scanning every fact.
//
// All changes go through one mutex: awarding is serialised, so concurrent
// requests can never award the same achievement twice; the store's
// reservation is a second guard.
package award
