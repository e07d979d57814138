package store

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

func openPasskeyDB(t *testing.T) *DB {
	t.Helper()
	return MustOpenInternal(t)
}

// TestPasskeyRecordBytes pins the stored shape of the passkey records.
func TestPasskeyRecordBytes(t *testing.T) {
	for _, c := range []struct {
		name string
		rec  record
		want string
	}{
		{"passkey", &passkeyRecord{V: passkeyVersion, Member: "ana", Credential: json.RawMessage(`{"id":"AQI"}`), Name: "Phone", Created: g0, LastUsed: g1, SignCount: 7},
			`{"v":1,"member":"ana","credential":{"id":"AQI"},"name":"Phone","created":"2026-03-04T10:00:00Z","lastUsed":"2026-03-05T10:00:00Z","signCount":7}`},
		{"unused passkey", &passkeyRecord{V: passkeyVersion, Member: "ana", Credential: json.RawMessage(`{}`), Name: "Phone", Created: g0},
			`{"v":1,"member":"ana","credential":{},"name":"Phone","created":"2026-03-04T10:00:00Z","signCount":0}`},
		{"ceremony", &ceremonyRecord{V: ceremonyVersion, Member: "ana", Session: json.RawMessage(`{"challenge":"c"}`), Expires: g0},
			`{"v":1,"member":"ana","session":{"challenge":"c"},"expires":"2026-03-04T10:00:00Z"}`},
		{"sign-in ceremony", &ceremonyRecord{V: ceremonyVersion, Session: json.RawMessage(`{}`), Expires: g0},
			`{"v":1,"session":{},"expires":"2026-03-04T10:00:00Z"}`},
	} {
		b, err := json.Marshal(c.rec)
		if err != nil || string(b) != c.want {
			t.Errorf("%s record = %s, %v; want %s", c.name, b, err, c.want)
		}
	}
}

func TestCeremonySingleUse(t *testing.T) {
	db := openPasskeyDB(t)
	c := accolade.Ceremony{Challenge: "abc", Member: "ana", Session: []byte(`{"challenge":"abc"}`), Expires: g0.Add(5 * time.Minute)}
	if err := db.PutCeremony(c, g0); err != nil {
		t.Fatal(err)
	}
	if err := db.PutCeremony(c, g0); errs.KindOf(err) != errs.Conflict {
		t.Errorf("PutCeremony of a challenge in use: %v, want a conflict", err)
	}
	got, err := db.TakeCeremony("abc", g0.Add(time.Minute))
	if err != nil || got.Member != "ana" || string(got.Session) != `{"challenge":"abc"}` {
		t.Fatalf("TakeCeremony = %+v, %v", got, err)
	}
	if _, err := db.TakeCeremony("abc", g0.Add(time.Minute)); !errors.Is(err, accolade.ErrCeremonyUnknown) {
		t.Errorf("second TakeCeremony: %v, want accolade.ErrCeremonyUnknown", err)
	}
	late := accolade.Ceremony{Challenge: "late", Session: []byte(`{}`), Expires: g0.Add(5 * time.Minute)}
	if err := db.PutCeremony(late, g0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TakeCeremony("late", g0.Add(5*time.Minute)); !errors.Is(err, accolade.ErrCeremonyUnknown) {
		t.Errorf("TakeCeremony at its expiry: %v, want accolade.ErrCeremonyUnknown", err)
	}
	if _, err := db.TakeCeremony("", g0); !errors.Is(err, accolade.ErrCeremonyUnknown) {
		t.Errorf("TakeCeremony(\"\"): %v, want accolade.ErrCeremonyUnknown", err)
	}
	// Expired ceremonies are forgotten when another starts.
	old := accolade.Ceremony{Challenge: "old", Session: []byte(`{}`), Expires: g0.Add(time.Minute)}
	if err := db.PutCeremony(old, g0); err != nil {
		t.Fatal(err)
	}
	if err := db.PutCeremony(accolade.Ceremony{Challenge: "new", Session: []byte(`{}`), Expires: g1}, g0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TakeCeremony("old", g0); !errors.Is(err, accolade.ErrCeremonyUnknown) {
		t.Errorf("an expired ceremony survived the next one: %v", err)
	}
}

func TestPasskeys(t *testing.T) {
	db := openPasskeyDB(t)
	add := func(id, member string, created time.Time) {
		t.Helper()
		if err := db.AddPasskey(accolade.Passkey{ID: id, Member: member, Credential: []byte(`{"id":"` + id + `"}`), Name: id, Created: created}); err != nil {
			t.Fatal(err)
		}
	}
	add("k2", "ana", g1)
	add("k1", "ana", g0)
	add("k3", "bo", g0)
	if err := db.AddPasskey(accolade.Passkey{ID: "k1", Member: "bo", Credential: []byte(`{}`)}); !errors.Is(err, accolade.ErrPasskeyExists) {
		t.Errorf("AddPasskey of a stored id: %v, want accolade.ErrPasskeyExists", err)
	}
	list, err := db.Passkeys("ana")
	if err != nil || len(list) != 2 || list[0].ID != "k1" || list[1].ID != "k2" {
		t.Fatalf("Passkeys(ana) = %+v, %v; want k1, k2 (oldest first)", list, err)
	}
	if err := db.DeletePasskey("bo", "k1"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("DeletePasskey of another member's: %v, want not found", err)
	}
	s := accolade.Session{Hash: "h", Member: "ana", Created: g1, LastSeen: g1, Expires: g1.Add(time.Hour)}
	if err := db.UsePasskey("k3", []byte(`{}`), 4, s); errs.KindOf(err) != errs.NotFound {
		t.Errorf("UsePasskey of another member's passkey: %v, want not found", err)
	}
	if err := db.UsePasskey("k1", []byte(`{"id":"k1","n":1}`), 4, s); err != nil {
		t.Fatal(err)
	}
	p, err := db.Passkey("k1")
	if err != nil || p.SignCount != 4 || !p.LastUsed.Equal(g1) || string(p.Credential) != `{"id":"k1","n":1}` {
		t.Errorf("after UsePasskey: %+v, %v", p, err)
	}
	if got, err := db.Session("h", g1, time.Hour); err != nil || got.Member != "ana" {
		t.Errorf("the session UsePasskey started: %+v, %v", got, err)
	}
	if err := db.DeletePasskey("ana", "k1"); err != nil {
		t.Fatal(err)
	}
	if list, _ := db.Passkeys("ana"); len(list) != 1 || list[0].ID != "k2" {
		t.Errorf("after delete Passkeys(ana) = %+v", list)
	}
	if _, err := db.Passkey("k1"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("Passkey(k1) after delete: %v, want not found", err)
	}
}
