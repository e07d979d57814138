package verifier

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ob3"
)

// Bitstring Status List limits.
const (
	minListBits       = 131072  // the W3C minimum length: 16 KiB
	maxListFetch      = 1 << 20 // a fetched status list credential
	maxBitstringBytes = 4 << 20 // a decompressed list: 32 Mi entries
	acceptStatusList  = "application/vc+ld+json, application/vc+jwt;q=0.9, application/jwt;q=0.9, application/json;q=0.8"
)

// Errors of decoding a status list.
var (
	// errListTooLarge: the list decompresses to more than maxBitstringBytes
	// (a GZIP bomb is stopped here, not decompressed).
	errListTooLarge = errors.New("list too large")
	// errListTooShort: the list has fewer than minListBits entries.
	errListTooShort = errors.New("list too short")
)

// checkBitstring checks one BitstringStatusListEntry: fetch the list,
// verify it is the credential issuer's, and read the credential's bit.
func (v *Verifier) checkBitstring(ctx context.Context, r *report, c *ob3.OpenBadgeCredential, e statusEntry) finding {
	switch e.StatusPurpose {
	case purposeRevocation, purposeSuspension:
	case "":
		return skipped("The status entry does not say what it is for (statusPurpose), so whether the issuer revoked the credential cannot be checked.")
	default:
		return finding{status: Warn, message: fmt.Sprintf("A status entry for %q was ignored: only revocation and suspension bear on whether the credential stands.", e.StatusPurpose)}
	}
	idx, err := listIndex(e.StatusListIndex)
	if err != nil {
		return skipped("The status entry's index (statusListIndex) %s, so whether the issuer revoked the credential cannot be checked.", err)
	}
	if size := strings.TrimSpace(string(e.StatusSize)); size != "" && size != "1" && size != `"1"` {
		return skipped("The status entry uses statuses of %s bits; this verifier reads only one-bit revocation and suspension lists.", size)
	}
	u, bad := v.statusLink(e.StatusListCredential, "status list")
	if bad != nil {
		return *bad
	}
	host := u.Host
	list, bad := v.statusList(ctx, r, c, u.String(), host)
	if bad != nil {
		return *bad
	}
	bits, err := list.decoded()
	if !list.purpose.Has(e.StatusPurpose) {
		return skipped("The status list at %s is for %s, not %s, so it cannot say whether this credential was %s.", host, joinAnd(list.purpose), e.StatusPurpose, pastOf(e.StatusPurpose))
	}
	switch {
	case errors.Is(err, errListTooLarge):
		return skipped("The status list at %s is larger than %s once decompressed, so it was not read.", host, errs.Size(maxBitstringBytes))
	case errors.Is(err, errListTooShort):
		return skipped("The status list at %s is too short: it has %d entries, fewer than the %d a status list must have.", host, len(bits)*8, minListBits)
	case err != nil:
		return skipped("The status list at %s cannot be read: %s.", host, message(err))
	}
	if idx >= uint64(len(bits))*8 {
		return skipped("The credential's place in its status list (%d) is beyond the end of the list at %s (%d entries).", idx, host, len(bits)*8)
	}
	if bits[idx/8]>>(7-idx%8)&1 == 0 {
		return finding{status: Pass, message: fmt.Sprintf("Not %s: the issuer's status list at %s does not mark this credential.", pastOf(e.StatusPurpose), host)}
	}
	if e.StatusPurpose == purposeSuspension {
		return finding{status: Fail, suspended: true, message: fmt.Sprintf("Suspended by the issuer: its status list at %s marks this credential as suspended.", host)}
	}
	return finding{status: Fail, revoked: true, message: fmt.Sprintf("Revoked by the issuer: its status list at %s marks this credential as revoked.", host)}
}

// pastOf is "revoked" or "suspended".
func pastOf(purpose string) string {
	if purpose == purposeSuspension {
		return "suspended"
	}
	return "revoked"
}

// listIndex reads a statusListIndex: a base-10 string, or a JSON number
// as some issuers write it.
func listIndex(raw json.RawMessage) (uint64, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		return 0, errors.New("is missing")
	}
	if s[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, errors.New("cannot be read")
		}
	}
	n, err := strconv.ParseUint(s, 10, 63)
	if err != nil {
		return 0, fmt.Errorf("is %s, not a whole number", strconv.Quote(s))
	}
	return n, nil
}

// bitstringList is a verified status list credential's subject.
type bitstringList struct {
	purpose ob3.Types // its statusPurpose: one or several
	encoded string

	once sync.Once // decodes encoded once, for every credential checked against it
	bits []byte
	err  error
}

// decoded is decodeList of the list's encodedList, decoded once.
func (l *bitstringList) decoded() ([]byte, error) {
	l.once.Do(func() { l.bits, l.err = decodeList(l.encoded) })
	return l.bits, l.err
}

// statusList fetches the status list credential at rawURL, verifies it as
// a credential (its own proof or VC-JWT signature, its dates) and checks
// that the credential's issuer signed it: the same issuer id, and a key
// published at that id or the very key that signed the credential.
func (v *Verifier) statusList(ctx context.Context, r *report, c *ob3.OpenBadgeCredential, rawURL, host string) (*bitstringList, *finding) {
	fail := func(f finding) (*bitstringList, *finding) { return nil, &f }
	body, _, err := v.fetch.getFresh(ctx, "status-list "+rawURL, rawURL, acceptStatusList, maxListFetch, v.listTTL)
	if err != nil {
		return fail(skipped("Whether the issuer revoked it cannot be checked: its status list could not be fetched: %s.", message(err)))
	}
	l := v.verifiedList(ctx, rawURL, body)
	switch {
	case l.notCredential:
		return fail(skipped("The status list at %s is not a credential, so whether the issuer revoked this one cannot be checked.", host))
	case l.forged != "":
		return fail(forgery("The status list at %s is forged: %s", host, l.forged))
	case l.unverified != "":
		return fail(skipped("The status list at %s could not be verified, so whether the issuer revoked this credential cannot be checked: %s", host, l.unverified))
	case l.issuerID != c.Issuer.ID:
		return fail(forgery("The status list at %s was issued by %s, not by the credential's issuer %s.", host, l.issuerID, c.Issuer.ID))
	case !l.confirmed && !sameKey(l.signerKey, r.facts.signerKey):
		return fail(forgery("The status list at %s names the credential's issuer, but it was signed by %s, a key that nothing ties to that issuer.", host, l.signer))
	case !l.expired.IsZero():
		return fail(skipped("The status list at %s expired on %s; the issuer has not published a current one, so whether it revoked this credential cannot be checked.", host, when(l.expired)))
	case l.invalid != "":
		return fail(skipped("The status list at %s is not usable: %s", host, l.invalid))
	case l.listErr != nil:
		return fail(skipped("The status list at %s is not a Bitstring Status List: %s.", host, message(l.listErr)))
	}
	return l.list, nil
}

// listVerdict is what verifying a status list credential found, apart
// from the credential it is checked for.
type listVerdict struct {
	notCredential    bool
	forged           string // why the list's signature fails
	unverified       string // why it could not be verified
	issuerID, signer string
	confirmed        bool
	signerKey        crypto.PublicKey
	expired          time.Time
	invalid          string // why the list is not usable
	list             *bitstringList
	listErr          error
}

// listCacheEntries bounds the verified lists kept.
const listCacheEntries = 64

// verifiedList verifies the status list credential body fetched from
// rawURL. The fetcher answers from its cache with the very same bytes
// while the list is fresh; for those the verdict is kept, so that a busy
// verifier checks a list's signature once per fetch, not once per
// credential.
func (v *Verifier) verifiedList(ctx context.Context, rawURL string, body []byte) *listVerdict {
	v.listMu.Lock()
	e, ok := v.lists[rawURL]
	v.listMu.Unlock()
	if ok && len(body) > 0 && len(e.body) == len(body) && &e.body[0] == &body[0] {
		return e.verdict
	}
	l := &listVerdict{}
	sub := &report{statusList: true}
	v.verifyInput(ctx, sub, body, "", "")
	got := sub.finish()
	switch {
	case got.Format != FormatJSON && got.Format != FormatJWT || got.Outcome == OutcomeUnreadable:
		l.notCredential = true
	case sub.signatureFailure() != "" && !unsigned(body):
		l.forged = sub.signatureFailure()
	case !sub.signed():
		l.unverified = sub.firstMessage(Skip, sub.firstMessage(Fail, "it has no valid signature."))
	default:
		l.issuerID, l.confirmed, l.signerKey, l.signer, l.expired = sub.facts.issuerID, sub.facts.confirmed, sub.facts.signerKey, sub.facts.signer, sub.facts.expired
		if got.Outcome == OutcomeInvalid {
			l.invalid = sub.firstMessage(Fail, "")
		}
		l.list, l.listErr = readBitstringList(got.Credential)
	}
	if len(body) > 0 {
		v.listMu.Lock()
		if len(v.lists) >= listCacheEntries {
			clear(v.lists)
		}
		v.lists[rawURL] = listCacheEntry{body: body, verdict: l}
		v.listMu.Unlock()
	}
	return l
}

// listCacheEntry is a verified list and the fetched bytes it is for.
type listCacheEntry struct {
	body    []byte
	verdict *listVerdict
}

// unsigned reports whether a JSON status list carries no proof at all (not
// a forgery, just nothing to trust).
func unsigned(body []byte) bool {
	var doc struct {
		Proof json.RawMessage `json:"proof"`
	}
	if json.Unmarshal(body, &doc) != nil {
		return false
	}
	p := string(bytes.TrimSpace(doc.Proof))
	return p == "" || p == "null" || p == "[]"
}

// sameKey reports whether a and b are the same public key.
func sameKey(a, b crypto.PublicKey) bool {
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && b != nil && k.Equal(b)
}

// readBitstringList reads the subject of a BitstringStatusListCredential.
func readBitstringList(cred []byte) (*bitstringList, error) {
	var doc struct {
		Type    ob3.Types `json:"type"`
		Subject struct {
			Type          ob3.Types `json:"type"`
			StatusPurpose ob3.Types `json:"statusPurpose"`
			EncodedList   string    `json:"encodedList"`
		} `json:"credentialSubject"`
	}
	if err := json.Unmarshal(cred, &doc); err != nil {
		return nil, errors.New("its subject cannot be read")
	}
	switch s := doc.Subject; {
	case !doc.Type.Has("BitstringStatusListCredential"):
		return nil, errors.New("its type is not BitstringStatusListCredential")
	case !s.Type.Has("BitstringStatusList"):
		return nil, errors.New("its subject's type is not BitstringStatusList")
	case len(s.StatusPurpose) == 0:
		return nil, errors.New("it does not say what it is for (statusPurpose)")
	case s.EncodedList == "":
		return nil, errors.New("it has no list (encodedList)")
	}
	return &bitstringList{purpose: doc.Subject.StatusPurpose, encoded: doc.Subject.EncodedList}, nil
}

// decodeList decodes an encodedList: multibase base64url ("u", no
// padding) of the GZIP of the bitstring. Padding is tolerated, and so is a
// missing "u" before a GZIP stream. It fails with errListTooLarge past
// maxBitstringBytes, and errListTooShort (with the short list) under
// minListBits.
func decodeList(enc string) ([]byte, error) {
	switch {
	case strings.HasPrefix(enc, "u"):
		enc = enc[1:]
	case strings.HasPrefix(enc, "H4sI"): // GZIP's magic number, without the multibase prefix
	default:
		return nil, errors.New("its encodedList is not multibase base64url (it should start with \"u\")")
	}
	z, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(enc, "="))
	if err != nil {
		return nil, errors.New("its encodedList is not base64url")
	}
	gz, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, errors.New("its encodedList is not GZIP-compressed")
	}
	bits, err := io.ReadAll(io.LimitReader(gz, maxBitstringBytes+1))
	switch {
	case len(bits) > maxBitstringBytes:
		return nil, errListTooLarge
	case err != nil:
		return nil, errors.New("its encodedList is not valid GZIP")
	case len(bits)*8 < minListBits:
		return bits, errListTooShort
	}
	return bits, nil
}

// listTTL is how long a fetched list may be cached: until its validUntil,
// its ttl (milliseconds), and the Cache-Control max-age, whichever is
// first (and getFresh caps it at cacheTTL).
func (v *Verifier) listTTL(body []byte, h http.Header) time.Duration {
	d := cacheTTL
	if age, ok := maxAge(h); ok {
		d = min(d, age)
	}
	var doc struct {
		ValidUntil ob3.DateTime `json:"validUntil"`
		Subject    struct {
			TTL *float64 `json:"ttl"`
		} `json:"credentialSubject"`
	}
	if json.Unmarshal(body, &doc) == nil { // a VC-JWT list keeps the header's lifetime
		if t := doc.ValidUntil.Time; !t.IsZero() {
			d = min(d, t.Sub(v.fetch.now()))
		}
		if ttl := doc.Subject.TTL; ttl != nil && *ttl < float64(d.Milliseconds()) {
			d = max(0, time.Duration(*ttl)*time.Millisecond)
		}
	}
	return d
}
