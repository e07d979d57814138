package api

import "time"

// Issuer is an issuer profile as the admin API shows it:
// GET /api/v1/issuers/{slug} and the answer to PUT.
type Issuer struct {
	Slug                   string    `json:"slug"`
	Name                   string    `json:"name"`
	URL                    string    `json:"url,omitempty"`
	Description            string    `json:"description,omitempty"`
	Email                  string    `json:"email,omitempty"`
	Logo                   string    `json:"logo,omitempty"`
	LinkedInOrganizationID string    `json:"linkedInOrganizationId,omitempty"`
	PaperSize              string    `json:"paperSize,omitempty"`
	Lang                   string    `json:"lang,omitempty"`
	Coordinators           []string  `json:"coordinators,omitempty"`
	Alg                    string    `json:"alg"`
	IDMode                 string    `json:"idMode,omitempty"`
	ID                     string    `json:"id"`      // the issuer's id in credentials
	Profile                string    `json:"profile"` // its public page
	Created                time.Time `json:"created"`
}

// IssuerUpdate is the body of PUT /api/v1/issuers/{slug}: the fields a
// person edits. It replaces them all (a field left out is cleared); the
// slug, algorithm, id mode, logo and creation time are kept.
type IssuerUpdate struct {
	Name                   string `json:"name"`
	URL                    string `json:"url,omitempty"`
	Description            string `json:"description,omitempty"`
	Email                  string `json:"email,omitempty"`
	LinkedInOrganizationID string `json:"linkedInOrganizationId,omitempty"`
	PaperSize              string `json:"paperSize,omitempty"`
	Lang                   string `json:"lang,omitempty"`
	// Coordinators are member ids (each must exist).
	Coordinators []string `json:"coordinators,omitempty"`
}

// IssuerCreate is the body of POST /api/v1/issuers: a new issuer (a
// community) with its own keys, did:web, profile and status lists. Slug and
// name are required; alg defaults to RS256 and idMode to did:web on an
// https base URL, the profile URL otherwise.
type IssuerCreate struct {
	Slug                   string `json:"slug"`
	Name                   string `json:"name"`
	URL                    string `json:"url,omitempty"`
	Description            string `json:"description,omitempty"`
	Email                  string `json:"email,omitempty"`
	Logo                   string `json:"logo,omitempty"` // an http(s) URL
	LinkedInOrganizationID string `json:"linkedInOrganizationId,omitempty"`
	PaperSize              string `json:"paperSize,omitempty"`
	Lang                   string `json:"lang,omitempty"`
	Alg                    string `json:"alg,omitempty"`    // RS256 (default), EdDSA or ES256
	IDMode                 string `json:"idMode,omitempty"` // "", "did:web", "did:key" or "url"
}

// IssuerList is the answer to GET /api/v1/issuers, in slug order.
type IssuerList struct {
	Issuers []Issuer `json:"issuers"`
}
