package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/verifier"
)

// endorse posts an endorsement as token and returns the answer.
func (ts *testServer) endorse(t *testing.T, token, body string) (int, endorsementView, string) {
	t.Helper()
	w := ts.serve(t, "POST", "/api/v1/endorsements", "application/json", token, body)
	var v endorsementView
	if w.Code == http.StatusCreated {
		mustOK(t, json.Unmarshal(w.Body.Bytes(), &v))
	}
	return w.Code, v, w.Body.String()
}

func TestEndorsementAPI(t *testing.T) {
	const base = "https://badges.example.org"
	ts := newTestServer(t, base)
	ach := base + "/achievements/circle-host"
	code, v, body := ts.endorse(t, testToken, `{"endorser": "other", "subject": "`+ach+`", "comment": "Well run <circles>"}`)
	if code != http.StatusCreated || v.Subject != ach || v.EndorserName != "Other" || v.JWT == "" || len(v.Credential) == 0 {
		t.Fatalf("POST /api/v1/endorsements = %d %s", code, body)
	}
	otherToken, _ := ts.addToken(t, "other", "other", false, accolade.ScopeCredentialsIssue, accolade.ScopeRead)
	defaultToken, _ := ts.addToken(t, "default", "default", false, accolade.ScopeCredentialsIssue)
	readToken, _ := ts.addToken(t, "reader", "", false, accolade.ScopeRead)
	for _, tt := range []struct {
		name, token, body string
		want              int
	}{
		{"community token", otherToken, `{"endorser": "other", "subject": "https://elsewhere.example/issuers/1"}`, http.StatusCreated},
		{"unknown endorser", testToken, `{"endorser": "nobody", "subject": "` + ach + `"}`, http.StatusBadRequest},
		{"no endorser", testToken, `{"subject": "` + ach + `"}`, http.StatusBadRequest},
		{"unknown subject here", testToken, `{"endorser": "other", "subject": "` + base + `/achievements/nope"}`, http.StatusBadRequest},
		{"bad JSON", testToken, `{"endorser": `, http.StatusBadRequest},
		{"no token", "", `{"endorser": "other", "subject": "` + ach + `"}`, http.StatusUnauthorized},
		{"wrong token", "not-a-token", `{"endorser": "other", "subject": "` + ach + `"}`, http.StatusUnauthorized},
		{"another community's token", defaultToken, `{"endorser": "other", "subject": "` + ach + `"}`, http.StatusForbidden},
		{"token without the scope", readToken, `{"endorser": "other", "subject": "` + ach + `"}`, http.StatusForbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, body := ts.endorse(t, tt.token, tt.body); code != tt.want {
				t.Errorf("POST /api/v1/endorsements %s = %d %s, want %d", tt.body, code, body, tt.want)
			}
		})
	}
	w := ts.serve(t, "GET", "/api/v1/endorsements?subject="+ach, "", testToken, "")
	var list []endorsementView
	mustOK(t, json.Unmarshal(w.Body.Bytes(), &list))
	if w.Code != http.StatusOK || len(list) != 1 || list[0].ID != v.ID {
		t.Errorf("GET /api/v1/endorsements = %d %s, want the one endorsement", w.Code, w.Body)
	}
	if w := ts.serve(t, "GET", "/api/v1/endorsements", "", testToken, ""); w.Code != http.StatusBadRequest {
		t.Errorf("GET /api/v1/endorsements without subject = %d, want 400", w.Code)
	}
	// By community: what it gave, and what is kept about it.
	otherRead, _ := ts.addToken(t, "other reader", "other", false, accolade.ScopeRead)
	for _, tt := range []struct {
		query, token string
		want, n      int
	}{
		{"issuer=other", otherRead, http.StatusOK, 2},   // it gave both
		{"issuer=default", testToken, http.StatusOK, 1}, // its circle-host, endorsed by other
		{"issuer=default", otherRead, http.StatusForbidden, 0},
		{"issuer=default&subject=" + ach, testToken, http.StatusBadRequest, 0},
		{"issuer=nobody", testToken, http.StatusNotFound, 0},
	} {
		w := ts.serve(t, "GET", "/api/v1/endorsements?"+tt.query, "", tt.token, "")
		var got []endorsementView
		_ = json.Unmarshal(w.Body.Bytes(), &got)
		if w.Code != tt.want || len(got) != tt.n {
			t.Errorf("GET /api/v1/endorsements?%s = %d with %d, want %d with %d: %s", tt.query, w.Code, len(got), tt.want, tt.n, w.Body)
		}
	}
}

func TestAttachEndorsement(t *testing.T) {
	const base = "https://badges.example.org"
	ts := newTestServer(t, base)
	ach := base + "/achievements/circle-host"
	// Signed but not kept, as if received from another install.
	sign := func(subject, comment string) *issuer.SignedEndorsement {
		se, err := ts.s.vcIssuer.(Endorser).Endorse(context.Background(), issuer.EndorseRequest{Endorser: "other", Subject: subject, Comment: comment})
		mustOK(t, err)
		return se
	}
	e, e2, far := sign(ach, "Fine work"), sign(ach, "Good"), sign("https://elsewhere.example/a", "x")
	jwtBody, _ := json.Marshal(map[string]string{"jwt": e2.JWT})
	for _, tt := range []struct {
		name, body string
		want       int
		msg        string
	}{
		{"json", string(e.JSON), http.StatusCreated, ""},
		{"again", string(e.JSON), http.StatusConflict, "already kept"},
		{"jwt", string(jwtBody), http.StatusCreated, ""},
		{"tampered json", strings.Replace(string(e.JSON), "Fine work", "Finest work", 1), http.StatusBadRequest, "proof"},
		{"tampered jwt", `{"jwt": "` + e.JWT[:len(e.JWT)-4] + `AAAA"}`, http.StatusBadRequest, "signature"},
		{"not ours to attach", string(far.JSON), http.StatusBadRequest, "credentialSubject.id"},
		{"bad JSON", `{"@context": `, http.StatusBadRequest, "JSON"},
		{"not a jwt", `{"jwt": "abc"}`, http.StatusBadRequest, "compact"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := ts.serve(t, "POST", "/api/v1/endorsements/attach", "application/json", testToken, tt.body)
			if w.Code != tt.want || !strings.Contains(w.Body.String(), tt.msg) {
				t.Errorf("attach = %d %s, want %d naming %q", w.Code, w.Body, tt.want, tt.msg)
			}
		})
	}
	if w := ts.serve(t, "POST", "/api/v1/endorsements/attach", "application/json", "", string(e.JSON)); w.Code != http.StatusUnauthorized {
		t.Errorf("attach without a token = %d, want 401", w.Code)
	}
	list, err := ts.db.Endorsements(ach)
	if err != nil || len(list) != 2 || !list[0].Attached || list[0].EndorserName != "Other" {
		t.Errorf("kept endorsements = %+v, %v; want the two attached", list, err)
	}
}

// TestEndorsementInCredential: community "other" endorses the achievement
// of community "default"; a new credential of it carries the endorsement,
// and the verifier reports the endorsement's own check. A tampered
// endorsement is a warning, and the credential stays valid.
func TestEndorsementInCredential(t *testing.T) {
	const base = "https://badges.example.org"
	ts := newTestServer(t, base)
	ach := base + "/achievements/circle-host"
	if code, _, body := ts.endorse(t, testToken, `{"endorser": "other", "subject": "`+ach+`", "comment": "Well run"}`); code != http.StatusCreated {
		t.Fatalf("endorse = %d %s", code, body)
	}
	rec := ts.issue(t, "sam")
	if !strings.Contains(string(rec.JSON), `"endorsementComment":"Well run"`) {
		t.Fatalf("credential has no endorsement: %s", rec.JSON)
	}
	for _, in := range []struct{ name, data string }{{"json", string(rec.JSON)}, {"jwt", rec.JWT}} {
		v := ts.s.Verify(context.Background(), []byte(in.data), "")
		c, ok := v.Check(verifier.CheckEndorsement)
		if !v.Verified || !ok || c.Status != verifier.Pass || !strings.Contains(c.Message, "endorsed by Other: Well run") {
			t.Errorf("Verify(%s) = %v, endorsement check %+v; want valid, endorsement passed", in.name, v.Verified, c)
		}
	}
	// A tampered endorsement kept (as a broken store might): the next
	// credential is signed over it, so only the endorsement is bad.
	list, err := ts.db.Endorsements(ach)
	mustOK(t, err)
	bad := *list[0]
	bad.ID = "urn:uuid:tampered"
	bad.JSON = []byte(strings.Replace(string(bad.JSON), "Well run", "Badly run", 1))
	mustOK(t, ts.db.PutEndorsement(&bad))
	mustOK(t, ts.db.PutEndorsement(&accolade.Endorsement{ID: "urn:uuid:x", Subject: ach})) // neither JSON nor JWT: not shown
	rec = ts.issue(t, "lee")
	v := ts.s.Verify(context.Background(), rec.JSON, "")
	var statuses []verifier.Status
	for _, c := range v.Checks {
		if c.Check == verifier.CheckEndorsement {
			statuses = append(statuses, c.Status)
		}
	}
	if !v.Verified || len(statuses) != 2 || statuses[0] != verifier.Pass || statuses[1] != verifier.Warn {
		t.Errorf("Verify(with a tampered endorsement) = %v, endorsement checks %v; want valid, pass then warn: %+v", v.Verified, statuses, v.Checks)
	}
}

// TestEndorsedDocuments: the issuer profile and achievement documents the
// server serves carry their endorsements.
func TestEndorsedDocuments(t *testing.T) {
	const base = "https://badges.example.org"
	ts := newTestServer(t, base)
	for _, tt := range []struct{ subject, path string }{
		{"did:web:badges.example.org:issuers:default", "/issuers/default"},
		{base + "/achievements/circle-host", "/achievements/circle-host"},
	} {
		if code, _, body := ts.endorse(t, testToken, `{"endorser": "other", "subject": "`+tt.subject+`", "comment": "Trusted"}`); code != http.StatusCreated {
			t.Fatalf("endorse %s = %d %s", tt.subject, code, body)
		}
		w := ts.get(t, tt.path, "Accept", "application/ld+json")
		var doc struct {
			Endorsement []struct {
				CredentialSubject struct{ ID string } `json:"credentialSubject"`
			} `json:"endorsement"`
		}
		mustOK(t, json.Unmarshal(w.Body.Bytes(), &doc))
		if len(doc.Endorsement) != 1 || doc.Endorsement[0].CredentialSubject.ID != tt.subject {
			t.Errorf("GET %s = %s, want one endorsement of %s", tt.path, w.Body, tt.subject)
		}
	}
}

// TestEndorsementOnPages: the public pages say who endorsed, in words,
// escaped.
func TestEndorsementOnPages(t *testing.T) {
	const base = "https://badges.example.org"
	ts := newTestServer(t, base)
	for _, tt := range []struct{ subject, path string }{
		{"did:web:badges.example.org:issuers:default", "/issuers/default"},
		{base + "/achievements/circle-host", "/achievements/circle-host"},
	} {
		if code, _, body := ts.endorse(t, testToken, `{"endorser": "other", "subject": "`+tt.subject+`", "comment": "Great <script>x</script>"}`); code != http.StatusCreated {
			t.Fatalf("endorse %s = %d %s", tt.subject, code, body)
		}
		w := ts.get(t, tt.path, "Accept", "text/html")
		page := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(page, "Endorsed by \u2068Other\u2069: \u2068Great &lt;script&gt;x&lt;/script&gt;\u2069") || strings.Contains(page, "<script>x") {
			t.Errorf("GET %s (HTML) = %d, without the escaped endorsement:\n%s", tt.path, w.Code, page)
		}
	}
}

// TestDeleteEndorsementAPI: DELETE /api/v1/endorsements/{id} acts for the
// community of the endorsed subject, as attaching does, or for the
// endorser when the subject is elsewhere; the endorsement leaves the
// subject's document.
func TestDeleteEndorsementAPI(t *testing.T) {
	const base = "https://badges.example.org"
	ts := newTestServer(t, base)
	ach := base + "/achievements/circle-host"
	_, here, _ := ts.endorse(t, testToken, `{"endorser": "other", "subject": "`+ach+`", "comment": "Well run"}`)
	_, far, _ := ts.endorse(t, testToken, `{"endorser": "other", "subject": "https://elsewhere.example/a"}`)
	otherToken, _ := ts.addToken(t, "other", "other", false, accolade.ScopeCredentialsIssue)
	defaultToken, _ := ts.addToken(t, "default", "default", false, accolade.ScopeCredentialsIssue)
	readToken, _ := ts.addToken(t, "reader", "default", false, accolade.ScopeRead)
	path := func(id string) string { return "/api/v1/endorsements/" + url.PathEscape(id) }
	for _, tt := range []struct {
		name, token, id string
		want            int
	}{
		{"the endorser, for a subject of another community", otherToken, here.ID, http.StatusForbidden},
		{"without the scope", readToken, here.ID, http.StatusForbidden},
		{"the subject's community, for one given elsewhere", defaultToken, far.ID, http.StatusForbidden},
		{"unknown", defaultToken, "urn:uuid:nope", http.StatusNotFound},
		{"the subject's community", defaultToken, here.ID, http.StatusNoContent},
		{"again", defaultToken, here.ID, http.StatusNotFound},
		{"the endorser, for a subject elsewhere", otherToken, far.ID, http.StatusNoContent},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if w := ts.serve(t, "DELETE", path(tt.id), "", tt.token, ""); w.Code != tt.want {
				t.Errorf("DELETE %s = %d %s, want %d", tt.id, w.Code, w.Body, tt.want)
			}
		})
	}
	if got, _ := ts.db.Endorsements(ach); len(got) != 0 {
		t.Errorf("after DELETE, %d endorsements of %s are kept", len(got), ach)
	}
	w := ts.get(t, "/achievements/circle-host", "Accept", "application/ld+json")
	if strings.Contains(w.Body.String(), "Well run") {
		t.Errorf("the achievement document still carries the deleted endorsement: %s", w.Body)
	}
}

// TestIssuerEndorsementInCredential: community "other" endorses the
// default community's profile; a credential issued then carries it under
// issuer.endorsement, and the verifier reports it as its own endorsement
// check, in JSON and as a JWT. Once withdrawn, new credentials do not
// carry it and the earlier one, signed with it, still verifies.
func TestIssuerEndorsementInCredential(t *testing.T) {
	const base = "https://badges.example.org"
	ts := newTestServer(t, base)
	const profile = "did:web:badges.example.org:issuers:default"
	code, e, body := ts.endorse(t, testToken, `{"endorser": "other", "subject": "`+profile+`", "comment": "Trusted neighbours"}`)
	if code != http.StatusCreated {
		t.Fatalf("endorse = %d %s", code, body)
	}
	rec := ts.issue(t, "sam")
	var c struct {
		Issuer struct {
			ID          string `json:"id"`
			Endorsement []struct {
				ID                string `json:"id"`
				CredentialSubject struct {
					ID string `json:"id"`
				} `json:"credentialSubject"`
			} `json:"endorsement"`
		} `json:"issuer"`
	}
	mustOK(t, json.Unmarshal(rec.JSON, &c))
	if c.Issuer.ID != profile || len(c.Issuer.Endorsement) != 1 || c.Issuer.Endorsement[0].ID != e.ID || c.Issuer.Endorsement[0].CredentialSubject.ID != profile {
		t.Fatalf("the credential's issuer = %+v, want the endorsement %s", c.Issuer, e.ID)
	}
	for _, in := range []struct{ name, data string }{{"json", string(rec.JSON)}, {"jwt", rec.JWT}} {
		v := ts.s.Verify(context.Background(), []byte(in.data), "")
		ch, ok := v.Check(verifier.CheckEndorsement)
		if !v.Verified || !ok || ch.Status != verifier.Pass || !strings.Contains(ch.Message, "endorsed by Other: Trusted neighbours") {
			t.Errorf("Verify(%s) = %v, endorsement check %+v; want valid, the issuer's endorsement passed", in.name, v.Verified, ch)
		}
	}
	if w := ts.serve(t, "DELETE", "/api/v1/endorsements/"+e.ID, "", testToken, ""); w.Code != http.StatusNoContent {
		t.Fatalf("DELETE = %d %s", w.Code, w.Body)
	}
	if later := ts.issue(t, "lee"); strings.Contains(string(later.JSON), "Trusted neighbours") {
		t.Errorf("a credential issued after the withdrawal carries the endorsement: %s", later.JSON)
	}
	if v := ts.s.Verify(context.Background(), rec.JSON, ""); !v.Verified {
		t.Errorf("the credential issued with the endorsement no longer verifies: %+v", v.Checks)
	}
}

// TestCLREndorsedIssuer: a community's kept profile endorsement is in the
// issuer of a member's CLR record and of its hours statement; the
// verifier passes the record, its endorsement check and every embedded
// credential.
func TestCLREndorsedIssuer(t *testing.T) {
	const base = "https://badges.example.org"
	ts := newTestServer(t, base)
	const profile = "did:web:badges.example.org:issuers:default"
	if code, _, body := ts.endorse(t, testToken, `{"endorser": "other", "subject": "`+profile+`", "comment": "Trusted neighbours"}`); code != http.StatusCreated {
		t.Fatalf("endorse = %d %s", code, body)
	}
	ts.issue(t, "sam")
	w := ts.serve(t, "GET", "/api/v1/members/sam/clr?format=json", "", testToken, "")
	var doc struct {
		Issuer struct {
			Endorsement []json.RawMessage `json:"endorsement"`
		} `json:"issuer"`
		Subject struct {
			Credentials []json.RawMessage `json:"verifiableCredential"`
		} `json:"credentialSubject"`
	}
	mustOK(t, json.Unmarshal(w.Body.Bytes(), &doc))
	if w.Code != http.StatusOK || len(doc.Issuer.Endorsement) != 1 || len(doc.Subject.Credentials) != 2 {
		t.Fatalf("CLR = %d, %d issuer endorsements, %d credentials; want 1 and 2:\n%s", w.Code, len(doc.Issuer.Endorsement), len(doc.Subject.Credentials), w.Body)
	}
	for i, c := range doc.Subject.Credentials {
		if !strings.Contains(string(c), "Trusted neighbours") {
			t.Errorf("embedded credential %d carries no issuer endorsement", i+1)
		}
	}
	w = ts.serve(t, "GET", "/api/v1/members/sam/clr", "", testToken, "")
	v := ts.s.Verify(context.Background(), w.Body.Bytes(), "application/jwt")
	c, ok := v.Check(verifier.CheckEndorsement)
	if !v.Verified || !ok || c.Status != verifier.Pass || len(v.Embedded) != 2 {
		t.Fatalf("the record: %v, endorsement check %+v (%v), %d embedded; want valid, passed, 2", v.Verified, c, ok, len(v.Embedded))
	}
	for _, e := range v.Embedded {
		if !e.Verdict.Verified {
			t.Errorf("embedded %d: %s", e.Index, e.Verdict.Summary)
		}
	}
}
