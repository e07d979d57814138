package issuer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/dataintegrity"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/internal/spectest"
	"github.com/accolade-badges/accolade/issuer"
	"github.com/accolade-badges/accolade/keys"
)

// endorsementSchema is the official EndorsementCredential schema's path in
// shared/spec.
const endorsementSchema = "schemas/ob_v3p0_endorsementcredential_schema.assembled.json"

func validateEndorsement(t *testing.T, doc []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2019)
	c.AssertFormat()
	sch, err := c.Compile(filepath.Join(spectest.Dir(t), endorsementSchema))
	if err != nil {
		t.Fatalf("compiling %s: %v", endorsementSchema, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("endorsement is not JSON: %v", err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("endorsement does not validate against %s:\n%v\n%s", endorsementSchema, err, doc)
	}
}

func TestEndorse(t *testing.T) {
	const did = "did:web:badges.example.org:issuers:default"
	f := newFixture(t, keys.RS256)
	ctx := context.Background()
	subject := "https://badges.example.org/achievements/project-trainer"
	e, err := f.svc.Endorse(ctx, issuer.EndorseRequest{Endorser: "default", Subject: subject, Comment: "Rigorous <b>training</b>."})
	if err != nil {
		t.Fatalf("Endorse: %v", err)
	}
	validateEndorsement(t, e.JSON)
	var doc struct {
		Type              []string `json:"type"`
		CredentialSubject struct {
			ID, EndorsementComment string
			Type                   []string
		} `json:"credentialSubject"`
		Issuer struct{ ID, Name string } `json:"issuer"`
		Proof  []json.RawMessage         `json:"proof"`
	}
	must(t, json.Unmarshal(e.JSON, &doc))
	if doc.CredentialSubject.ID != subject || doc.CredentialSubject.EndorsementComment != "Rigorous <b>training</b>." ||
		doc.Issuer.ID != did || doc.Issuer.Name != "Riverside Skill Exchange" || len(doc.Proof) != 1 ||
		doc.Type[1] != "EndorsementCredential" || doc.CredentialSubject.Type[0] != "EndorsementSubject" {
		t.Errorf("endorsement = %s", e.JSON)
	}
	res, err := dataintegrity.Verify(ctx, e.JSON, keyringResolver{f.keys, did})
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("Verify = %+v, %v; want one verified proof", res, err)
	}
	tampered := bytes.Replace(e.JSON, []byte("Rigorous"), []byte("Sloppy"), 1)
	if res, err := dataintegrity.Verify(ctx, tampered, keyringResolver{f.keys, did}); err == nil && len(res) == 1 && res[0].Err == nil {
		t.Errorf("Verify(tampered) passed")
	}
	var claims map[string]json.RawMessage
	decodePart(t, strings.Split(e.JWT, ".")[1], &claims)
	if string(claims["iss"]) != `"`+did+`"` || string(claims["sub"]) != `"`+subject+`"` || string(claims["jti"]) != `"`+e.ID+`"` {
		t.Errorf("JWT claims = iss %s sub %s jti %s", claims["iss"], claims["sub"], claims["jti"])
	}
}

func TestEndorseRefusals(t *testing.T) {
	f := newFixture(t, keys.EdDSA)
	for _, tt := range []struct {
		name string
		req  issuer.EndorseRequest
		kind errs.Kind
	}{
		{"unknown endorser", issuer.EndorseRequest{Endorser: "nobody", Subject: "https://elsewhere.example/issuers/1"}, errs.NotFound},
		{"no subject", issuer.EndorseRequest{Endorser: "default"}, errs.Invalid},
		{"not an id", issuer.EndorseRequest{Endorser: "default", Subject: "project-trainer"}, errs.Invalid},
		{"unknown achievement here", issuer.EndorseRequest{Endorser: "default", Subject: "https://badges.example.org/achievements/nope"}, errs.NotFound},
		{"unknown issuer here", issuer.EndorseRequest{Endorser: "default", Subject: "https://badges.example.org/issuers/nope"}, errs.NotFound},
		{"long comment", issuer.EndorseRequest{Endorser: "default", Subject: "https://elsewhere.example/a", Comment: strings.Repeat("x", 2001)}, errs.Invalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.Endorse(context.Background(), tt.req)
			if errs.KindOf(err) != tt.kind {
				t.Errorf("Endorse(%+v) kind = %v (%v), want %v", tt.req, errs.KindOf(err), err, tt.kind)
			}
		})
	}
}

// TestEndorsedAchievementInCredential: an endorsement kept for an
// achievement appears in its new credentials, which still validate and
// verify.
func TestEndorsedAchievementInCredential(t *testing.T) {
	const did = "did:web:badges.example.org:issuers:default"
	f := newFixture(t, keys.RS256)
	ctx := context.Background()
	subject := "https://badges.example.org/achievements/project-trainer"
	e, err := f.svc.Endorse(ctx, issuer.EndorseRequest{Endorser: "default", Subject: subject, Comment: "Good"})
	must(t, err)
	must(t, f.db.PutEndorsement(&accolade.Endorsement{ID: e.ID, Subject: subject, Endorser: did, JSON: e.JSON, JWT: e.JWT}))
	// Kept only as a JWT: not in the JSON-LD credential (see EndorsementMembers).
	must(t, f.db.PutEndorsement(&accolade.Endorsement{ID: "urn:uuid:jwt-only", Subject: subject, Endorser: did, JWT: e.JWT}))
	rec, err := f.svc.Issue(ctx, issuer.Request{Achievement: "project-trainer", Member: "layla"})
	must(t, err)
	spectest.ValidateCredential(t, rec.JSON)
	var c struct {
		CredentialSubject struct {
			Achievement struct {
				Endorsement    []json.RawMessage `json:"endorsement"`
				EndorsementJwt []string          `json:"endorsementJwt"`
			} `json:"achievement"`
		} `json:"credentialSubject"`
	}
	must(t, json.Unmarshal(rec.JSON, &c))
	a := c.CredentialSubject.Achievement
	if len(a.Endorsement) != 1 || !spectest.JSONEqual(t, a.Endorsement[0], e.JSON) || len(a.EndorsementJwt) != 0 {
		t.Errorf("achievement endorsements = %s / %q", a.Endorsement, a.EndorsementJwt)
	}
	res, err := dataintegrity.Verify(ctx, rec.JSON, keyringResolver{f.keys, did})
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("Verify = %+v, %v; want one verified proof", res, err)
	}
}
