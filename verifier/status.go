package verifier

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/accolade-badges/accolade/ob3"
)

// Status entry types and purposes this verifier reads.
const (
	typeBitstringEntry = "BitstringStatusListEntry"
	typeRevocationList = "1EdTechRevocationList"
	purposeRevocation  = "revocation"
	purposeSuspension  = "suspension"
	maxStatusEntries   = 8 // entries read per credential; more are not checked
)

// statusEntry is one credentialStatus entry, read from the credential's
// JSON (where it may be one object or an array of them).
type statusEntry struct {
	ID                   string          `json:"id"`
	Type                 string          `json:"type"`
	StatusPurpose        string          `json:"statusPurpose"`
	StatusListIndex      json.RawMessage `json:"statusListIndex"`
	StatusListCredential string          `json:"statusListCredential"`
	StatusSize           json.RawMessage `json:"statusSize"`
}

// statusEntries reads the credentialStatus of a credential's JSON.
func statusEntries(cred []byte) ([]statusEntry, error) {
	var doc struct {
		CredentialStatus json.RawMessage `json:"credentialStatus"`
	}
	if err := json.Unmarshal(cred, &doc); err != nil {
		return nil, err
	}
	raw := bytes.TrimSpace(doc.CredentialStatus)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return nil, nil
	case raw[0] == '[':
		var es []statusEntry
		err := json.Unmarshal(raw, &es)
		return es, err
	}
	var e statusEntry
	err := json.Unmarshal(raw, &e)
	return []statusEntry{e}, err
}

// finding is what one status entry showed.
type finding struct {
	status    Status // Pass, Fail (revoked, suspended or forged), Skip, or Warn for an ignored entry
	revoked   bool
	suspended bool
	forged    bool // the list is provably not the issuer's
	message   string
}

// skipped is the finding of an entry that could not be checked.
func skipped(format string, args ...any) finding {
	return finding{status: Skip, message: fmt.Sprintf(format, args...)}
}

// forgery is the finding of a status list that is provably not the
// credential's issuer's.
func forgery(format string, args ...any) finding {
	return finding{status: Fail, forged: true, message: fmt.Sprintf(format, args...)}
}

// checkStatus adds the status check. For this service's own credentials
// Local is authoritative (their status lists are this service's, answered
// without the network). For other issuers it reads each status entry:
// Bitstring Status List entries of purpose revocation or suspension, and
// 1EdTech revocation lists; other purposes are ignored with a note, and an
// entry of a type this verifier does not read makes the outcome "cannot
// check" rather than a "valid" that may be false.
func (v *Verifier) checkStatus(ctx context.Context, r *report, c *ob3.OpenBadgeCredential) {
	if r.statusList {
		return // a status list's own status is not followed
	}
	if r.facts.ours {
		v.checkLocalStatus(ctx, r, c)
		return
	}
	entries, err := statusEntries(r.Credential)
	switch {
	case err != nil:
		r.add(CheckStatus, Skip, "The credential's status entry (credentialStatus) cannot be read, so whether its issuer revoked it cannot be checked.")
		return
	case len(entries) == 0:
		// Nothing to check; but an issuer may still keep a revocation list
		// of its own that only its service reads, so say so rather than
		// "not revoked".
		r.add(CheckStatus, Warn, "The credential carries no status entry (credentialStatus), so whether its issuer revoked it cannot be checked from here.")
		return
	case !r.signed():
		// Its links are not the issuer's: nothing is fetched for them.
		r.add(CheckStatus, Skip, "%s", untrusted)
		return
	}
	var fs []finding
	for i, e := range entries {
		if i == maxStatusEntries {
			fs = append(fs, skipped("The credential has more than %d status entries; the rest were not checked.", maxStatusEntries))
			break
		}
		fs = append(fs, v.checkEntry(ctx, r, c, e))
	}
	r.addStatus(fs)
}

// checkLocalStatus asks Local for the standing of one of this service's
// credentials.
func (v *Verifier) checkLocalStatus(ctx context.Context, r *report, c *ob3.OpenBadgeCredential) {
	st, ok := v.local.CredentialStatus(ctx, c.Issuer.ID, c.ID)
	switch {
	case !ok && noStatusEntry(r.Credential):
		// Such as a CLR record or its hours statement: not stored, and
		// made not to be revoked.
		r.add(CheckStatus, Warn, "The credential carries no status entry (credentialStatus): its issuer cannot revoke it; it states what held when it was issued.")
	case !ok:
		r.add(CheckStatus, Skip, "This service has no record of this credential, so whether it was revoked cannot be said.")
	case st.Revoked:
		r.facts.status = st
		r.add(CheckStatus, Fail, "The issuer has revoked this credential%s.", since(st.Since))
	case st.Suspended:
		r.facts.status = st
		r.add(CheckStatus, Fail, "The issuer has suspended this credential for now%s.", since(st.Since))
	default:
		r.add(CheckStatus, Pass, "The issuer has not revoked or suspended this credential.")
	}
}

// checkEntry checks one status entry of another issuer's credential.
func (v *Verifier) checkEntry(ctx context.Context, r *report, c *ob3.OpenBadgeCredential, e statusEntry) finding {
	switch e.Type {
	case typeBitstringEntry:
		return v.checkBitstring(ctx, r, c, e)
	case typeRevocationList:
		return v.checkRevocationList(ctx, c, e)
	case "":
		return skipped("A status entry has no type, so whether the issuer revoked the credential cannot be checked.")
	}
	return skipped("Whether the issuer revoked it cannot be checked: this verifier does not read %s status entries.", e.Type)
}

// addStatus adds the status check from the findings of every entry: a
// forged list first, then revoked, suspended, cannot check, not revoked,
// and entries that were only ignored.
func (r *report) addStatus(fs []finding) {
	pick := func(keep func(finding) bool) []string {
		var out []string
		for _, f := range fs {
			if keep(f) {
				out = append(out, f.message)
			}
		}
		return out
	}
	ignored := pick(func(f finding) bool { return f.status == Warn })
	withNotes := func(msgs []string) string { return strings.Join(append(msgs, ignored...), " ") }
	if m := pick(func(f finding) bool { return f.forged }); len(m) > 0 {
		r.facts.statusForged = true
		r.add(CheckStatus, Fail, "%s", strings.Join(m, " "))
		return
	}
	if m := pick(func(f finding) bool { return f.revoked }); len(m) > 0 {
		r.facts.status.Revoked = true
		r.add(CheckStatus, Fail, "%s", strings.Join(m, " "))
		return
	}
	if m := pick(func(f finding) bool { return f.suspended }); len(m) > 0 {
		r.facts.status.Suspended = true
		r.add(CheckStatus, Fail, "%s", strings.Join(m, " "))
		return
	}
	if m := pick(func(f finding) bool { return f.status == Skip }); len(m) > 0 {
		r.add(CheckStatus, Skip, "%s", withNotes(m))
		return
	}
	if m := pick(func(f finding) bool { return f.status == Pass }); len(m) > 0 {
		r.add(CheckStatus, Pass, "%s", withNotes(m))
		return
	}
	r.add(CheckStatus, Warn, "%s", withNotes([]string{"The credential carries no revocation or suspension entry, so whether its issuer revoked it cannot be checked from here."}))
}

// statusLink parses the link of a status list or revocation list and
// returns a finding when it cannot be followed: not a link, or on this
// service, whose lists belong to its own issuers (whose credentials are
// answered by Local, never through a list).
func (v *Verifier) statusLink(rawURL, what string) (*url.URL, *finding) {
	u, err := url.Parse(rawURL)
	if rawURL == "" || err != nil || u.Host == "" {
		f := skipped("The status entry does not link to its %s, so whether the issuer revoked the credential cannot be checked.", what)
		return nil, &f
	}
	if v.own(u) {
		f := skipped("The status entry links to a %s on this service (%s), but the credential was not issued by one of its issuers, so that list says nothing about it.", what, u.Redacted())
		return nil, &f
	}
	return u, nil
}
