package issuer_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/internal/spectest"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
	"github.com/accolade-badges/accolade/ob3"
)

// decodeBit reads bit i of an encodedList the way the W3C specification
// says, independently of issuer.EncodeStatusList.
func decodeBit(t *testing.T, encoded string, i int) bool {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(encoded, "u"))
	if err != nil || !strings.HasPrefix(encoded, "u") {
		t.Fatalf("encodedList %.20q…: not u-multibase base64url: %v", encoded, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	bits, err := io.ReadAll(zr)
	if err != nil || len(bits) != accolade.StatusListSize/8 {
		t.Fatalf("encodedList decodes to %d bytes, %v; want %d", len(bits), err, accolade.StatusListSize/8)
	}
	return bits[i/8]>>(7-i%8)&1 == 1
}

// TestStatusEntries: a credential names one revocation entry (an object,
// valid against the OB 3.0 schema); a suspendable achievement's also a
// suspension entry, which makes credentialStatus an array that the schema
// refuses.
func TestStatusEntries(t *testing.T) {
	f := newFixture(t, keys.EdDSA)
	susp, err := criteria.ParseAchievement("s.yaml", []byte("id: helper\nname: Helper\ndescription: d\nsuspendable: true\ncriteria:\n  narrative: n\n"))
	must(t, err)
	must(t, f.db.PutAchievement(susp))
	for _, tt := range []struct {
		achievement string
		purposes    []string
		schemaOK    bool
	}{
		{"project-trainer", []string{"revocation"}, true},
		{"helper", []string{"revocation", "suspension"}, false},
	} {
		t.Run(tt.achievement, func(t *testing.T) {
			rec, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: tt.achievement, Member: "layla"})
			must(t, err)
			c, err := ob3.ParseCredential(rec.JSON)
			must(t, err)
			entries := c.CredentialStatus.Entries()
			if len(entries) != len(tt.purposes) || len(rec.StatusEntries) != len(tt.purposes) {
				t.Fatalf("credentialStatus = %+v, record %+v; want %v", entries, rec.StatusEntries, tt.purposes)
			}
			for i, e := range entries {
				list := "https://badges.example.org/status/default/" + tt.purposes[i] + "-1"
				if e.Type != "BitstringStatusListEntry" || e.StatusPurpose != tt.purposes[i] || e.StatusListCredential != list ||
					e.StatusListIndex != strconv.Itoa(rec.StatusEntries[i].Index) || e.ID != list+"#"+e.StatusListIndex {
					t.Errorf("entry %d = %+v, want %s at the record's index %d", i, e, list, rec.StatusEntries[i].Index)
				}
			}
			if err := spectest.CheckCredential(t, rec.JSON); (err == nil) != tt.schemaOK {
				t.Errorf("schema check = %v, want valid %v", err, tt.schemaOK)
			}
		})
	}
}

// TestStatusListCredential: the list is a signed BitstringStatusListCredential
// whose bit at a revoked credential's index is set; it is signed again when
// the bits change, and kept otherwise.
func TestStatusListCredential(t *testing.T) {
	f := newFixture(t, keys.RS256)
	now := t0
	lists, err := issuer.NewStatusLists(issuer.StatusListsConfig{Store: f.db, Keys: f.keys, BaseURL: "https://badges.example.org",
		Now: func() time.Time { return now }})
	must(t, err)
	rec, err := f.svc.Issue(context.Background(), issuer.Request{Achievement: "project-trainer", Member: "layla"})
	must(t, err)
	index := rec.StatusEntries[0].Index
	get := func() (*issuer.SignedStatusList, map[string]any) {
		t.Helper()
		l, err := lists.StatusList(context.Background(), "default", accolade.PurposeRevocation, 1)
		must(t, err)
		var doc map[string]any
		must(t, json.Unmarshal(l.JSON, &doc))
		return l, doc
	}
	first, doc := get()
	subject := doc["credentialSubject"].(map[string]any)
	if doc["id"] != "https://badges.example.org/status/default/revocation-1" || doc["issuer"] != "did:web:badges.example.org:issuers:default" ||
		subject["type"] != "BitstringStatusList" || subject["statusPurpose"] != "revocation" || subject["id"] != doc["id"].(string)+"#list" {
		t.Errorf("status list credential = %s", first.JSON)
	}
	if decodeBit(t, subject["encodedList"].(string), index) {
		t.Errorf("bit %d set before revocation", index)
	}
	res, err := dataintegrity.Verify(context.Background(), first.JSON, keyringResolver{f.keys, "did:web:badges.example.org:issuers:default"})
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("Verify(status list) = %+v, %v; want one verified proof", res, err)
	}
	now = now.Add(time.Minute)
	if again, _ := get(); again.ETag != first.ETag {
		t.Errorf("unchanged list signed again within its TTL")
	}
	_, err = f.db.SetStatus(rec.ID, accolade.Revoked, "private reason", now)
	must(t, err)
	revoked, doc := get()
	if revoked.ETag == first.ETag || !decodeBit(t, doc["credentialSubject"].(map[string]any)["encodedList"].(string), index) {
		t.Errorf("after revocation: ETag %s (was %s), bit %d not set", revoked.ETag, first.ETag, index)
	}
	if bytes.Contains(revoked.JSON, []byte("private reason")) || strings.Contains(revoked.JWT, "cHJpdmF0ZSByZWFzb24") {
		t.Errorf("the reason is in the list")
	}
	now = now.Add(accolade.StatusTTL)
	if later, _ := get(); later.ETag == revoked.ETag || !later.ValidUntil.After(now.Add(accolade.StatusTTL)) {
		t.Errorf("a list past its TTL was not signed again: %+v", later)
	}
}
