package issuer_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/testutil"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/vcapi"
)

// TestIssueVCDefaultStatus: with Config.VCStatus, a VCDM 2.0 credential
// whose request asks for no status gets those entries; a 1.1 one (whose
// context cannot say them) gets none; a bad purpose is refused at New.
func TestIssueVCDefaultStatus(t *testing.T) {
	f := newFixture(t, keys.EdDSA)
	svc, err := issuer.New(issuer.Config{Store: f.db, Keys: f.keys, BaseURL: "https://badges.example.org",
		Now: func() time.Time { return t0 }, Rand: testutil.Rand(9), VCStatus: []string{"revocation", "suspension"}})
	must(t, err)
	const iss = "did:web:badges.example.org:issuers:default"
	for _, tt := range []struct {
		name, body string
		entries    int
	}{
		{"VCDM 2.0", `{"credential":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"` + iss + `","credentialSubject":{"id":"did:example:1"}}}`, 2},
		{"VCDM 1.1", `{"credential":{"@context":["https://www.w3.org/2018/credentials/v1"],"type":["VerifiableCredential"],"issuer":"` + iss + `","credentialSubject":{"id":"did:example:1"}}}`, 0},
		{"asked for one", `{"credential":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"` + iss + `","credentialSubject":{"id":"did:example:1"}},"options":{"credentialStatus":{"type":"BitstringStatusListEntry"}}}`, 1},
	} {
		req, err := vcapi.ParseIssue([]byte(tt.body), t0)
		must(t, err)
		rec, err := svc.IssueVC(context.Background(), "default", "", req)
		must(t, err)
		var doc struct{ CredentialStatus json.RawMessage }
		must(t, json.Unmarshal(rec.JSON, &doc))
		n := strings.Count(string(doc.CredentialStatus), "BitstringStatusListEntry")
		if n != tt.entries || len(rec.StatusEntries) != tt.entries {
			t.Errorf("%s: %d status entries in the credential, %d stored; want %d", tt.name, n, len(rec.StatusEntries), tt.entries)
		}
	}
	if _, err := issuer.New(issuer.Config{Store: f.db, Keys: f.keys, BaseURL: "https://badges.example.org",
		Now: time.Now, Rand: testutil.Rand(9), VCStatus: []string{"expiry"}}); errs.KindOf(err) != errs.Invalid {
		t.Errorf("New with status purpose expiry = %v, want Invalid", err)
	}
}
