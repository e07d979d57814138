package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/verifier"
)

// TestAttachEndorsementFromAnotherInstall: install B endorses install A's
// achievement; A keeps it through the API. A has none of B's keys, so
// its verifier fetches B's documents over the network, both when A
// attaches the endorsement and when anyone verifies a credential of A
// that carries it. With B gone, an endorsement of B cannot be checked: A
// refuses to attach it and keeps nothing, and a credential that carries
// B's endorsement stays valid with the endorsement a warning.
func TestAttachEndorsementFromAnotherInstall(t *testing.T) {
	a, b := newInstall(t, "Riverside Skill Exchange"), newInstall(t, "City Museum")
	ach := a.base + "/achievements/circle-host"
	code, e, body := b.endorse(t, testToken, `{"endorser": "default", "subject": "`+ach+`", "comment": "Hosts we send our volunteers to"}`)
	if code != http.StatusCreated {
		t.Fatalf("B endorses A's achievement = %d %s", code, body)
	}
	before := b.requests.Load()
	w := a.serve(t, "POST", "/api/v1/endorsements/attach", "application/json", testToken, string(e.Credential))
	if w.Code != http.StatusCreated {
		t.Fatalf("A attaches B's endorsement = %d %s", w.Code, w.Body)
	}
	if b.requests.Load() == before {
		t.Fatal("A attached B's endorsement without fetching anything from B")
	}
	rec := a.issue(t, "sam")
	if !strings.Contains(string(rec.JSON), "Hosts we send our volunteers to") {
		t.Fatalf("A's new credential carries no endorsement: %s", rec.JSON)
	}
	v := a.s.Verify(context.Background(), rec.JSON, "")
	c, ok := v.Check(verifier.CheckEndorsement)
	if !v.Verified || !ok || c.Status != verifier.Pass || !strings.Contains(c.Message, "City Museum: Hosts we send") {
		t.Fatalf("A verifies its credential: %v, endorsement check %+v; want valid with B's endorsement passed", v.Verified, c)
	}

	// A second endorsement, signed by B before B went away.
	code, e2, body := b.endorse(t, testToken, `{"endorser": "default", "subject": "`+ach+`", "comment": "Still good"}`)
	if code != http.StatusCreated {
		t.Fatalf("B's second endorsement = %d %s", code, body)
	}
	b.srv.Close()
	fetchFromLoopback(t, a.s, a.base) // nothing cached
	kept, err := a.db.Endorsements(ach)
	mustOK(t, err)
	w = a.serve(t, "POST", "/api/v1/endorsements/attach", "application/json", testToken, string(e2.Credential))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "could not be fetched") {
		t.Errorf("attaching while B is unreachable = %d %s; want 400 saying B's key could not be fetched", w.Code, w.Body)
	}
	if after, err := a.db.Endorsements(ach); err != nil || len(after) != len(kept) {
		t.Errorf("A kept %d endorsements after a refused attach, had %d (%v)", len(after), len(kept), err)
	}
	v = a.s.Verify(context.Background(), rec.JSON, "")
	c, _ = v.Check(verifier.CheckEndorsement)
	if !v.Verified || c.Status != verifier.Warn {
		t.Errorf("A's credential with B unreachable: %v, endorsement check %+v; want valid with the endorsement a warning", v.Verified, c)
	}
}
