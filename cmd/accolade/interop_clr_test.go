package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// clrInteropYAML are three more achievements for ananya, so that her CLR
// record carries five of her credentials (interop-trainer, the renewed
// interop-exchange and these) beside her hours statement.
var clrInteropYAML = map[string]string{
	"interop-host":  "id: interop-host\nname: Circle Host\ndescription: Hosts a skill circle.\ncriteria:\n  narrative: Hosted a circle.\n",
	"interop-cook":  "id: interop-cook\nname: Community Cook\ndescription: Cooks for the community kitchen.\ncriteria:\n  narrative: Cooked a shared meal.\n",
	"interop-baker": "id: interop-baker\nname: Bread Teacher\ndescription: Teaches bread making.\ncriteria:\n  narrative: Taught a bread class.\n",
}

// clrInteropSet gives ananya, who taught the suite's confirmed exchange
// and holds its renewed credential, interop-trainer and the three
// achievements of clrInteropYAML.
func clrInteropSet(t *testing.T, a *app) {
	t.Helper()
	ids := []string{"interop-trainer"}
	for id, y := range clrInteropYAML {
		if code, _, body := a.do("PUT", "/api/v1/achievements/"+id, adminToken, "application/yaml", y); code >= 300 {
			t.Fatalf("PUT achievement %s = %d %s", id, code, body)
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		if code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"`+id+`","member":"ananya"}`); code != 201 {
			t.Fatalf("issue %s to ananya = %d %s", id, code, body)
		}
	}
}

// clrJobs fetches member's CLR 2.0 record (GET /api/v1/members/{id}/clr)
// and returns it for the checker: the record's VC-JWT for jose (not an
// Open Badge: no schema), and each credential it carries as a JSON
// credential of its own (@digitalbazaar/vc, ajv, verifier-core), the
// hours statement included. It fails unless the record carries at least
// want of the member's credentials besides the hours statement. The
// record itself has no Data Integrity proof: the CLR 2.0.1 context is not
// available (issuer.ContextCLR).
func clrJobs(t *testing.T, a *app, member string, want int) []jobCredential {
	t.Helper()
	code, _, jwt := a.do("GET", "/api/v1/members/"+member+"/clr", adminToken, "", "")
	if code != 200 {
		t.Fatalf("GET clr of %s = %d %s", member, code, jwt)
	}
	code, _, body := a.do("GET", "/api/v1/members/"+member+"/clr?format=json", adminToken, "", "")
	if code != 200 {
		t.Fatalf("GET clr?format=json of %s = %d %s", member, code, body)
	}
	var doc struct {
		CredentialSubject struct {
			VerifiableCredential []json.RawMessage `json:"verifiableCredential"`
		} `json:"credentialSubject"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("CLR of %s: %v:\n%s", member, err, body)
	}
	no := false
	out := []jobCredential{{Name: "CLR record of " + member, JWT: string(jwt), Expect: "valid", OpenBadge: &no}}
	var hours, others int
	for i, c := range doc.CredentialSubject.VerifiableCredential {
		name := fmt.Sprintf("CLR of %s, credential %d", member, i+1)
		if bytes.Contains(c, []byte(`"ext:VolunteerHours"`)) {
			hours++
			name = fmt.Sprintf("CLR of %s, hours statement", member)
		} else {
			others++
		}
		out = append(out, jobCredential{Name: name, JSON: c, Expect: "valid"})
	}
	if hours != 1 || others < want {
		t.Fatalf("CLR of %s carries %d credentials and %d hours statements, want at least %d and 1:\n%s", member, others, hours, want, body)
	}
	// Our verifier, as a relying party reaches it: the public endpoint.
	code, _, body = a.do("POST", "/api/v1/verify", "", "application/jwt", string(jwt))
	var v struct {
		Verified bool
		Embedded []struct {
			Verdict struct{ Verified bool }
		}
	}
	mustJSON(t, body, &v)
	ok := code == 200 && v.Verified && len(v.Embedded) == hours+others
	for _, e := range v.Embedded {
		ok = ok && e.Verdict.Verified
	}
	if !ok {
		t.Errorf("our verifier on the CLR of %s = %d, want valid with %d valid embedded credentials:\n%s", member, code, hours+others, body)
	}
	return out
}
