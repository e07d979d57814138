package ledger_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/ledger"
)

// seedImports adds the project's import files whose names start with
// prefix, as CSV or JSONL by their extension.
func seedImports(f *testing.F, prefix string) {
	files, _ := filepath.Glob("testdata/" + prefix + "*")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b, strings.HasSuffix(name, ".jsonl"))
		}
	}
	f.Add([]byte("id,name,email\n\"a,b\",\"x\"\"y\",\n"), false)
	f.Add([]byte("{\"id\":1}\n{\n\xff\xfe"), true)
}

// checkRows consumes an import and checks what every reader promises: rows
// come in file order, each with a value or an error, and nothing follows a
// fatal error.
func checkRows[T any](t *testing.T, rows func(func(ledger.Row[T]) bool)) {
	t.Helper()
	lastLine, fatal, n := 0, false, 0
	for r := range rows {
		if fatal {
			t.Fatalf("row %d (line %d) follows a fatal error", r.Row, r.Line)
		}
		if r.Line < lastLine {
			t.Errorf("row %d is on line %d, before the previous row's line %d", r.Row, r.Line, lastLine)
		}
		lastLine, fatal = r.Line, r.Fatal
		if r.Fatal && r.Err == nil {
			t.Errorf("row %d is fatal without an error", r.Row)
		}
		if n++; n > 1<<20 {
			t.Fatal("more rows than the input has bytes")
		}
	}
}

func format(jsonl bool) ledger.Format {
	if jsonl {
		return ledger.JSONL
	}
	return ledger.CSV
}

// FuzzReadMembers: ReadMembers never panics and keeps the row promises.
func FuzzReadMembers(f *testing.F) {
	seedImports(f, "members")
	f.Fuzz(func(t *testing.T, data []byte, jsonl bool) {
		checkRows(t, ledger.ReadMembers(bytes.NewReader(data), format(jsonl)))
	})
}

// FuzzReadExchanges: ReadExchanges never panics and keeps the row promises.
func FuzzReadExchanges(f *testing.F) {
	seedImports(f, "exchanges")
	f.Fuzz(func(t *testing.T, data []byte, jsonl bool) {
		checkRows(t, ledger.ReadExchanges(bytes.NewReader(data), format(jsonl)))
	})
}

// FuzzReadAttestations: ReadAttestations never panics and keeps the row
// promises.
func FuzzReadAttestations(f *testing.F) {
	seedImports(f, "attestations")
	f.Fuzz(func(t *testing.T, data []byte, jsonl bool) {
		checkRows(t, ledger.ReadAttestations(bytes.NewReader(data), format(jsonl)))
	})
}
