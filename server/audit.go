package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
)

// auditStore is what the audit log needs from storage.
type auditStore interface {
	AppendAudit(e accolade.AuditEntry) (string, error)
	AuditLog(f accolade.AuditFilter) ([]*accolade.AuditEntry, error)
}

// audit appends e to the audit log. The request was answered already: a
// failure is logged, not answered.
func (s *Server) audit(e accolade.AuditEntry) {
	if _, err := s.store.AppendAudit(e); err != nil {
		s.log.Error("writing the audit log", "action", e.Action, "err", err)
	}
}

// getAudit answers GET /api/v1/audit?issuer=&after=&limit=: the log's
// entries of the request's issuer, oldest first (all of them for an owner
// without ?issuer=), as JSON or, with Accept: application/x-ndjson, as
// JSON lines.
func (s *Server) getAudit(w http.ResponseWriter, r *http.Request) error {
	limit, after, err := listQuery(r.URL.Query(), "issuer")
	if err != nil {
		return err
	}
	f := accolade.AuditFilter{After: after, Limit: limit + 1}
	p := principalOf(r)
	if iss := r.URL.Query().Get("issuer"); iss != "" {
		f.Issuers = []string{iss}
	} else if !p.owner() {
		f.Issuers = []string{p.issuer()}
	}
	list, err := s.store.AuditLog(f)
	if err != nil {
		return err
	}
	out := api.AuditLog{Entries: []api.AuditEntry{}}
	if len(list) > limit {
		list = list[:limit]
		out.Next = list[limit-1].ID
	}
	for _, e := range list {
		out.Entries = append(out.Entries, auditView(e))
	}
	if !wantsLines(r) {
		s.writeJSON(w, r, http.StatusOK, "application/json", out)
		return nil
	}
	return writeAuditLines(w, out.Entries)
}

// auditView is an audit entry as the API and the console's download show it.
func auditView(e *accolade.AuditEntry) api.AuditEntry {
	return api.AuditEntry{ID: e.ID, Time: e.Time, Actor: e.Actor, Issuer: e.Issuer,
		Action: e.Action, Target: e.Target, Reason: e.Reason, Outcome: e.Outcome, Refusal: e.Refusal}
}

// writeAuditLines answers with entries as JSON lines.
func writeAuditLines(w http.ResponseWriter, entries []api.AuditEntry) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, e := range entries {
		if err := enc.Encode(e); err != nil {
			return errs.Wrap(errs.Internal, err, "encoding the audit log")
		}
	}
	writeBytes(w, http.StatusOK, "application/x-ndjson", buf.Bytes())
	return nil
}

// wantsLines reports whether r asks for JSON lines.
func wantsLines(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		switch strings.TrimSpace(strings.Split(part, ";")[0]) {
		case "application/x-ndjson", "application/jsonl", "application/ndjson":
			return true
		}
	}
	return false
}
