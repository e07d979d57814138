package ledger

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// TestReadTestdata reads every example file; each row must parse and
// validate, since the README points coordinators to these files.
func TestReadTestdata(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "members.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ids []string
	for row := range ReadMembers(f, CSV) {
		if row.Err != nil {
			t.Fatalf("ReadMembers: %v", row.Err)
		}
		if err := row.Value.Validate(); err != nil {
			t.Errorf("members.csv: %v", row.Fail(err))
		}
		ids = append(ids, row.Value.ID)
	}
	if len(ids) != 12 {
		t.Fatalf("members.csv: %d rows, want 12", len(ids))
	}
	exists := known(ids...)
	tests := []struct {
		file string
		rows int
	}{
		{"exchanges.csv", 6}, {"exchanges.jsonl", 3}, {"attestations.csv", 3}, {"attestations.jsonl", 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			check := func(err error) {
				if err != nil {
					t.Errorf("%s: %v", tt.file, err)
				}
			}
			format := FormatOf(tt.file)
			if strings.HasPrefix(tt.file, "exchanges") {
				for row := range ReadExchanges(strings.NewReader(string(data)), format) {
					n++
					check(row.Err)
					if row.Err == nil {
						check(row.Value.Validate(now, exists))
					}
				}
			} else {
				for row := range ReadAttestations(strings.NewReader(string(data)), format) {
					n++
					check(row.Err)
					if row.Err == nil {
						check(row.Value.Validate(now, exists))
					}
				}
			}
			if n != tt.rows {
				t.Errorf("%s: %d rows, want %d", tt.file, n, tt.rows)
			}
		})
	}
}

func TestReadExchangesCSV(t *testing.T) {
	in := "ID, Kind ,skills,hours,occurredAt,teachers,learners,confirmedBy,rating\n" +
		"e1,workshop,training; wikidata ,1.5,2026-03-04,ada,grace;linus;,grace,4\n" +
		"e2,workshop,training,lots,2026-03-04,ada,grace,,\n" +
		"e3,workshop,training,1,yesterday,ada,grace,,\n" +
		"e4,workshop,training,1,2026-03-04,ada,grace,,five\n" +
		"e5,workshop\n" +
		"\"e6\nx\",workshop,training,1,2026-03-04T10:00:00+01:00,ada,grace,,\n"
	want := []struct {
		row, line int
		field     string
	}{
		{1, 2, ""}, {2, 3, "hours"}, {3, 4, "occurredAt"}, {4, 5, "rating"}, {5, 6, ""}, {6, 7, ""},
	}
	var got []Row[*Exchange]
	for row := range ReadExchanges(strings.NewReader(in), CSV) {
		got = append(got, row)
	}
	if len(got) != len(want) {
		t.Fatalf("ReadExchanges: %d rows, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Row != w.row || g.Line != w.line {
			t.Errorf("row %d: Row, Line = %d, %d, want %d, %d", i, g.Row, g.Line, w.row, w.line)
		}
		if f := errs.FieldOf(g.Err); f != w.field {
			t.Errorf("row %d: field = %q, want %q (err: %v)", i, f, w.field, g.Err)
		}
	}
	e := got[0].Value
	if e.Hours != 1.5 || len(e.Skills) != 2 || e.Skills[1] != "wikidata" || len(e.Learners) != 2 || e.Rating != 4 {
		t.Errorf("row 1 = %+v", e)
	}
	if !e.OccurredAt.Equal(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("row 1 occurredAt = %v, want 2026-03-04 UTC", e.OccurredAt)
	}
	if got[4].Err == nil || !strings.Contains(got[4].Err.Error(), "row 5 (line 6): has 2 cells") {
		t.Errorf("row 5 error = %v, want a cell count error", got[4].Err)
	}
	if got[5].Err != nil || got[5].Value.ID != "e6\nx" {
		t.Errorf("row 6 = %+v, %v; want a quoted multi-line id", got[5].Value, got[5].Err)
	}
}

func TestReadHeaderErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "empty file"},
		{"unknown column", "id,name,email,phone\n", `unknown column "phone"`},
		{"missing column", "id,name\n", `column "email" is missing`},
		{"twice", "id,name,email,NAME\n", `column "NAME" appears twice`},
		{"unclosed quote", "id,name,email\nada,\"Ada,ada@example.org\n", "row 1 (line 2): malformed: an unclosed quote (a cell on line 2 starts with"},
		{"text after a quote", "id,name,email\nada,\"Ada\"x,ada@example.org\nb,B,b@example.org\n", "malformed: text follows the closing quote of a cell on line 2"},
		{"bare quote", "id,name,email\nada,Ada \"the\" first,ada@example.org\n", "malformed: a quote (\") in the middle of a cell on line 2"},
		{"UTF-16 without a byte order mark", "i\x00d\x00,\x00\n\x00", "looks like UTF-16 text without a byte order mark"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rows []Row[*accolade.Member]
			for row := range ReadMembers(strings.NewReader(tt.in), CSV) {
				rows = append(rows, row)
			}
			if len(rows) != 1 || !rows[0].Fatal || rows[0].Err == nil {
				t.Fatalf("ReadMembers(%q) = %+v, want one fatal row", tt.in, rows)
			}
			if !strings.Contains(rows[0].Err.Error(), tt.want) {
				t.Errorf("ReadMembers(%q) error = %v, want it to contain %q", tt.in, rows[0].Err, tt.want)
			}
		})
	}
}

func TestReadJSONL(t *testing.T) {
	in := "\ufeff{\"id\":\"ada\",\"name\":\"Ada\",\"email\":\"ada@example.org\"}\n" +
		"\n" +
		"{\"id\":\"grace\",\"name\":\"Grace\",\"email\":\"g@example.org\",\"phone\":\"1\"}\r\n" +
		"[1,2]\n" +
		"{\"id\":7}\n"
	want := []struct {
		row, line int
		field     string
		ok        bool
	}{
		{1, 1, "", true}, {2, 3, "phone", false}, {3, 4, "", false}, {4, 5, "id", false},
	}
	i := 0
	for row := range ReadMembers(strings.NewReader(in), JSONL) {
		if i >= len(want) {
			t.Fatalf("ReadMembers: extra row %+v", row)
		}
		w := want[i]
		if row.Row != w.row || row.Line != w.line || (row.Err == nil) != w.ok || errs.FieldOf(row.Err) != w.field {
			t.Errorf("row %d = {Row %d Line %d Err %v}, want {Row %d Line %d field %q ok %v}",
				i, row.Row, row.Line, row.Err, w.row, w.line, w.field, w.ok)
		}
		i++
	}
	if i != len(want) {
		t.Errorf("ReadMembers: %d rows, want %d", i, len(want))
	}
}

func TestReadStopsEarly(t *testing.T) {
	in := "id,name,email\na,A,a@example.org\nb,B,b@example.org\n"
	n := 0
	for range ReadMembers(strings.NewReader(in), CSV) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("rows after break = %d, want 1", n)
	}
}

func TestFormat(t *testing.T) {
	if FormatOf("x.JSONL") != JSONL || FormatOf("x.csv") != CSV || FormatOf("x") != CSV {
		t.Errorf("FormatOf misreads extensions")
	}
	if f, err := ParseFormat("ndjson"); err != nil || f != JSONL {
		t.Errorf("ParseFormat(ndjson) = %v, %v", f, err)
	}
	if _, err := ParseFormat("xml"); errs.KindOf(err) != errs.Invalid {
		t.Errorf("ParseFormat(xml) kind = %v, want %v", errs.KindOf(err), errs.Invalid)
	}
}

func TestReadJSONLTooLong(t *testing.T) {
	in := `{"id":"a","name":"A","email":"a@example.org"}` + "\n" + `{"id":"` + strings.Repeat("x", MaxJSONLLine) + `"}` + "\n"
	var rows []Row[*accolade.Member]
	for row := range ReadMembers(strings.NewReader(in), JSONL) {
		rows = append(rows, row)
	}
	if len(rows) != 2 || rows[0].Err != nil || !rows[1].Fatal || errs.KindOf(rows[1].Err) != errs.TooLarge {
		t.Fatalf("ReadMembers(long line) = %+v, want a row then a fatal too-large error", rows)
	}
	if got, want := rows[1].Err.Error(), "row 2 (line 2): a line is longer than"; !strings.HasPrefix(got, want) {
		t.Errorf("error = %q, want prefix %q", got, want)
	}
}

func TestReadMembersListed(t *testing.T) {
	in := "id,name,email,latinName,listed\n" +
		"a,Ana,a@example.org,,yes\n" +
		"b,ليلى,b@example.org,Layla,FALSE\n" +
		"c,Cy,c@example.org,,1\n" +
		"d,Di,d@example.org,,\n" +
		"e,Ed,e@example.org,,perhaps\n"
	want := map[string]bool{"a": true, "b": false, "c": true, "d": false}
	var got []string
	for row := range ReadMembers(strings.NewReader(in), CSV) {
		if row.Err != nil {
			got = append(got, row.Err.Error())
			continue
		}
		if row.Value.Listed != want[row.Value.ID] {
			t.Errorf("member %s Listed = %v, want %v", row.Value.ID, row.Value.Listed, want[row.Value.ID])
		}
		if row.Value.ID == "b" && row.Value.LatinName != "Layla" {
			t.Errorf("member b LatinName = %q, want Layla", row.Value.LatinName)
		}
	}
	if len(got) != 1 || !strings.Contains(got[0], "row 5") || !strings.Contains(got[0], "listed") || !strings.Contains(got[0], `"perhaps"`) {
		t.Errorf("errors = %q, want one naming row 5, the listed column and the value", got)
	}
}
