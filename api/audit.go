package api

import "time"

// AuditEntry is one entry of the audit log, as GET /api/v1/audit shows it.
type AuditEntry struct {
	ID      string    `json:"id"`
	Time    time.Time `json:"time"`
	Actor   string    `json:"actor"`
	Issuer  string    `json:"issuer,omitempty"`
	Action  string    `json:"action"`
	Target  string    `json:"target,omitempty"`
	Reason  string    `json:"reason,omitempty"` // a revocation's private reason
	Outcome int       `json:"outcome"`
	Refusal string    `json:"refusal,omitempty"`
}

// AuditLog is the JSON answer to GET /api/v1/audit. Next, when set, is the
// after= value of the next page.
type AuditLog struct {
	Entries []AuditEntry `json:"entries"`
	Next    string       `json:"next,omitempty"`
}
