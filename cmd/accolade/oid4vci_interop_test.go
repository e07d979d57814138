package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/accolade-badges/accolade/internal/spectest"
)

// checkCollected runs what OpenID4VCI wallets collected from the server at
// base through the independent libraries of interop/check.mjs (jose on the
// VC-JWTs, @digitalbazaar/vc and verifier-core on the Data Integrity JSON,
// ajv on both), with the key documents fetched as a verifier fetches them,
// and checks that each is bound to its wallet's DID (credentialSubject.id,
// and the JWT's sub). The first JSON and the first JWT, each with one byte
// of the subject's name changed, must fail. It skips, in a subtest, without
// Node.js or interop/node_modules.
func checkCollected(t *testing.T, base string, creds []jobCredential) {
	t.Run("interop", func(t *testing.T) {
		node, checker := interopTools(t)
		schema := filepath.Join(spectest.Dir(t), "schemas", "ob_v3p0_achievementcredential_schema.json")
		f := &front{base: base, client: &http.Client{Timeout: 10 * time.Second}}
		docs, problems := f.fetchLinks(t, creds)
		for _, p := range problems {
			t.Errorf("fetching key documents: %s", p)
		}
		job := interopJob{Schema: schema, Documents: docs, Libraries: []string{"jose", "vc", "ajv", "verifier-core"}, Credentials: creds}
		var haveJSON, haveJWT bool
		for _, c := range creds {
			if c.JSON != nil && !haveJSON {
				haveJSON = true
				job.Credentials = append(job.Credentials, jobCredential{Name: c.Name + ", subject name changed", JSON: tamperedSubjectJSON(t, c.JSON), Expect: "invalid"})
			}
			if c.JWT != "" && !haveJWT {
				haveJWT = true
				job.Credentials = append(job.Credentials, jobCredential{Name: c.Name + ", payload byte changed", JWT: tamperedSubjectJWT(t, c.JWT), Expect: "invalid"})
			}
		}
		if !haveJSON || !haveJWT {
			t.Fatalf("collected %d credentials, want both forms", len(creds))
		}
		runChecker(t, "oid4vci", node, checker, "", job)
	})
}

// tamperedSubjectJSON is credential with one byte of credentialSubject.name
// changed.
func tamperedSubjectJSON(t *testing.T, credential []byte) []byte {
	t.Helper()
	var doc map[string]any
	mustJSON(t, credential, &doc)
	subject, _ := doc["credentialSubject"].(map[string]any)
	name, _ := subject["name"].(string)
	subject["name"] = string(flipLastByte(t, []byte(name)))
	b, _ := json.Marshal(doc)
	return b
}

// tamperedSubjectJWT is jwt with one byte of its payload changed, the last
// of credentialSubject.name, under the old signature.
func tamperedSubjectJWT(t *testing.T, jwt string) string {
	t.Helper()
	parts := strings.Split(jwt, ".")
	payload := b64(t, parts[1])
	var p struct {
		CredentialSubject struct{ Name string } `json:"credentialSubject"`
	}
	mustJSON(t, payload, &p)
	quoted, _ := json.Marshal(p.CredentialSubject.Name)
	i := bytes.Index(payload, quoted)
	if p.CredentialSubject.Name == "" || i < 0 {
		t.Fatalf("JWT payload: no credentialSubject.name %s to change", quoted)
	}
	changed := bytes.Clone(payload)
	copy(changed[i+1:], flipLastByte(t, []byte(p.CredentialSubject.Name)))
	if !json.Valid(changed) {
		t.Fatalf("changed payload is not JSON: %s", changed)
	}
	return parts[0] + "." + base64.RawURLEncoding.EncodeToString(changed) + "." + parts[2]
}

// flipLastByte changes the lowest bit of the last byte of a UTF-8 name: an
// ASCII letter or a continuation byte stays one, so the text stays UTF-8.
func flipLastByte(t *testing.T, name []byte) []byte {
	t.Helper()
	if len(name) == 0 {
		t.Fatal("no name to change")
	}
	out := bytes.Clone(name)
	out[len(out)-1] ^= 1
	if !utf8.Valid(out) || bytes.ContainsAny(out, "\"\\") {
		t.Fatalf("changing the last byte of %q gives %q", name, out)
	}
	return out
}
