package store

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/accolade-badges/accolade"
)

// TestOutboxRecordGolden pins the stored bytes of an outbox record, as
// TestRecordGolden does for the others, and its round trip.
func TestOutboxRecordGolden(t *testing.T) {
	n := &accolade.Notice{ID: "confirm:e1:bo", Kind: accolade.NoticeConfirm, Member: "bo", Credential: "c1", Exchange: "e1",
		Application: "p1", By: "ana", Link: "https://example.org/signin/x", Created: g0}
	r := toOutboxRecord(n)
	r.State, r.Attempts, r.NextAttempt, r.LastError, r.Note, r.SentAt = OutboxFailed, 3, g1, "451 later", "n", g1
	got, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "outbox.golden")
	if *update {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, bytes.TrimSuffix(want, []byte("\n"))) {
		t.Errorf("stored outbox record =\n%s\nwant (%s)\n%s", got, path, want)
	}
	if back := noticeFromRecord(toOutboxRecord(n)); !reflect.DeepEqual(back, n) {
		t.Errorf("notice read back as %+v, want %+v", back, n)
	}
}
