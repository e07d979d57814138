package store

import (
	"crypto/rand"
	"encoding/json"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// TestTokenRecordBytes pins the stored shape of tokens and audit entries.
func TestTokenRecordBytes(t *testing.T) {
	for _, c := range []struct {
		name string
		rec  record
		want string
	}{
		{"token", &tokenRecord{V: tokenVersion, ID: "ab12", Name: "bot", Issuer: "default", Scopes: []string{"read"}, Created: g0, CreatedBy: "bootstrap", LastUsed: g1},
			`{"v":1,"id":"ab12","name":"bot","issuer":"default","scopes":["read"],"created":"2026-03-04T10:00:00Z","createdBy":"bootstrap","lastUsed":"2026-03-05T10:00:00Z"}`},
		{"owner token revoked", &tokenRecord{V: tokenVersion, ID: "ab12", Name: "bot", Scopes: []string{"read"}, Created: g0, CreatedBy: "cli:ana", Revoked: g1},
			`{"v":1,"id":"ab12","name":"bot","scopes":["read"],"created":"2026-03-04T10:00:00Z","createdBy":"cli:ana","revoked":"2026-03-05T10:00:00Z"}`},
		{"audit", &auditRecord{V: auditVersion, Time: g0, Actor: "bootstrap", Issuer: "default", Action: "POST /api/v1/credentials/{id}/{action}", Target: "id=c1 action=revoke", Reason: "error", Outcome: 200},
			`{"v":1,"time":"2026-03-04T10:00:00Z","actor":"bootstrap","issuer":"default","action":"POST /api/v1/credentials/{id}/{action}","target":"id=c1 action=revoke","reason":"error","outcome":200}`},
	} {
		b, err := json.Marshal(c.rec)
		if err != nil || string(b) != c.want {
			t.Errorf("%s = %s, %v; want %s", c.name, b, err, c.want)
		}
	}
}

func TestTokenStore(t *testing.T) {
	db := openPasskeyDB(t)
	secret, hash, id, err := accolade.NewTokenSecret(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tok := &accolade.Token{ID: id, Hash: hash, Name: "bot", Issuer: "default", Scopes: []accolade.Scope{accolade.ScopeRead}, Created: g0, CreatedBy: "bootstrap"}
	if err := db.PutToken(tok); err != nil {
		t.Fatalf("PutToken: %v", err)
	}
	if err := db.PutToken(tok); errs.KindOf(err) != errs.Conflict {
		t.Errorf("PutToken again: kind %v, want Conflict", errs.KindOf(err))
	}
	if err := db.PutToken(&accolade.Token{ID: "x", Hash: hash, Scopes: tok.Scopes}); errs.FieldOf(err) != "name" {
		t.Errorf("PutToken without name: %v, want a name error", err)
	}
	got, err := db.TokenByHash(accolade.TokenHash(secret))
	if err != nil || got.ID != id || got.Name != "bot" || !got.Has(accolade.ScopeRead) || got.Has(accolade.ScopeKeysAdmin) {
		t.Fatalf("TokenByHash = %+v, %v", got, err)
	}
	if _, err := db.TokenByHash(accolade.TokenHash("acc_other")); errs.KindOf(err) != errs.NotFound {
		t.Errorf("TokenByHash(unknown) kind %v, want NotFound", errs.KindOf(err))
	}
	// Used now: recorded. Used again within the minute: not rewritten.
	mustTouch := func(at time.Time, want time.Time) {
		t.Helper()
		if err := db.TouchToken(hash, at); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Token(id); !got.LastUsed.Equal(want) {
			t.Errorf("after TouchToken(%v): LastUsed %v, want %v", at, got.LastUsed, want)
		}
	}
	mustTouch(g1, g1)
	mustTouch(g1.Add(30*time.Second), g1)
	mustTouch(g1.Add(time.Minute), g1.Add(time.Minute))
	r, err := db.RevokeToken(id, g1)
	if err != nil || !r.Revoked.Equal(g1) {
		t.Fatalf("RevokeToken = %+v, %v", r, err)
	}
	if r, _ := db.RevokeToken(id, g1.Add(time.Hour)); !r.Revoked.Equal(g1) {
		t.Errorf("revoking again moved the time to %v", r.Revoked)
	}
	if _, err := db.RevokeToken("nope", g1); errs.KindOf(err) != errs.NotFound {
		t.Errorf("RevokeToken(unknown) kind %v, want NotFound", errs.KindOf(err))
	}
	list, err := db.Tokens()
	if err != nil || len(list) != 1 || list[0].Revoked.IsZero() {
		t.Errorf("Tokens = %+v, %v: want the revoked token kept", list, err)
	}
}

// TestAuditAppendOnly appends entries, some at the same or an earlier
// time, and reads them back in the order appended, filtered and paged.
func TestAuditAppendOnly(t *testing.T) {
	db := openPasskeyDB(t)
	times := []time.Time{g1, g1, g0, g1.Add(time.Second)} // a clock that goes back must not reorder
	issuers := []string{"default", "other", "default", ""}
	var ids []string
	for i, at := range times {
		id, err := db.AppendAudit(accolade.AuditEntry{Time: at, Actor: "bootstrap", Issuer: issuers[i], Action: "POST /x", Outcome: 200 + i})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) > 0 && id <= ids[len(ids)-1] {
			t.Errorf("entry %d id %s is not after %s", i, id, ids[len(ids)-1])
		}
		ids = append(ids, id)
	}
	all, err := db.AuditLog(accolade.AuditFilter{})
	if err != nil || len(all) != 4 {
		t.Fatalf("AuditLog = %d entries, %v", len(all), err)
	}
	for i, e := range all {
		if e.Outcome != 200+i || e.ID != ids[i] {
			t.Errorf("entry %d = %+v, want outcome %d", i, e, 200+i)
		}
	}
	def, _ := db.AuditLog(accolade.AuditFilter{Issuers: []string{"default"}})
	if len(def) != 2 || def[0].Outcome != 200 || def[1].Outcome != 202 {
		t.Errorf("default's entries = %+v", def)
	}
	page, _ := db.AuditLog(accolade.AuditFilter{After: ids[1], Limit: 1})
	if len(page) != 1 || page[0].ID != ids[2] {
		t.Errorf("after %s limit 1 = %+v, want entry 2", ids[1], page)
	}
	if _, err := db.AuditLog(accolade.AuditFilter{After: "zz"}); errs.FieldOf(err) != "after" {
		t.Errorf("after=zz: %v, want an error of field after", err)
	}
}
