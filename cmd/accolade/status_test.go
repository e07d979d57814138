package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// statusEntry is one credentialStatus entry as a verifier reads it.
type statusEntry struct {
	ID, Type, StatusPurpose, StatusListIndex, StatusListCredential string
}

// statusEntries reads a credential's credentialStatus: one object or an array.
func statusEntries(t *testing.T, credJSON []byte) []statusEntry {
	t.Helper()
	var c struct{ CredentialStatus json.RawMessage }
	mustJSON(t, credJSON, &c)
	var all []statusEntry
	if bytes.HasPrefix(bytes.TrimSpace(c.CredentialStatus), []byte("[")) {
		mustJSON(t, c.CredentialStatus, &all)
	} else {
		var one statusEntry
		mustJSON(t, c.CredentialStatus, &one)
		all = []statusEntry{one}
	}
	return all
}

// listBit fetches a status list credential over HTTP and reads the bit of
// an entry, decoding encodedList here (multibase "u", base64url, GZIP; bit 0
// is the most significant bit of the first byte) without the issuer's code.
func listBit(t *testing.T, a *app, e statusEntry) (bool, []byte) {
	t.Helper()
	path := strings.TrimPrefix(e.StatusListCredential, a.base)
	code, hdr, body := a.do("GET", path, "", "", "")
	if code != 200 || hdr.Get("Content-Type") != "application/vc+ld+json" || hdr.Get("ETag") == "" ||
		hdr.Get("Cache-Control") != "public, max-age=300" {
		t.Fatalf("GET %s = %d %q %q %q", path, code, hdr.Get("Content-Type"), hdr.Get("ETag"), hdr.Get("Cache-Control"))
	}
	var l struct {
		ID                string
		Type              []string
		Issuer            string
		ValidFrom         string
		ValidUntil        string
		CredentialSubject struct{ ID, Type, StatusPurpose, EncodedList string }
		Proof             []struct{ Cryptosuite string }
	}
	mustJSON(t, body, &l)
	s := l.CredentialSubject
	if l.ID != e.StatusListCredential || strings.Join(l.Type, ",") != "VerifiableCredential,BitstringStatusListCredential" ||
		s.ID != l.ID+"#list" || s.Type != "BitstringStatusList" || s.StatusPurpose != e.StatusPurpose ||
		l.ValidUntil <= l.ValidFrom || len(l.Proof) != 1 || l.Proof[0].Cryptosuite != "eddsa-rdfc-2022" {
		t.Fatalf("status list credential = %s", body)
	}
	if code, _, _ := a.do304(path, hdr.Get("ETag")); code != http.StatusNotModified {
		t.Errorf("GET %s If-None-Match its ETag = %d, want 304", path, code)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(s.EncodedList, "u"))
	if err != nil || !strings.HasPrefix(s.EncodedList, "u") {
		t.Fatalf("encodedList is not u-base64url: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	bits, err := io.ReadAll(zr)
	if err != nil || len(bits) < 16384 {
		t.Fatalf("encodedList holds %d bytes, %v; want at least 16 KiB (131,072 entries)", len(bits), err)
	}
	i, err := strconv.Atoi(e.StatusListIndex)
	if err != nil || i < 0 || i/8 >= len(bits) || e.ID != e.StatusListCredential+"#"+e.StatusListIndex {
		t.Fatalf("entry %+v: bad index", e)
	}
	return bits[i/8]>>(7-i%8)&1 == 1, body
}

func (a *app) do304(path, etag string) (int, http.Header, []byte) {
	a.t.Helper()
	req, _ := http.NewRequest("GET", a.base+path, nil)
	req.Header.Set("If-None-Match", etag)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// verifyOutcome posts a credential to the verify API and returns whether it
// verified, and the whole answer.
func verifyOutcome(t *testing.T, a *app, jwt string) (bool, []byte) {
	t.Helper()
	code, _, body := a.do("POST", "/api/v1/verify", "", "text/plain", jwt)
	var v struct{ Verified bool }
	mustJSON(t, body, &v)
	if code != 200 {
		t.Fatalf("POST /api/v1/verify = %d %s", code, body)
	}
	return v.Verified, body
}

// TestStatusListEndToEnd: issue, verify, revoke, and see the revocation in
// the published list, with the reason nowhere public; suspend and
// unsuspend a suspendable credential, its suspension bit following.
func TestStatusListEndToEnd(t *testing.T) {
	a := startApp(t)
	a.do("PUT", "/api/v1/achievements/project-trainer", adminToken, "application/yaml", trainerYAML)
	a.do("PUT", "/api/v1/achievements/steward", adminToken, "application/yaml", suspendableYAML)
	a.do("PUT", "/api/v1/members/olga", adminToken, "application/json", `{"name":"Olga","email":"olga@example.org"}`)
	issue := func(ach string) (id, jwt string, credJSON []byte) {
		code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"`+ach+`","member":"olga"}`)
		var c struct{ ID, JWT string }
		mustJSON(t, body, &c)
		if code != http.StatusCreated {
			t.Fatalf("issue %s = %d %s", ach, code, body)
		}
		_, _, credJSON = a.do("GET", "/credentials/"+c.ID+".json", "", "", "")
		return c.ID, c.JWT, credJSON
	}

	const reason = "plagiarised-portfolio-7431"
	id, jwt, credJSON := issue("project-trainer")
	entries := statusEntries(t, credJSON)
	if len(entries) != 1 || entries[0].Type != "BitstringStatusListEntry" || entries[0].StatusPurpose != "revocation" ||
		!strings.HasPrefix(entries[0].StatusListCredential, a.base+"/status/default/revocation-") {
		t.Fatalf("credentialStatus = %+v, want one revocation BitstringStatusListEntry", entries)
	}
	if ok, body := verifyOutcome(t, a, jwt); !ok {
		t.Fatalf("fresh credential does not verify: %s", body)
	}
	if set, _ := listBit(t, a, entries[0]); set {
		t.Fatalf("revocation bit set before revocation")
	}
	if code, _, body := a.do("POST", "/api/v1/credentials/"+id+"/revoke", adminToken, "application/json", `{"reason":"`+reason+`"}`); code != 200 {
		t.Fatalf("revoke = %d %s", code, body)
	}
	set, listJSON := listBit(t, a, entries[0])
	if !set {
		t.Errorf("revocation bit not set right after revocation")
	}
	ok, verdict := verifyOutcome(t, a, jwt)
	if ok || !bytes.Contains(verdict, []byte("revoked")) {
		t.Errorf("revoked credential verdict = %s", verdict)
	}
	_, _, page := a.do("GET", "/credentials/"+id, "", "", "")
	if !bytes.Contains(page, []byte("Revoked on <time")) || !bytes.Contains(page, []byte(" by <span dir=\"auto\">")) {
		t.Errorf("the credential page does not say when and by whom it was revoked")
	}
	_, _, pageJSON := a.do("GET", "/credentials/"+id+".json", "", "", "")
	_, _, pageJWT := a.do("GET", "/credentials/"+id+".jwt", "", "", "")
	jwtPath := strings.TrimPrefix(entries[0].StatusListCredential, a.base) + ".jwt"
	code, jwtHdr, listJWT := a.do("GET", jwtPath, "", "", "")
	if code != 200 || jwtHdr.Get("Content-Type") != "application/vc+jwt" || jwtHdr.Get("ETag") == "" {
		t.Errorf("GET %s = %d %q ETag %q", jwtPath, code, jwtHdr.Get("Content-Type"), jwtHdr.Get("ETag"))
	}
	if code, _, _ := a.do304(jwtPath, jwtHdr.Get("ETag")); code != http.StatusNotModified {
		t.Errorf("GET %s If-None-Match its ETag = %d, want 304", jwtPath, code)
	}
	for name, b := range map[string][]byte{"page": page, "JSON": pageJSON, "JWT": pageJWT, "verify API": verdict, "list": listJSON, "list JWT": listJWT} {
		if bytes.Contains(b, []byte(reason)) || bytes.Contains(b, []byte(base64.RawURLEncoding.EncodeToString([]byte(reason))[:16])) {
			t.Errorf("the private reason appears in the public %s", name)
		}
	}
	if strings.Count(string(listJWT), ".") != 2 {
		t.Errorf("list .jwt = %.60s, want a compact JWS", listJWT)
	}

	sid, sjwt, sJSON := issue("steward")
	se := statusEntries(t, sJSON)
	if len(se) != 2 || se[0].StatusPurpose != "revocation" || se[1].StatusPurpose != "suspension" {
		t.Fatalf("suspendable credentialStatus = %+v, want revocation then suspension", se)
	}
	for _, step := range []struct {
		action   string
		verified bool
		bit      bool
	}{{"suspend", false, true}, {"unsuspend", true, false}} {
		if code, _, body := a.do("POST", "/api/v1/credentials/"+sid+"/"+step.action, adminToken, "application/json", `{"reason":"`+reason+`"}`); code != 200 {
			t.Fatalf("%s = %d %s", step.action, code, body)
		}
		if ok, body := verifyOutcome(t, a, sjwt); ok != step.verified {
			t.Errorf("after %s verified = %v, want %v: %s", step.action, ok, step.verified, body)
		}
		if bit, _ := listBit(t, a, se[1]); bit != step.bit {
			t.Errorf("after %s suspension bit = %v, want %v", step.action, bit, step.bit)
		}
		if bit, _ := listBit(t, a, se[0]); bit {
			t.Errorf("after %s the revocation bit is set", step.action)
		}
	}
	if code, _, _ := a.do("GET", "/status/default/revocation-99", "", "", ""); code != http.StatusNotFound {
		t.Errorf("GET a list never started = %d, want 404", code)
	}
}

// TestStatusListConcurrency: credentials issued and revoked in parallel
// get distinct indexes, and every revocation shows in the list.
func TestStatusListConcurrency(t *testing.T) {
	a := startApp(t)
	a.do("PUT", "/api/v1/achievements/project-trainer", adminToken, "application/yaml", trainerYAML)
	const n = 24
	var wg sync.WaitGroup
	entries := make([]statusEntry, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			member := fmt.Sprintf("m%02d", i)
			a.do("PUT", "/api/v1/members/"+member, adminToken, "application/json", `{"name":"M","email":"`+member+`@example.org"}`)
			code, _, body := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"project-trainer","member":"`+member+`"}`)
			var c struct{ ID string }
			if code != http.StatusCreated || json.Unmarshal(body, &c) != nil {
				t.Errorf("issue = %d %s", code, body)
				return
			}
			_, _, credJSON := a.do("GET", "/credentials/"+c.ID+".json", "", "", "")
			entries[i] = statusEntries(t, credJSON)[0]
			if i%2 == 0 {
				if code, _, body := a.do("POST", "/api/v1/credentials/"+c.ID+"/revoke", adminToken, "application/json", `{"reason":"r"}`); code != 200 {
					t.Errorf("revoke = %d %s", code, body)
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	seen := map[string]int{}
	for i, e := range entries {
		if j, ok := seen[e.ID]; ok {
			t.Errorf("credentials %d and %d share the status entry %s", j, i, e.ID)
		}
		seen[e.ID] = i
		if set, _ := listBit(t, a, e); set != (i%2 == 0) {
			t.Errorf("credential %d: bit %v, want %v", i, set, i%2 == 0)
		}
	}
}
