package api

import "time"

// IssueRequest is the JSON body of POST /api/v1/credentials.
type IssueRequest struct {
	Achievement string `json:"achievement"`
	Member      string `json:"member"`
}

// Issued is the answer to POST /api/v1/credentials: the new credential's
// id, the address of its page and its VC-JWT.
type Issued struct {
	ID  string `json:"id"`
	URL string `json:"url"`
	JWT string `json:"jwt"`
}

// Credential is an issued credential as the admin API shows it: in
// GET /api/v1/credentials, in the answer to a status change, and in the
// "issued" lists of imports and activity.
type Credential struct {
	ID           string     `json:"id"`
	URL          string     `json:"url"`
	Achievement  string     `json:"achievement"`
	Member       string     `json:"member"`
	ValidFrom    time.Time  `json:"validFrom"`
	ValidUntil   *time.Time `json:"validUntil"`
	Status       string     `json:"status"`
	StatusReason string     `json:"statusReason,omitempty"`
	// A renewal names the credential it renews and keeps its award date;
	// the renewed credential names its renewal.
	AwardedDate  *time.Time `json:"awardedDate,omitempty"`
	Renews       string     `json:"renews,omitempty"`
	SupersededBy string     `json:"supersededBy,omitempty"`
}

// CredentialList is the answer to GET /api/v1/credentials.
type CredentialList struct {
	Credentials []Credential `json:"credentials"`
}

// StatusChange is the JSON body of POST
// /api/v1/credentials/{id}/{revoke|suspend|unsuspend}. Reason stays
// private: it never appears on the credential's page.
type StatusChange struct {
	Reason string `json:"reason"`
}

// Evaluated is the answer to POST /api/v1/awards/evaluate: the credentials
// the evaluation issued.
type Evaluated struct {
	Issued []Credential `json:"issued"`
}

// OfferRequest is the optional JSON body of POST
// /api/v1/credentials/{id}/offers. TxCode says what becomes of the offer's
// transaction code: "mail" (the default: mailed to the member, not in the
// answer), "answer" (in the answer, for the caller to hand over) or "none"
// (the offer has no transaction code).
type OfferRequest struct {
	TxCode string `json:"tx_code,omitempty"`
}

// Offer is the answer to POST /api/v1/credentials/{id}/offers: an
// OpenID4VCI credential offer by reference. Link is what a wallet opens
// (openid-credential-offer://?credential_offer_uri=…); TxCode is there only
// when it was asked for in the answer, TxCodeMailed when it was mailed.
type Offer struct {
	CredentialOfferURI string    `json:"credential_offer_uri"`
	Link               string    `json:"link"`
	Credential         string    `json:"credential"`
	Expires            time.Time `json:"expires"`
	TxCode             string    `json:"tx_code,omitempty"`
	TxCodeMailed       bool      `json:"tx_code_mailed,omitempty"`
}
