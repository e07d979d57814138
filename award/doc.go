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
// All changes go through one mutex: awarding is serialised, so concurrent
// requests can never award the same achievement twice; the store's
// reservation is a second guard.
package award
