package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/accolade-badges/accolade/api"
)

// privateKeyMarkers are what any private key of ours would show, whoever
// wrote it: the PKCS#8 DER prefix of each key type we make (raw, and as
// the base64 that PEM, JSON and JWTs use), a PEM private key block, and
// the private members of a JWK.
func privateKeyMarkers(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{"PEM private key": []byte("PRIVATE KEY-----"), `JWK "d"`: []byte(`"d":"`), `JWK "dp"`: []byte(`"dp":"`)}
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rs, _ := rsa.GenerateKey(rand.Reader, 2048)
	for name, k := range map[string]any{"Ed25519": ed, "P-256": ec, "RSA-2048": rs} {
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		// The header before the key's own bytes: the same for every key of
		// the type, but for RSA's length bytes, which the RSA markers skip
		// (from the version 0 on, aligned to 3 bytes for the base64 forms).
		raw, aligned := der[:16], der[:15]
		switch name {
		case "P-256":
			raw, aligned = der[:24], der[:24]
		case "RSA-2048":
			raw, aligned = der[4:22], der[6:21]
		}
		out[name+" PKCS#8 DER"] = raw
		out[name+" PKCS#8 base64"] = []byte(base64.StdEncoding.EncodeToString(aligned))
		out[name+" PKCS#8 base64url"] = []byte(base64.RawURLEncoding.EncodeToString(aligned))
	}
	return out
}

// leaks returns the markers found in b.
func leaks(markers map[string][]byte, b []byte) []string {
	var out []string
	for name, m := range markers {
		if bytes.Contains(b, m) {
			out = append(out, name)
		}
	}
	return out
}

// TestNoKeyMaterialLeaks runs the demo with keys of all three algorithms
// and scans what leaves the keyring — every file of the data directory,
// the log, the answers of the public pages and of every GET of the admin
// API, and the key commands' output — for private key material in any of
// the forms it could take. The scanner is checked first on real keys.
func TestNoKeyMaterialLeaks(t *testing.T) {
	markers := privateKeyMarkers(t)
	for _, alg := range []string{"Ed25519", "P-256", "RSA-2048"} {
		var k any
		switch alg {
		case "Ed25519":
			_, k, _ = ed25519.GenerateKey(rand.Reader)
		case "P-256":
			k, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		default:
			k, _ = rsa.GenerateKey(rand.Reader, 2048)
		}
		der, _ := x509.MarshalPKCS8PrivateKey(k)
		for _, form := range [][]byte{der, []byte(base64.StdEncoding.EncodeToString(der)), []byte(base64.RawURLEncoding.EncodeToString(der))} {
			if len(leaks(markers, form)) == 0 {
				t.Fatalf("the scanner misses a %s private key", alg)
			}
		}
	}

	var logs bytes.Buffer // read once the server has stopped
	dir := t.TempDir()
	a := startMain(t, dir, "", func(m *Main) {
		m.Log = slog.New(slog.NewJSONHandler(&syncWriter{w: &logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}, "--demo")
	for _, args := range [][]string{{"issuers", "create", "north", "--name", "North", "--alg", "ES256"}, {"issuers", "create", "east", "--name", "East", "--alg", "EdDSA"}} {
		if code, o, e := cli(t, map[string]string{"ACCOLADE_TOKEN": adminToken}, append(args, "--server", a.base)...); code != exitOK {
			t.Fatalf("%v = %d\n%s%s", args, code, o, e)
		}
	}
	a.do("POST", "/api/v1/issuers/default/keys/rotate", adminToken, "", "")

	var answers []string
	get := func(path, token string) []byte {
		code, _, body := a.do("GET", path, token, "", "")
		if code >= 500 {
			t.Errorf("GET %s = %d", path, code)
		}
		answers = append(answers, path)
		return body
	}
	var seen [][]byte
	for _, p := range []string{"/api/v1/issuers", "/api/v1/members", "/api/v1/credentials", "/api/v1/tokens", "/api/v1/audit", "/api/v1/metrics", "/api/v1/achievements", "/api/v1/applications"} {
		seen = append(seen, get(p, adminToken))
	}
	var creds api.CredentialList
	json.Unmarshal(seen[2], &creds)
	for _, slug := range []string{"default", "north", "east"} {
		for _, p := range []string{"/api/v1/issuers/" + slug, "/api/v1/issuers/" + slug + "/keys"} {
			seen = append(seen, get(p, adminToken))
		}
		for _, p := range []string{"/issuers/" + slug, "/issuers/" + slug + "/did.json"} {
			seen = append(seen, get(p, ""))
		}
	}
	for _, p := range []string{"/", "/verify", "/.well-known/jwks.json"} {
		seen = append(seen, get(p, ""))
	}
	for i, c := range creds.Credentials {
		if i == 3 {
			break
		}
		for _, ext := range []string{"", ".json", ".jwt", ".png", ".svg", ".pdf"} {
			seen = append(seen, get("/credentials/"+c.ID+ext, ""))
		}
	}
	for _, args := range [][]string{{"keys", "list"}, {"issuers", "show", "default"}, {"token", "list"}} {
		_, o, e := cli(t, map[string]string{"ACCOLADE_TOKEN": adminToken}, append(args, "--server", a.base)...)
		seen = append(seen, []byte(o+e))
	}
	for i, b := range seen {
		if found := leaks(markers, b); len(found) > 0 {
			t.Errorf("answer %d (%s) holds private key material: %v", i, answerName(answers, i), found)
		}
	}
	if err := a.m.Close(); err != nil {
		t.Fatal(err)
	}
	if found := leaks(markers, logs.Bytes()); len(found) > 0 {
		t.Errorf("the log holds private key material: %v", found)
	}
	files := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		if found := leaks(markers, b); len(found) > 0 {
			t.Errorf("%s holds unsealed private key material: %v", p, found)
		}
		return nil
	})
	if files == 0 || len(seen) < 30 {
		t.Errorf("scanned %d files and %d answers: too few for the test to mean anything", files, len(seen))
	}
}

func answerName(names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return "a command's output"
}
