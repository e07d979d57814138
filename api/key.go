package api

import "time"

// Key is one of an issuer's signing keys in the admin API. KID is the kid
// of the VC-JWTs the key signs; Retired is set once the key only verifies.
type Key struct {
	ID      string     `json:"id"`
	KID     string     `json:"kid"`
	Alg     string     `json:"alg"`
	Active  bool       `json:"active"`
	Created time.Time  `json:"created"`
	Retired *time.Time `json:"retired,omitempty"`
	Signed  int        `json:"credentialsSigned"`
}

// KeyList is the answer to GET /api/v1/issuers/{slug}/keys and to a
// rotation.
type KeyList struct {
	Keys []Key `json:"keys"`
}

// KeyRemoved is the answer to DELETE /api/v1/issuers/{slug}/keys/{id}.
type KeyRemoved struct {
	Removed string `json:"removed"`
	// NoLongerVerifiable counts the credentials the key signed.
	NoLongerVerifiable int `json:"credentialsNoLongerVerifiable"`
}
