package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBrowserOAuth runs webtest/oauth.mjs (see its header) against the
// demo community, on the http base URL a newcomer gets: a platform
// registers, Olga signs in by the mailed link and allows it on the
// consent page, in English and in Arabic, and the platform fetches her
// credentials and profile through the Open Badges API until she ends the
// access on her settings page. The credentials it fetched then go through
// the independent libraries of interop/check.mjs (checkCollected), as the
// other platform would verify them. Screenshots go to
// $ACCOLADE_SCREENSHOTS/oauth.
func TestBrowserOAuth(t *testing.T) {
	node, script, out := webScript(t, "oauth.mjs")
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			port := freePort(t)
			base := fmt.Sprintf("http://127.0.0.1:%d", port)
			_, _, inbox := startMailDemo(t, func(m *Main) {
				m.Config.Addr, m.Config.BaseURL = fmt.Sprintf("127.0.0.1:%d", port), base
			})
			saved := filepath.Join(t.TempDir(), "fetched.json")
			runWebScript(t, 2*time.Minute, node, script, "--base", base, "--mail", inbox, "--lang", lang,
				"--out", filepath.Join(out, "oauth"), "--save", saved)
			checkCollected(t, base, fetchedThroughAPI(t, saved))
		})
	}
}

// fetchedThroughAPI reads a getCredentials response saved by oauth.mjs and
// returns each credential as one job with both its forms, after checking
// that credential[i] and compactJwsString[i] are the same credential.
func fetchedThroughAPI(t *testing.T, file string) []jobCredential {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("oauth.mjs saved nothing: %v", err)
	}
	var body struct {
		Credential       []json.RawMessage `json:"credential"`
		CompactJwsString []string          `json:"compactJwsString"`
	}
	mustJSON(t, b, &body)
	if len(body.Credential) == 0 || len(body.Credential) != len(body.CompactJwsString) {
		t.Fatalf("fetched %d JSON and %d JWT credentials, want the same number, at least one", len(body.Credential), len(body.CompactJwsString))
	}
	var creds []jobCredential
	for i, c := range body.Credential {
		var doc, payload struct{ ID string }
		mustJSON(t, c, &doc)
		parts := strings.Split(body.CompactJwsString[i], ".")
		if len(parts) != 3 {
			t.Fatalf("compactJwsString[%d] is not a compact JWS", i)
		}
		mustJSON(t, b64(t, parts[1]), &payload)
		if doc.ID == "" || doc.ID != payload.ID {
			t.Fatalf("credential[%d] is %q but compactJwsString[%d] is %q", i, doc.ID, i, payload.ID)
		}
		creds = append(creds, jobCredential{Name: fmt.Sprintf("API credential %d", i+1), Expect: "valid",
			JSON: c, JWT: body.CompactJwsString[i]})
	}
	return creds
}
