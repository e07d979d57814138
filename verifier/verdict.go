package verifier

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ob3"
)

// Status is the outcome of one check.
type Status string

// The statuses a check can have. Only Fail makes a credential unverified;
// Warn tells the reader something they should know; Skip says a check could
// not be made.
const (
	Pass Status = "pass"
	Fail Status = "fail"
	Warn Status = "warn"
	Skip Status = "skip"
)

// Check names, in the order they appear in a verdict. A verdict has either a
// signature check (VC-JWT) or a proof check (Data Integrity), not both.
const (
	CheckFormat    = "format"    // the input could be read and a credential found in it
	CheckStructure = "structure" // the required Open Badges 3.0 properties are there
	CheckSignature = "signature" // the VC-JWT signature and the key that made it
	CheckProof     = "proof"     // the Data Integrity proof(s) and their keys
	CheckClaims    = "claims"    // the JWT claims agree with the credential
	CheckDates     = "dates"     // the credential is valid now
	CheckIssuer    = "issuer"    // who the issuer is, and what confirms it
	CheckStatus    = "status"    // whether the issuer revoked or suspended it
	// CheckEmbedded (clr.go) follows, once per credential a CLR record carries.
)

// checkLabels are the check names in the words a person reads.
var checkLabels = map[string]string{
	CheckFormat: "Format", CheckStructure: "Contents", CheckSignature: "Signature", CheckProof: "Signature",
	CheckClaims: "Claims", CheckDates: "Dates", CheckIssuer: "Issuer", CheckStatus: "Status",
	CheckEmbedded: "Credential in the record",
}

// CheckLabel returns a check name in the words a person reads
// ("Signature", "Issuer", "Dates", "Status"), or the name itself when it
// has none.
func CheckLabel(name string) string {
	if l, ok := checkLabels[name]; ok {
		return l
	}
	return name
}

// Check is the answer to one question about a credential, in words a person
// who is not a cryptographer understands.
type Check struct {
	Check   string `json:"check"` // a Check* name: stable, for programs
	Label   string `json:"label"` // the name in words, for people
	Status  Status `json:"status"`
	Message string `json:"message"`
}

// Verdict is the result of verifying one input.
type Verdict struct {
	// Verified reports whether the outcome is OutcomeValid.
	Verified bool `json:"verified"`
	// Outcome is the one answer, stated first: see the Outcome constants.
	Outcome Outcome `json:"outcome"`
	// Summary states the outcome in one or two plain sentences.
	Summary string `json:"summary"`
	// IssuerConfirmed reports whether the signing key is tied to the
	// issuer the credential names: one of this service's, or published at
	// the issuer's own id (did:web, an https profile). The issuer's name is
	// still only what the issuer calls itself.
	IssuerConfirmed bool `json:"issuerConfirmed"`
	// Format is how the credential was found: "jwt", "json", "png+jwt",
	// "png+json", "svg+jwt", "svg+json", and for VerifyURL the same prefixed
	// with "url+" ("url+jwt", "url+png+json"); just "url" or "" when nothing
	// could be read.
	Format string `json:"format"`
	// Checks are the individual answers, in the order of the Check* names.
	Checks []Check `json:"checks"`
	// Credential is the credential JSON: for a VC-JWT the payload without
	// the JWT claims, or its "vc" claim (VCDM 1.1). Its values are what the
	// credential claims: facts only when Outcome.Genuine reports true.
	Credential json.RawMessage `json:"credential,omitempty"`
	// Embedded are the verdicts of the credentials a CLR record carries,
	// in its order (clr.go); empty for any other credential.
	Embedded []Embedded `json:"embedded,omitempty"`
}

// Check returns the check with the given name and reports whether there
// is one.
func (v Verdict) Check(name string) (Check, bool) {
	for _, c := range v.Checks {
		if c.Check == name {
			return c, true
		}
	}
	return Check{}, false
}

// Local answers questions about this service's own issuers and credentials
// without the network. Implementations must be safe for concurrent use.
type Local interface {
	// IssuerKnown reports whether issuerID (profile URL or did:web) is one of
	// this service's issuers.
	IssuerKnown(issuerID string) bool
	// IssuerKeys returns all keys of that issuer, active and retired.
	IssuerKeys(issuerID string) []keys.PublicKey
	// KeyByKID returns one of this service's keys by its kid (or
	// verification method id) and the id of the issuer it belongs to.
	KeyByKID(kid string) (keys.PublicKey, string, bool)
	// Credential returns one of this service's credentials by its uuid, as
	// its compact VC-JWT.
	Credential(ctx context.Context, id string) ([]byte, bool)
	// CredentialStatus returns the standing of credential id ("urn:uuid:…")
	// of our issuer issuerID, and reports whether that issuer has such a
	// credential. The reason for a revocation is private and never asked.
	CredentialStatus(ctx context.Context, issuerID, id string) (CredentialStatus, bool)
	// IssuerNamed reports whether one of this service's issuers has the
	// given name (compared without regard to case and surrounding space),
	// so that a credential borrowing the name can be called out.
	IssuerNamed(name string) bool
}

// CredentialStatus is what an issuer says of one of its credentials.
type CredentialStatus struct {
	Revoked   bool
	Suspended bool
	Since     time.Time // when it was revoked or suspended; zero when unknown
}

// Default limits.
const (
	DefaultMaxInputBytes = 2 << 20   // 2 MiB: any input, including baked images
	DefaultMaxFetchBytes = 256 << 10 // 256 KiB: a JWKS or DID document
)

// Config configures a Verifier. The zero value verifies with no local
// issuers, the system clock and the safe default HTTP client.
type Config struct {
	Local Local // this service's issuers and credentials; nil means none
	// BaseURL is this service's public base URL, e.g.
	// "http://127.0.0.1:8080". Credential page URLs under it
	// (BaseURL+"/credentials/{uuid}[.jwt|.json|.png|.svg|.pdf]") are answered
	// from Local, never fetched.
	BaseURL string
	Now     func() time.Time // nil means time.Now
	// HTTPClient fetches keys, DID documents and credentials of other
	// issuers. nil means a safe default: https only, no internal addresses,
	// 3s to connect, 5s in all, at most 3 redirects. A client given here is
	// used as it is: it must enforce its own address policy.
	HTTPClient *http.Client
	// AllowPrivateNetworks lets the default client fetch plain http and
	// loopback or private addresses. For tests only.
	AllowPrivateNetworks bool
	// AllowInsecure lets the default client follow plain http links and
	// loopback or private addresses, with a warning in the verdict for
	// every key fetched over plain http. It is for the command line on a
	// person's own machine, which is not a target for server-side request
	// forgery; a server never sets it.
	AllowInsecure bool
	MaxFetchBytes int64 // body limit of a fetched key or DID document; 0 means DefaultMaxFetchBytes
	// OnFetch, when set, is told the outcome of every fetch of another
	// issuer's document (a key, DID document, status list or credential
	// link): "ok", or the kind of its failure ("forbidden" for an address
	// or scheme refused, "unavailable", "too large", "invalid"), for metrics.
	OnFetch       func(outcome string)
	MaxInputBytes int64 // limit of any input; 0 means DefaultMaxInputBytes
}

// Verifier verifies credentials. It is safe for concurrent use.
type Verifier struct {
	local    Local
	urls     accolade.URLs // Base is "" when no BaseURL
	now      func() time.Time
	fetch    *fetcher
	maxInput int64

	listMu sync.Mutex
	lists  map[string]listCacheEntry // status list URL → its verified list (statuslist.go)
}

// New returns a Verifier for cfg. It returns an Invalid error for a BaseURL
// that is not an absolute http(s) URL or a negative limit.
func New(cfg Config) (*Verifier, error) {
	v := &Verifier{local: cfg.Local, now: cfg.Now, maxInput: cfg.MaxInputBytes, lists: map[string]listCacheEntry{}}
	if v.local == nil {
		v.local = noLocal{}
	}
	if v.now == nil {
		v.now = time.Now
	}
	if cfg.MaxInputBytes < 0 || cfg.MaxFetchBytes < 0 {
		return nil, errs.Field("MaxInputBytes", "limits must not be negative")
	}
	if v.maxInput == 0 {
		v.maxInput = DefaultMaxInputBytes
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(strings.TrimSuffix(cfg.BaseURL, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, errs.Field("BaseURL", "%q: want an absolute http or https URL", cfg.BaseURL)
		}
		v.urls = accolade.URLs{Base: u.String()}
	}
	v.fetch = newFetcher(cfg)
	return v, nil
}

// Verify verifies a credential given as bytes: a compact VC-JWT, a JSON
// credential, or a baked PNG or SVG badge. contentType, when specific
// (image/png, image/svg+xml, application/jwt, application/vc+jwt,
// application/json, application/vc+ld+json, ...), decides the format;
// when it is empty or generic (text/plain, application/octet-stream) the
// format is sniffed from the bytes (see DetectFormat).
func (v *Verifier) Verify(ctx context.Context, input []byte, contentType string) Verdict {
	r := &report{}
	v.verifyInput(ctx, r, input, contentType, "")
	v.checkEndorsements(ctx, r) // endorsement.go
	return r.finish()
}

// report collects checks while a verification runs, and what the
// outcome needs to know beyond them.
type report struct {
	Verdict
	facts facts
	// statusList marks the verification of a status list credential on
	// behalf of another credential: its own status is not read, so that
	// lists cannot send the verifier from one list to the next.
	statusList bool
	// inRecord marks the verification of a credential inside a CLR
	// record (clr.go): a record in it is not opened in turn.
	inRecord bool
	// parsed is the credential as checkStructure read it, for the summary
	// (nil before, or when it could not be read).
	parsed *ob3.OpenBadgeCredential
}

// add appends a check with a formatted message.
func (r *report) add(check string, s Status, format string, args ...any) {
	r.Checks = append(r.Checks, Check{Check: check, Label: CheckLabel(check), Status: s, Message: fmt.Sprintf(format, args...)})
}

// noLocal is the Local of a verifier that has no issuers of its own.
type noLocal struct{}

func (noLocal) IssuerKnown(string) bool                           { return false }
func (noLocal) IssuerKeys(string) []keys.PublicKey                { return nil }
func (noLocal) KeyByKID(string) (keys.PublicKey, string, bool)    { return keys.PublicKey{}, "", false }
func (noLocal) Credential(context.Context, string) ([]byte, bool) { return nil, false }
func (noLocal) CredentialStatus(context.Context, string, string) (CredentialStatus, bool) {
	return CredentialStatus{}, false
}
func (noLocal) IssuerNamed(string) bool { return false }
