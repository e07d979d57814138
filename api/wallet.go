package api

import "time"

// CreateExchange is the JSON body of POST /workflows/claim/exchanges, as
// the VC API's workflows name it: the exchange's template variables.
type CreateExchange struct {
	Variables ExchangeVariables `json:"variables"`
}

// ExchangeVariables are the variables of a claim exchange: the credential
// a wallet collects a copy of (its UUID, or "urn:uuid:<UUID>").
type ExchangeVariables struct {
	CredentialID string `json:"credentialId"`
}

// Exchange is a wallet exchange as the admin API shows it: the answer to
// POST /workflows/claim/exchanges (201, Location: the exchange URL) and to
// GET on the exchange URL with a token. Its URLs are a capability: whoever
// holds them can collect the credential into their own wallet until it
// expires, so hand them only to the credential's holder.
type Exchange struct {
	ID           string    `json:"id"`
	State        string    `json:"state"` // pending, complete (the VC API's words)
	Expires      time.Time `json:"expires"`
	CredentialID string    `json:"credentialId"`
	// Exchange is the URL wallets POST to (VC API); Interaction the
	// interaction URL for a QR code (GET with Accept: application/json
	// answers {"protocols": {"vcapi": Exchange}}).
	Exchange    string `json:"exchange"`
	Interaction string `json:"interaction"`
	// LCWRequest and LCWLegacy open the exchange in the Learner Credential
	// Wallet: its wallet API link (the VC API exchange) and its older
	// credential request link (a DIDAuth presentation POSTed to Exchange).
	LCWRequest string `json:"lcwRequest"`
	LCWLegacy  string `json:"lcwLegacy"`
	// Issued is the credential issued to the wallet, once collected, and
	// Holder the DID it was bound to.
	Issued string `json:"issued,omitempty"`
	Holder string `json:"holder,omitempty"`
}
