package main

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/pgtest"
	"github.com/accolade-badges/accolade/store"
)

// TestPostgresTwoNodesKeys: keys rotated, and a community created,
// through one node of a shared database reach the other within its
// reload interval: it then signs with the new key, verifies what the old
// one signed, and issues for the new community.
func TestPostgresTwoNodesKeys(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skipf("%s is not set: make test-pg runs this on a throwaway PostgreSQL", pgtest.EnvURL)
	}
	url := pgtest.URL(t)
	if _, err := store.Migrate(url); err != nil {
		t.Fatal(err)
	}
	node := func() *app {
		a := startMain(t, t.TempDir(), "https://badges.example.org", func(m *Main) {
			m.Config.DatabaseURL, m.Config.KeyPassphrase = url, pgPassphrase
			m.KeyReloadEvery = 100 * time.Millisecond
		})
		a.databaseURL = url
		return a
	}
	a := node()
	b := node()
	a.do("PUT", "/api/v1/achievements/project-trainer", adminToken, "application/yaml", trainerYAML)
	issue := func(on *app, member, achievement, community string) (id, kid string) {
		t.Helper()
		if code, _, body := on.do("PUT", "/api/v1/members/"+member, adminToken, "application/json", `{"name":"`+member+`","email":"`+member+`@example.org","communities":["`+community+`"]}`); code >= 300 {
			t.Fatalf("PUT member %s = %d %s", member, code, body)
		}
		code, _, body := on.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"`+achievement+`","member":"`+member+`"}`)
		var issued struct{ ID, JWT string }
		mustJSON(t, body, &issued)
		if code != http.StatusCreated {
			t.Fatalf("issue %s on a node = %d %s", achievement, code, body)
		}
		return issued.ID, headerKID(t, issued.JWT)
	}
	_, oldKID := issue(b, "ana", "project-trainer", "default")
	code, _, body := a.do("POST", "/api/v1/issuers/default/keys/rotate", adminToken, "application/json", "")
	if code != http.StatusOK {
		t.Fatalf("rotate on node A = %d %s", code, body)
	}
	if code, _, body := a.do("POST", "/api/v1/issuers", adminToken, "application/json", `{"slug":"north","name":"North"}`); code != http.StatusCreated {
		t.Fatalf("create north on node A = %d %s", code, body)
	}
	a.do("PUT", "/api/v1/achievements/north-host", adminToken, "application/yaml", northHostYAML)
	var newKID string
	waitFor(t, "node B to sign with the key rotated on node A", func() bool {
		_, newKID = issueOnce(t, b)
		return newKID != oldKID
	})
	if _, kid := issue(a, "cai", "project-trainer", "default"); kid != newKID {
		t.Errorf("node A signs with %s, node B with %s", kid, newKID)
	}
	// north's keys may reach node B at a later reload than the rotation.
	if code, _, body := b.do("PUT", "/api/v1/members/dee", adminToken, "application/json", `{"name":"dee","email":"dee@example.org","communities":["north"]}`); code >= 300 {
		t.Fatalf("PUT member dee = %d %s", code, body)
	}
	waitFor(t, "node B to issue for the community created on node A", func() bool {
		code, _, _ := b.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"north-host","member":"dee"}`)
		return code == http.StatusCreated
	})
}

var issueOnceN int

// headerKID is the kid of a JWT's header.
func headerKID(t *testing.T, jwt string) string {
	t.Helper()
	head, _, _ := strings.Cut(jwt, ".")
	raw, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		t.Fatalf("JWT header: %v", err)
	}
	var h struct{ Kid string }
	mustJSON(t, raw, &h)
	return h.Kid
}

// issueOnce issues a project-trainer credential to a new member on c and
// returns its id and the JWT's kid.
func issueOnce(t *testing.T, c *app) (string, string) {
	t.Helper()
	issueOnceN++
	m := fmt.Sprintf("w%d", issueOnceN)
	c.do("PUT", "/api/v1/members/"+m, adminToken, "application/json", `{"name":"W","email":"`+m+`@example.org"}`)
	code, _, body := c.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"project-trainer","member":"`+m+`"}`)
	var issued struct{ ID, JWT string }
	mustJSON(t, body, &issued)
	if code != http.StatusCreated {
		t.Fatalf("issue on a node = %d %s", code, body)
	}
	return issued.ID, headerKID(t, issued.JWT)
}
