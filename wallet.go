package accolade

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// This file holds the wallet exchange: a VC-API exchange (W3C CCG VC API,
// "workflows and exchanges") through which a member's wallet collects a copy
// of one of their credentials bound to a DID the wallet proves it controls.
// The Learner Credential Wallet (LCW) of the Digital Credentials Consortium
// speaks it; see docs/wallets.md.

// WorkflowClaim is the one workflow the service runs: "collect an awarded
// credential into a wallet". Its exchanges ask the wallet for a DIDAuth
// presentation and answer with the credential bound to the holder's DID.
const WorkflowClaim = "claim"

// WalletExchangeTTL is how long a wallet exchange can be used after it was
// created: long enough to open a wallet and scan a code, short enough that
// a link left on a screen or in a history is soon worthless.
const WalletExchangeTTL = 15 * time.Minute

// Route patterns of the VC-API endpoints, relative to the base URL.
const (
	RouteWorkflowExchanges  = "/workflows/{workflow}/exchanges"
	RouteWalletExchange     = "/workflows/" + WorkflowClaim + "/exchanges/{exchange}"
	RouteWalletInteraction  = RouteWalletExchange + "/interact"
	pathClaimExchanges      = "/workflows/" + WorkflowClaim + "/exchanges/"
	pathInteraction         = "/interact"
	walletInteractionMarker = "iuv=1"
)

// ExchangeState is where a wallet exchange stands.
type ExchangeState string

// States of a wallet exchange.
const (
	ExchangePending   ExchangeState = "pending"   // waiting for the wallet's DIDAuth
	ExchangeCollected ExchangeState = "collected" // the credential was issued to the wallet
)

// Wallet exchange errors.
var (
	// ErrExchangeExpired is an exchange past its time (errs.Gone): the
	// member starts a new one from the credential's page.
	ErrExchangeExpired = errs.E(errs.Gone, "this wallet exchange has expired (exchanges last 15 minutes): start a new one from the credential's page")
	// ErrExchangeCollected is a collected exchange that another holder
	// (another DID) tries to collect again (errs.Conflict).
	ErrExchangeCollected = errs.E(errs.Conflict, "this wallet exchange was already used by another wallet: it delivers its credential once")
)

// WalletExchange is one exchange of the claim workflow, for one credential
// of one member. Its id is the secret in its URL: whoever holds the URL
// while it lasts can collect the credential into a wallet of theirs, so it
// is random (128 bits), short-lived and shown only to the member (or to a
// coordinator's token with the scope to issue).
type WalletExchange struct {
	ID         string // 32 lowercase hex digits
	Credential string // the credential the wallet collects a copy of
	Member     string // who holds it
	Challenge  string // the DIDAuth challenge; only a presentation signed with it is accepted
	Created    time.Time
	Expires    time.Time
	State      ExchangeState
	// Holder and Issued are set once collected: the DID the wallet proved
	// control of, and the credential issued to it.
	Holder    string
	Issued    string
	Collected time.Time
}

// Expired reports whether the exchange can no longer be used at now.
func (e *WalletExchange) Expired(now time.Time) bool { return !now.Before(e.Expires) }

// Validate checks what the store relies on (errs.Invalid).
func (e *WalletExchange) Validate() error {
	switch {
	case !isHex(e.ID, 32):
		return errs.Field("id", "must be 32 lowercase hex digits")
	case e.Credential == "" || e.Member == "":
		return errs.E(errs.Invalid, "a wallet exchange needs a credential and its member")
	case len(e.Challenge) < 16:
		return errs.Field("challenge", "must be at least 16 characters")
	case !e.Expires.After(e.Created):
		return errs.Field("expires", "must be after created")
	case e.State != ExchangePending && e.State != ExchangeCollected:
		return errs.Field("state", "is %q; want %q or %q", e.State, ExchangePending, ExchangeCollected)
	case e.State == ExchangeCollected && (e.Holder == "" || e.Issued == ""):
		return errs.E(errs.Invalid, "a collected wallet exchange names its holder and the credential issued")
	}
	return nil
}

// ValidExchangeID reports whether id has the shape of a wallet exchange id.
func ValidExchangeID(id string) bool { return isHex(id, 32) }

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// WalletExchange returns the URL of a claim exchange: where a wallet POSTs
// {} for the presentation request, and then its presentation.
func (u URLs) WalletExchange(id string) string { return u.Base + pathClaimExchanges + id }

// WalletInteraction returns the exchange's interaction URL (VCALM, "?iuv=1"):
// a wallet that scans it GETs it for the protocols it may use; a browser
// gets a page.
func (u URLs) WalletInteraction(id string) string {
	return u.WalletExchange(id) + pathInteraction + "?" + walletInteractionMarker
}

// Origin returns the scheme and host of the base URL.
func (u URLs) Origin() string {
	p, err := url.Parse(u.Base)
	if err != nil {
		return u.Base
	}
	return p.Scheme + "://" + p.Host
}

// WalletLinks are the ways to open a wallet exchange in the Learner
// Credential Wallet.
type WalletLinks struct {
	// Exchange is the exchange URL (VC-API).
	Exchange string `json:"exchange"`
	// Request is LCW's wallet API link,
	// https://lcw.app/request?request=<JSON>, that runs the VC-API exchange.
	Request string `json:"lcwRequest"`
	// Legacy is LCW's older credential request link,
	// https://lcw.app/request.html?...&vc_request_url=<exchange>, for which
	// the wallet POSTs its DIDAuth presentation straight to the exchange.
	Legacy string `json:"lcwLegacy"`
	// Interaction is the interaction URL, for a QR code a phone scans.
	Interaction string `json:"interaction"`
}

// WalletLinksOf returns the links of exchange e.
func (u URLs) WalletLinksOf(e *WalletExchange) WalletLinks {
	exchange := u.WalletExchange(e.ID)
	req, _ := json.Marshal(struct {
		Origin    string            `json:"credentialRequestOrigin"`
		Protocols map[string]string `json:"protocols"`
	}{u.Origin(), map[string]string{"vcapi": exchange}})
	host := strings.TrimPrefix(strings.TrimPrefix(u.Origin(), "https://"), "http://")
	legacy := url.Values{}
	legacy.Set("issuer", host)
	legacy.Set("auth_type", "bearer")
	legacy.Set("challenge", e.Challenge)
	legacy.Set("vc_request_url", exchange)
	return WalletLinks{
		Exchange:    exchange,
		Request:     "https://lcw.app/request?request=" + url.QueryEscape(string(req)),
		Legacy:      "https://lcw.app/request.html?" + legacy.Encode(),
		Interaction: u.WalletInteraction(e.ID),
	}
}
