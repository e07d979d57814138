package api

import "time"

// TokenRequest is the JSON body of POST /api/v1/tokens. Issuer is an
// issuer's slug; empty (or "owner" false) asks for an install-wide token,
// which only an install-wide token may create.
type TokenRequest struct {
	Name   string   `json:"name"`
	Issuer string   `json:"issuer,omitempty"`
	Scopes []string `json:"scopes"`
}

// Token is an API token as listed: never its secret.
type Token struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Issuer    string     `json:"issuer,omitempty"` // empty: install-wide
	Scopes    []string   `json:"scopes"`
	Created   time.Time  `json:"created"`
	CreatedBy string     `json:"createdBy"`
	Revoked   *time.Time `json:"revokedAt,omitempty"`
	LastUsed  *time.Time `json:"lastUsed,omitempty"`
}

// TokenCreated is the answer to POST /api/v1/tokens: the only time the
// secret is shown.
type TokenCreated struct {
	Token
	Secret string `json:"secret"`
}

// TokenList is the answer to GET /api/v1/tokens.
type TokenList struct {
	Tokens []Token `json:"tokens"`
}
