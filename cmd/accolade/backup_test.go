package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/store"
)

// TestBackupRestore takes a backup through a running server, restores it
// into an empty data directory, and verifies every credential there
// (JSON and VC-JWT) with the restored keys; a backup without the right
// token, and a restore over a database, are refused and write nothing.
func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	communityWithOneCredential(t, dir)
	a := startAppIn(t, dir, "")
	out := filepath.Join(t.TempDir(), "backup.db")
	env := map[string]string{"ACCOLADE_TOKEN": "not-the-token"}
	if code, o, e := cli(t, env, "backup", out, "--server", a.base); code == exitOK || !strings.Contains(o+e, "not valid") {
		t.Errorf("backup with a wrong token = %d\n%s%s", code, o, e)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused backup left a file")
	}
	env["ACCOLADE_TOKEN"] = adminToken
	if code, o, e := cli(t, env, "backup", out, "--server", a.base); code != exitOK || !strings.Contains(e, "keyring.key") {
		t.Fatalf("backup = %d\n%s%s", code, o, e)
	}
	if code, o, e := cli(t, map[string]string{"ACCOLADE_DATA": dir}, "backup", out+"2"); code == exitOK || !strings.Contains(o+e, "in use by another accolade process") {
		t.Errorf("backup of a served data directory without --server = %d\n%s%s", code, o, e)
	}

	restored := filepath.Join(t.TempDir(), "restored")
	code, o, e := cli(t, map[string]string{"ACCOLADE_DATA": restored}, "restore", out)
	if code != exitOK || !strings.Contains(o, "1 communities, ") || !strings.Contains(o, " 1 credentials") || !strings.Contains(e, "copy keyring.key") {
		t.Fatalf("restore = %d\n%s%s", code, o, e)
	}
	if code, o, e := cli(t, map[string]string{"ACCOLADE_DATA": restored}, "restore", out); code == exitOK || !strings.Contains(o+e, "restore into an empty data directory") {
		t.Errorf("restore over a database = %d\n%s%s", code, o, e)
	}
	key, err := os.ReadFile(filepath.Join(dir, "keyring.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, "keyring.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(restored)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := db.Credentials(accolade.CredentialFilter{})
	db.Close()
	if err != nil || len(recs) == 0 {
		t.Fatalf("restored credentials = %d, %v", len(recs), err)
	}
	files := t.TempDir()
	for _, r := range recs {
		for name, body := range map[string][]byte{r.ID + ".jwt": []byte(r.JWT), r.ID + ".json": r.JSON} {
			p := filepath.Join(files, name)
			if err := os.WriteFile(p, body, 0o600); err != nil {
				t.Fatal(err)
			}
			if code, o, e := cli(t, map[string]string{"ACCOLADE_DATA": restored}, "verify", p); code != exitOK {
				t.Errorf("verify %s in the restored directory = %d\n%s%s", name, code, o, e)
			}
		}
	}
}

// TestCompactCommand: compact refuses a served data directory, then
// shrinks a stopped one that still verifies its credential.
func TestCompactCommand(t *testing.T) {
	dir := t.TempDir()
	jwt := communityWithOneCredential(t, dir)
	env := map[string]string{"ACCOLADE_DATA": dir}
	a := startAppIn(t, dir, "")
	if code, o, e := cli(t, env, "compact"); code == exitOK || !strings.Contains(o+e, "in use by another accolade process") {
		t.Errorf("compact while serving = %d\n%s%s", code, o, e)
	}
	if err := a.m.Close(); err != nil {
		t.Fatal(err)
	}
	if code, o, e := cli(t, env, "compact"); code != exitOK || !strings.Contains(o, "compacted ") {
		t.Fatalf("compact = %d\n%s%s", code, o, e)
	}
	if code, o, e := cli(t, env, "verify", jwt); code != exitOK {
		t.Errorf("verify after compacting = %d\n%s%s", code, o, e)
	}
}

// TestMembersForget: accolade members forget erases a member in the data
// directory and says what went; forgetting nobody is an error.
func TestMembersForget(t *testing.T) {
	dir := t.TempDir()
	jwt := communityWithOneCredential(t, dir)
	env := map[string]string{"ACCOLADE_DATA": dir}
	code, o, e := cli(t, env, "members", "forget", "mia")
	if code != exitOK || !strings.Contains(o, "forgot mia") || !strings.Contains(o, "1 credentials no longer served") {
		t.Fatalf("members forget mia = %d\n%s%s", code, o, e)
	}
	if code, o, e := cli(t, env, "members", "forget", "nobody"); code == exitOK || !strings.Contains(o+e, `no member "nobody"`) {
		t.Errorf("members forget nobody = %d\n%s%s", code, o, e)
	}
	if code, o, e := cli(t, env, "verify", jwt); code != exitOK {
		t.Errorf("the forgotten member's own VC-JWT = %d\n%s%s", code, o, e)
	}
}
