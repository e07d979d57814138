package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestConsoleKeys: rotating adds keys and retires the old ones; removing a
// retired key that signed a credential is refused without force, with the
// API's words; the active key cannot be removed.
func TestConsoleKeys(t *testing.T) {
	f := newConsoleFixture(t)
	ks, base := f.ts.s.keys, "/console/default/keys"
	old := ks.Public("default")
	body := getConsole(t, f.bob, base)
	for _, k := range old {
		if !strings.Contains(body, k.ID) {
			t.Errorf("the page does not list key %s", k.ID)
		}
	}
	if !strings.Contains(body, "1 credential") {
		t.Error("the page does not say the active key signed the fixture's credential")
	}
	active := old[0].ID
	if rec := f.bob.do("POST", base+"/"+active+"/remove", url.Values{"force": {"true"}}); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "The active key cannot be removed: rotate the keys first.") {
		t.Errorf("removing the active key: %d, want 422", rec.Code)
	}
	postConsole(t, f.bob, base+"/rotate", url.Values{}, "rotated")
	now := ks.Public("default")
	if len(now) != 2*len(old) {
		t.Fatalf("after rotating: %d keys, want %d", len(now), 2*len(old))
	}
	if k, _ := ks.Key(active); k.Active() {
		t.Error("after rotating the old key is still active")
	}
	signed, err := f.ts.s.signedBy()
	mustOK(t, err)
	rec := f.bob.do("POST", base+"/"+active+"/remove", url.Values{})
	if n := signed[active]; n == 0 || rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "This key signed 1 credential, which would stop verifying: tick the box to remove it anyway.") {
		t.Errorf("removing a retired key that signed %d credentials without force: %d, want 422 with the refusal\n%s", n, rec.Code, rec.Body)
	}
	if _, ok := ks.Key(active); !ok {
		t.Fatal("a refused removal removed the key")
	}
	postConsole(t, f.bob, base+"/"+active+"/remove", url.Values{"force": {"true"}}, "keyRemoved")
	if _, ok := ks.Key(active); ok {
		t.Error("after a forced removal the key is still there")
	}
}
