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
