package main

import (
	"encoding/json"
	"fmt"
	"testing"
)

// clrJobs fetches member's CLR 2.0 record (GET /api/v1/members/{id}/clr)
// and returns it for the checker: the record's VC-JWT for jose (not an
// Open Badge: no schema), and each credential it carries as a JSON
// credential of its own (@digitalbazaar/vc, ajv, verifier-core), the
// hours statement included. The record itself has no Data Integrity
// proof: the CLR 2.0.1 context is not available (issuer.ContextCLR).
func clrJobs(t *testing.T, a *app, member string) []jobCredential {
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
	if err := json.Unmarshal(body, &doc); err != nil || len(doc.CredentialSubject.VerifiableCredential) == 0 {
		t.Fatalf("CLR of %s carries no credentials (%v):\n%s", member, err, body)
	}
	no := false
	out := []jobCredential{{Name: "CLR record of " + member, JWT: string(jwt), Expect: "valid", OpenBadge: &no}}
	for i, c := range doc.CredentialSubject.VerifiableCredential {
		out = append(out, jobCredential{Name: fmt.Sprintf("CLR of %s, credential %d", member, i+1), JSON: c, Expect: "valid"})
	}
	return out
}
