package accolade

import "time"

// AuditEntry is one line of the append-only audit log: a change asked of
// the admin API or made by the command line, allowed or refused. It holds
// no request body: no member's email is ever in it.
type AuditEntry struct {
	ID     string // the entry's key, in hex: increases with time
	Time   time.Time
	Actor  string // "token NAME (ID)", "bootstrap", "cli:USER", or "unknown" for a refused token
	Issuer string // the community the change concerns; "" when it concerns the install
	Action string // the route pattern, such as "POST /api/v1/credentials/{id}/{action}"
	Target string // the path's ids, such as "id=… action=revoke"
	// Reason is the private reason of a revocation or suspension: shown
	// only to those who may read the issuer's log.
	Reason  string
	Outcome int    // the HTTP status of the answer
	Refusal string // why the request was refused, when it was
}

// AuditFilter selects audit entries. Issuers, when not nil, keeps entries
// of those issuers only; After continues after an entry's ID.
type AuditFilter struct {
	Issuers []string
	After   string
	Limit   int
}
