package ledger

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadDialects(t *testing.T) {
	tests := []struct {
		file, encoding string
		comma          rune
		ids            []string // rows read without error
		refused        string   // the first refused row's error, if any
	}{
		{"exchanges-utf16.csv", UTF16LE, '\t', []string{"ex-201", "ex-202"}, ""},
		{"exchanges-semicolon.csv", UTF8, ';', []string{"ex-301", "ex-302"}, ""},
		{"members-bom.csv", UTF8BOM, ',', []string{"zoe"}, ""},
		{"members-crlf.csv", UTF8, ',', []string{"win1", "win2"}, ""},
		{"members-latin1.csv", UTF8, ',', []string{"lat1"}, `row 2 (line 3): name: byte 0xE9 (character 4 of the cell) is not UTF-8 text`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			_, d, err := SniffCSV(strings.NewReader(string(data)))
			if err != nil || d.Encoding != tt.encoding || d.Comma != tt.comma {
				t.Errorf("SniffCSV(%s) = %+v, %v; want %s, %q", tt.file, d, err, tt.encoding, tt.comma)
			}
			var ids []string
			var refused string
			if strings.HasPrefix(tt.file, "members") {
				for row := range ReadMembers(strings.NewReader(string(data)), CSV) {
					if row.Err != nil {
						refused = row.Err.Error()
						continue
					}
					ids = append(ids, row.Value.ID)
				}
			} else {
				for row := range ReadExchanges(strings.NewReader(string(data)), CSV) {
					if row.Err != nil {
						refused = row.Err.Error()
						continue
					}
					if err := row.Value.Validate(now, nil); err != nil {
						t.Errorf("row %d: %v", row.Row, err)
					}
					ids = append(ids, row.Value.ID)
					if row.Value.ID == "ex-301" && (!slices.Equal(row.Value.Learners, []string{"grace", "margaret"}) || row.Value.Title != "Édition, niveau 1") {
						t.Errorf("ex-301 = %+v, want learners grace, margaret split on '|'", row.Value)
					}
					if row.Value.ID == "ex-302" && !slices.Equal(row.Value.Skills, []string{"training", "wikidata"}) {
						t.Errorf("ex-302 skills = %q, want ';' inside a quoted cell to split", row.Value.Skills)
					}
					if row.Value.ID == "ex-201" && row.Value.Title != "Édition de Wikipédia" {
						t.Errorf("ex-201 title = %q, want it converted from UTF-16", row.Value.Title)
					}
				}
			}
			if !slices.Equal(ids, tt.ids) || !strings.HasPrefix(refused, tt.refused) || (tt.refused == "") != (refused == "") {
				t.Errorf("read %s: ids %q, refused %q; want %q, %q", tt.file, ids, refused, tt.ids, tt.refused)
			}
		})
	}
}
