package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/store"
)

const ledgerData = "../../ledger/testdata/"

// TestImportReportsEveryRow imports the coordinator's awkward files, in
// process and through a server: every row's outcome is reported in row
// order, in the file's words, with how many rows were stored.
func TestImportReportsEveryRow(t *testing.T) {
	tests := []struct {
		file, kind string
		code       int
		want       []string // in this order
		not        []string
	}{
		{"exchanges-malformed.csv", "exchanges", exitFailure, []string{
			"7 rows of exchanges",
			"row 2: column \"kind\": \"lecture\" is not one of",
			"row 3: column \"hours\":",
			"row 4: column \"occurredAt\":",
			"row 5: column \"learners\": member \"nobody\" does not exist; add them to your members file and import it first",
			"row 6: column \"occurredAt\": \"05/11/2026\" is not",
			"row 7: malformed: an unclosed quote (a cell on line 8 starts with \" and no \" ends it)",
			"1 of 7 rows stored; 5 refused; row 7 is malformed, so the rest of the file was not read.",
		}, []string{"line 1: line 1", "(line ", "PUT /api", "parse error"}},
		{"exchanges-utf16.csv", "exchanges", exitOK, []string{"(CSV, UTF-16LE, cells separated by tab)", "2 rows of exchanges: 2 created", "2 of 2 rows stored."}, nil},
		{"members-bom.csv", "members", exitOK, []string{"UTF-8 with a byte order mark", "1 row of members: 1 created", "1 of 1 row stored."}, []string{"1 rows"}},
		{"exchanges-semicolon.csv", "exchanges", exitOK, []string{"cells separated by ';'", "2 created", "2 of 2 rows stored."}, nil},
		{"members-crlf.csv", "members", exitOK, []string{"2 rows of members: 2 created"}, nil},
		{"members-latin1.csv", "members", exitFailure, []string{"1 created",
			"row 2: column \"name\": byte 0xE9 (character 4 of the cell) is not UTF-8 text", "save it from your spreadsheet as \"CSV UTF-8\""}, nil},
	}
	for _, mode := range []string{"in process", "through a server"} {
		t.Run(mode, func(t *testing.T) {
			env := map[string]string{"ACCOLADE_TOKEN": adminToken}
			var extra []string
			if mode == "in process" {
				dir := t.TempDir()
				env["ACCOLADE_DATA"] = dir
				if code, out, errOut := cli(t, env, "init", "--issuer-name", "Riverside"); code != 0 {
					t.Fatalf("init = %d\n%s%s", code, out, errOut)
				}
			} else {
				extra = []string{"--server", startApp(t).base}
			}
			if code, out, errOut := cli(t, env, append([]string{"import", "members", ledgerData + "members.csv"}, extra...)...); code != 0 {
				t.Fatalf("import members = %d\n%s%s", code, out, errOut)
			}
			for _, tt := range tests {
				t.Run(tt.file, func(t *testing.T) {
					code, out, errOut := cli(t, env, append([]string{"import", tt.kind, ledgerData + tt.file}, extra...)...)
					if code != tt.code {
						t.Errorf("import %s = exit %d, want %d\n%s%s", tt.file, code, tt.code, out, errOut)
					}
					rest := out
					for _, w := range tt.want {
						i := strings.Index(rest, w)
						if i < 0 {
							t.Errorf("import %s: output lacks %q (in this order)\n%s", tt.file, w, out)
							continue
						}
						rest = rest[i+len(w):]
					}
					for _, n := range tt.not {
						if strings.Contains(out+errOut, n) {
							t.Errorf("import %s: output has %q\n%s%s", tt.file, n, out, errOut)
						}
					}
				})
			}
		})
	}
}

// TestImportAPIReport posts files to POST /api/v1/import/{kind} directly.
func TestImportAPIReport(t *testing.T) {
	a := startApp(t)
	members, _ := os.ReadFile(ledgerData + "members.csv")
	a.do("POST", "/api/v1/import/members", adminToken, "text/csv", string(members))
	type problem struct {
		Row          int
		Field, Error string
	}
	var rep struct {
		Rows, Created, Failed int
		Errors                []problem
		Stopped               *problem
		Encoding, Separator   string
	}
	body, _ := os.ReadFile(ledgerData + "exchanges-malformed.csv")
	code, _, out := a.do("POST", "/api/v1/import/exchanges", adminToken, "text/csv", string(body))
	if err := json.Unmarshal(out, &rep); code != 200 || err != nil {
		t.Fatalf("import = %d %s", code, out)
	}
	var rows []int
	for _, e := range rep.Errors {
		rows = append(rows, e.Row)
		if strings.HasPrefix(e.Error, "row ") || strings.HasPrefix(e.Error, "line ") {
			t.Errorf("error %q repeats where it is", e.Error)
		}
	}
	if rep.Rows != 7 || rep.Created != 1 || rep.Failed != 5 || len(rows) != 5 || rows[0] != 2 || rows[4] != 6 {
		t.Errorf("report = %+v, want 7 rows, 1 created, rows 2-6 refused in order", rep)
	}
	if rep.Stopped == nil || rep.Stopped.Row != 7 || !strings.Contains(rep.Stopped.Error, "unclosed quote") {
		t.Errorf("stopped = %+v, want row 7, an unclosed quote", rep.Stopped)
	}
	body, _ = os.ReadFile(ledgerData + "exchanges-utf16.csv")
	rep.Stopped, rep.Errors = nil, nil
	code, _, out = a.do("POST", "/api/v1/import/exchanges", adminToken, "text/csv", string(body))
	if err := json.Unmarshal(out, &rep); code != 200 || err != nil || rep.Created != 2 || rep.Encoding != "UTF-16LE" || rep.Separator != "\t" {
		t.Errorf("UTF-16 import = %d %s", code, out)
	}
	// The JSON API keeps its own advice for an unknown member.
	ex := `{"id":"ex-x","kind":"workshop","skills":["training"],"hours":1,"occurredAt":"2026-02-15T10:00:00Z","teachers":["ada"],"learners":["nobody"]}`
	if code, _, out := a.do("POST", "/api/v1/exchanges", adminToken, "application/json", ex); code != 400 || !strings.Contains(string(out), "PUT /api/v1/members/nobody") {
		t.Errorf("POST exchange with an unknown member = %d %s", code, out)
	}
}

// TestClientMessages checks what the CLI says when the server cannot answer.
func TestClientMessages(t *testing.T) {
	busy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "busy") {
			w.Header().Set("Retry-After", "7")
			http.Error(w, `{"detail":"slow down"}`, http.StatusTooManyRequests)
			return
		}
		http.Error(w, "", http.StatusServiceUnavailable)
	}))
	defer busy.Close()
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close()
	dir := t.TempDir()
	env := map[string]string{"ACCOLADE_TOKEN": adminToken, "ACCOLADE_DATA": dir}
	if code, out, errOut := cli(t, env, "init", "--issuer-name", "Riverside"); code != 0 {
		t.Fatalf("init = %d\n%s%s", code, out, errOut)
	}
	tests := []struct {
		name      string
		args      []string
		want, not string
	}{
		{"refused", []string{"progress", "ada", "--server", downURL}, "is the server running at " + downURL + "?", "dial tcp"},
		{"busy", []string{"progress", "busy", "--server", busy.URL}, "the server is busy; try again in 7 seconds", "internal error"},
		{"unavailable", []string{"progress", "ada", "--server", busy.URL}, "is unavailable", "internal error"},
		{"not found in process", []string{"progress", "ghost"}, "ghost", "server answered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, env, tt.args...)
			if code == 0 || !strings.Contains(errOut, tt.want) || strings.Contains(out+errOut, tt.not) {
				t.Errorf("accolade %q = %d %q, want an error with %q and without %q", tt.args, code, out+errOut, tt.want, tt.not)
			}
		})
	}
}

// TestImportCommunity: --community puts new members into that community;
// one that does not exist is refused on every row, storing nothing.
func TestImportCommunity(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ACCOLADE_TOKEN": adminToken, "ACCOLADE_DATA": dir}
	for _, args := range [][]string{{"init", "--issuer-name", "Riverside"}, {"issuers", "create", "north", "--name", "North Group"}} {
		if code, out, errOut := cli(t, env, args...); code != 0 {
			t.Fatalf("%v = %d\n%s%s", args, code, out, errOut)
		}
	}
	file := filepath.Join(t.TempDir(), "members.csv")
	if err := os.WriteFile(file, []byte("id,name,email\nnoor,Noor,noor@example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := cli(t, env, "import", "members", file, "--community", "nowhere"); code != exitFailure || !strings.Contains(out+errOut, `there is no community "nowhere"`) {
		t.Errorf("import into an unknown community = %d, want a refusal naming it\n%s%s", code, out, errOut)
	}
	if code, out, errOut := cli(t, env, "import", "members", file, "--community", "north"); code != exitOK {
		t.Fatalf("import into north = %d\n%s%s", code, out, errOut)
	}
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, err := db.Member("noor")
	if err != nil || !m.In("north") || m.In("default") {
		t.Errorf("noor = %+v, %v; want a member of north only", m, err)
	}
}
