package issuer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ledger"
)

// clrFixture issues layla five credentials (wiki-editor is a prerequisite
// of wiki-trainer) and returns the input of her record.
func clrFixture(t *testing.T) (*fixture, issuer.CLRInput) {
	t.Helper()
	f := newFixture(t, keys.RS256)
	defs := map[string]*criteria.Achievement{}
	for _, y := range []string{
		"id: wiki-editor\nname: Wiki Editor\ndescription: Edits.\ncriteria:\n  narrative: Edited.\n",
		"id: wiki-trainer\nname: Wiki Trainer\ndescription: Trains.\ncriteria:\n  narrative: Trained.\n  rule:\n    all:\n      - holds: wiki-editor\n      - exchanges: {role: teacher, count: 1}\n",
		"id: cook\nname: Cook\ndescription: Cooks.\ncriteria:\n  narrative: Cooked.\n",
		"id: host\nname: Host\ndescription: Hosts.\ncriteria:\n  narrative: Hosted.\n",
	} {
		a, err := criteria.ParseAchievement("a.yaml", []byte(y))
		must(t, err)
		must(t, f.db.PutAchievement(a))
		defs[a.ID] = a
	}
	in := issuer.CLRInput{Achievements: defs, Exchanges: hoursExchanges()}
	for _, id := range []string{"wiki-editor", "wiki-trainer", "cook", "host", "project-trainer"} {
		rec, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: id, Member: "layla"})
		must(t, err)
		in.Credentials = append(in.Credentials, rec)
	}
	var err error
	in.Profile, err = f.db.Issuer("default")
	must(t, err)
	in.Member, err = f.db.Member("layla")
	must(t, err)
	return f, in
}

// hoursExchanges: e1 (twice), e2 and e3 count; withdrawn, unconfirmed and
// disputed exchanges do not.
func hoursExchanges() []*ledger.Exchange {
	ex := func(id string, h float64, y int, skill string, teacher, learner string, confirmed ...string) *ledger.Exchange {
		return &ledger.Exchange{ID: id, Kind: ledger.OneToOne, Hours: h, OccurredAt: time.Date(y, 5, 1, 0, 0, 0, 0, time.UTC),
			Skills: []string{skill}, Teachers: []string{teacher}, Learners: []string{learner}, ConfirmedBy: confirmed}
	}
	e1 := ex("e1", 2, 2025, "training", "layla", "omar", "omar")
	w := ex("w", 5, 2026, "training", "layla", "omar", "omar")
	w.Withdrawn = true
	d := ex("d", 9, 2026, "training", "layla", "omar", "omar")
	d.DisputedBy = []string{"omar"}
	return []*ledger.Exchange{e1, e1, ex("e2", 3, 2026, "training", "layla", "omar", "omar"),
		ex("e3", 1.5, 2026, "cooking", "omar", "layla", "omar"), w, d, ex("u", 7, 2026, "training", "layla", "omar")}
}

type clrDoc struct {
	Context           []string `json:"@context"`
	Type              []string `json:"type"`
	Issuer            struct{ ID string }
	CredentialSchema  []struct{ ID string }
	CredentialSubject struct {
		ID                   string            `json:"id"`
		Type                 []string          `json:"type"`
		VerifiableCredential []json.RawMessage `json:"verifiableCredential"`
		Achievement          []struct {
			ID                string
			Name              string
			ResultDescription []struct{ ID, Name, ResultType string }
		} `json:"achievement"`
		Association []struct {
			Type, AssociationType, SourceID, TargetID string
		} `json:"association"`
	} `json:"credentialSubject"`
}

func TestIssueCLR(t *testing.T) {
	f, in := clrFixture(t)
	clr, err := f.svc.IssueCLR(context.Background(), in)
	must(t, err)
	if strings.Contains(strings.ToLower(string(clr.JSON)), "layla@") || strings.Contains(string(clr.JSON), "emailAddress\",\"hashed\":false") {
		t.Errorf("the record carries the member's email")
	}
	var doc clrDoc
	must(t, json.Unmarshal(clr.JSON, &doc))
	if strings.Join(doc.Context, " ") != strings.Join(issuer.CLRContexts, " ") || strings.Join(doc.Type, " ") != "VerifiableCredential ClrCredential" ||
		len(doc.CredentialSchema) != 1 || doc.CredentialSchema[0].ID != issuer.CLRSchemaURL || doc.Issuer.ID != "did:web:badges.example.org:issuers:default" {
		t.Errorf("record envelope = %+v", doc)
	}
	s := doc.CredentialSubject
	if len(s.Type) != 1 || s.Type[0] != "ClrSubject" || len(s.VerifiableCredential) != 6 || clr.Credentials != 6 {
		t.Fatalf("subject has types %v and %d credentials, want ClrSubject and 5 + the hours statement", s.Type, len(s.VerifiableCredential))
	}
	for i, rec := range in.Credentials {
		if !jsonSame(t, s.VerifiableCredential[i], rec.JSON) {
			t.Errorf("embedded credential %d differs from the signed one:\n%s\n%s", i, s.VerifiableCredential[i], rec.JSON)
		}
	}
	if len(s.Achievement) != 6 {
		t.Fatalf("%d achievements, want 6", len(s.Achievement))
	}
	editor, trainer := "https://badges.example.org/achievements/wiki-editor", "https://badges.example.org/achievements/wiki-trainer"
	if len(s.Association) != 1 || s.Association[0].Type != "Association" || s.Association[0].AssociationType != "precedes" ||
		s.Association[0].SourceID != editor || s.Association[0].TargetID != trainer {
		t.Errorf("associations = %+v, want wiki-editor precedes wiki-trainer", s.Association)
	}
	// The hours statement: its own Data Integrity proof, and the totals.
	stmt := s.VerifiableCredential[5]
	res, err := dataintegrity.Verify(context.Background(), stmt, keyringResolver{f.keys, doc.Issuer.ID})
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("hours statement proof: %+v, %v", res, err)
	}
	var h struct {
		CredentialSubject struct {
			Result []struct {
				ResultDescription string
				Value             string
			}
		}
	}
	must(t, json.Unmarshal(stmt, &h))
	got := map[string]string{}
	for _, r := range h.CredentialSubject.Result {
		_, key, _ := strings.Cut(r.ResultDescription, "#")
		got[key] = r.Value
	}
	want := map[string]string{"given": "5", "given-2025": "2", "given-2026": "3", "given-skill-training": "5",
		"received": "1.5", "received-2026": "1.5", "received-skill-cooking": "1.5"}
	if len(got) != len(want) {
		t.Errorf("hours = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("hours %s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	// The VC-JWT: RS256 by the community's key over the record.
	k := f.keys.Public("default")
	var rsa keys.PublicKey
	for _, pk := range k {
		if pk.Alg == keys.RS256 {
			rsa = pk
		}
	}
	verifyRS256ByHand(t, f.keys, &accolade.Record{KeyID: rsa.ID, JWT: clr.JWT})
	var claims map[string]json.RawMessage
	decodePart(t, strings.Split(clr.JWT, ".")[1], &claims)
	if string(claims["jti"]) != `"`+clr.ID+`"` || !jsonSame(t, claims["credentialSubject"], mustField(t, clr.JSON, "credentialSubject")) {
		t.Errorf("JWT claims do not carry the record")
	}
}

// TestIssueCLRSkipsInvalid: a revoked credential stays out of the record.
func TestIssueCLRSkipsInvalid(t *testing.T) {
	f, in := clrFixture(t)
	_, err := f.db.SetStatus(in.Credentials[2].ID, accolade.Revoked, "test", t0)
	must(t, err)
	in.Credentials[2], err = f.db.Credential(in.Credentials[2].ID)
	must(t, err)
	clr, err := f.svc.IssueCLR(context.Background(), in)
	must(t, err)
	if clr.Credentials != 5 {
		t.Errorf("record has %d credentials, want 4 + the statement", clr.Credentials)
	}
	in.Member.Forgotten = t0
	if _, err := f.svc.IssueCLR(context.Background(), in); err == nil {
		t.Errorf("IssueCLR of a forgotten member succeeded")
	}
}

func jsonSame(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	must(t, json.Unmarshal(a, &x))
	must(t, json.Unmarshal(b, &y))
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}

func mustField(t *testing.T, doc []byte, name string) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	must(t, json.Unmarshal(doc, &m))
	return m[name]
}

// TestIssueCLRSkipsRenewed: a credential renewed by another valid one of
// the member stays valid until it expires, but the record carries only
// the renewal, so that the achievement appears once.
func TestIssueCLRSkipsRenewed(t *testing.T) {
	f, in := clrFixture(t)
	old := in.Credentials[2] // cook
	renewal, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: old.Achievement, Member: old.Member, Renews: old.ID})
	must(t, err)
	in.Credentials = append(in.Credentials, renewal)
	clr, err := f.svc.IssueCLR(context.Background(), in)
	must(t, err)
	if clr.Credentials != 6 {
		t.Errorf("record has %d credentials, want 5 + the statement", clr.Credentials)
	}
	if bytes.Contains(clr.JSON, []byte(old.ID)) || !bytes.Contains(clr.JSON, []byte(renewal.ID)) {
		t.Errorf("record carries the renewed credential %s, or not its renewal %s", old.ID, renewal.ID)
	}
}
