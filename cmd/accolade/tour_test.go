package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"unicode"
)

// TestReadmeTour runs the README's five-minute tour as written: every
// command of its shell blocks, in order, against a server started as
// `ACCOLADE_ADMIN_TOKEN=dev-token make run` starts it (serve --demo, data in
// ./data), checking each answer the README promises. curl commands become
// HTTP requests with the same method, headers and body; `go run
// ./cmd/accolade` commands run through the in-process CLI. A command the
// test does not recognise, or a promise it has no check for, fails it, so
// the README and this test change together.
func TestReadmeTour(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	cmds := tourCommands(t, string(readme))
	t.Chdir(t.TempDir()) // a fresh clone: no ./data yet

	if len(cmds) == 0 || strings.Join(cmds[0].args, " ") != "make run" || cmds[0].env["ACCOLADE_ADMIN_TOKEN"] == "" {
		t.Fatalf("the tour should start with ACCOLADE_ADMIN_TOKEN=... make run, got %+v", cmds[0])
	}
	token := cmds[0].env["ACCOLADE_ADMIN_TOKEN"]
	var stderr bytes.Buffer
	m := NewMain(strings.NewReader(""), io.Discard, &stderr, func(k string) string {
		return map[string]string{"ACCOLADE_ADMIN_TOKEN": token}[k]
	})
	if err := m.ParseFlags([]string{"--demo", "--data", "./data", "--addr", "127.0.0.1:0"}); err != nil { // the Makefile's run target
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v\n%s", err, stderr.String())
	}
	t.Cleanup(func() { m.Close() })
	base := "http://" + m.Addr()
	readmeBase := "http://127.0.0.1:8080"

	// Step 1 opens the home page.
	resp, err := http.Get(base + "/")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET / = %v %v", resp, err)
	}
	resp.Body.Close()

	tour := &tourRun{t: t, base: base, readmeBase: readmeBase, vars: map[string]string{}}
	for _, c := range cmds[1:] {
		tour.run(c)
	}
	for _, want := range tourPromises {
		if !tour.checked[want.match] {
			t.Errorf("the tour has no command matching %q: update the README or this test", want.match)
		}
	}
}

// tourPromises are what the README says each command answers, matched by a
// piece of the command line.
var tourPromises = []struct {
	match string
	check func(tr *tourRun, r tourResult)
}{
	{"progress kwame", func(tr *tourRun, r tourResult) { tr.want(r, 0, "Project Trainer — EARNED") }},
	{"progress olga", func(tr *tourRun, r tourResult) { tr.want(r, 0, "2 of 3") }},
	{"/api/v1/achievements/first-aid", func(tr *tourRun, r tourResult) { tr.want(r, 201, `"name":"First Aid Trainer"`) }},
	{"/api/v1/members/sam", func(tr *tourRun, r tourResult) { tr.want(r, 201, `"name":"Sam Okafor"`) }},
	{"/api/v1/credentials -H", func(tr *tourRun, r tourResult) {
		tr.want(r, 201, `"jwt":"ey`)
		var c struct{ ID, URL, JWT string }
		tr.decode(r, &c)
		if c.ID == "" || c.URL != tr.base+"/credentials/"+c.ID {
			tr.t.Errorf("issue answered id %q url %q, want the credential's page url", c.ID, c.URL)
		}
		tr.vars["<id>"], tr.jwt = c.ID, c.JWT
	}},
	{".jwt > badge.jwt", func(tr *tourRun, r tourResult) {
		tr.want(r, 200, "ey")
		if b, _ := os.ReadFile("badge.jwt"); string(b) != tr.jwt {
			tr.t.Errorf("badge.jwt = %q, want the issued JWT", b)
		}
	}},
	{"verify badge.jwt", func(tr *tourRun, r tourResult) {
		if strings.Contains(r.line, "--server") {
			tr.want(r, 0, "VALID")
			return
		}
		tr.want(r, 0, "VALID")
		if !strings.Contains(r.out, "http") {
			tr.t.Errorf("verify over plain http should warn about it:\n%s", r.out)
		}
	}},
	{".pdf > certificate.pdf", func(tr *tourRun, r tourResult) {
		if b, _ := os.ReadFile("certificate.pdf"); r.code != 200 || !bytes.HasPrefix(b, []byte("%PDF-")) {
			tr.t.Errorf("%s = %d; certificate.pdf starts %.10q, want a PDF", r.line, r.code, b)
		}
	}},
	{"verify certificate.pdf", func(tr *tourRun, r tourResult) { tr.want(r, 0, "VALID") }},
	{"/api/v1/verify", func(tr *tourRun, r tourResult) {
		want := "valid"
		if tr.revoked {
			want = "revoked"
		}
		var v struct{ Outcome, Summary string }
		tr.decode(r, &v)
		if r.code != 200 || v.Outcome != want || v.Summary == "" {
			tr.t.Errorf("%s = %d %s, want outcome %q and a summary", r.line, r.code, r.out, want)
		}
		if !tr.revoked { // change one character: not valid, and nothing claimed shown as fact
			b := []byte(tr.jwt)
			i := strings.Index(tr.jwt, ".") + 10
			b[i] = map[bool]byte{true: 'A', false: 'B'}[b[i] != 'A']
			code, _, body := tr.request("POST", tr.base+"/api/v1/verify", map[string]string{"Content-Type": "text/plain"}, b)
			if code != 200 || !strings.Contains(string(body), `"outcome": "invalid"`) && !strings.Contains(string(body), `"outcome":"invalid"`) {
				tr.t.Errorf("verify a tampered JWT = %d %s, want outcome invalid", code, body)
			}
		}
	}},
	{"/revoke", func(tr *tourRun, r tourResult) {
		tr.want(r, 200, `"status":"revoked"`)
		tr.revoked = true
		// "verify once more": the verify commands of step 3 again.
		code, _, body := tr.request("POST", tr.base+"/api/v1/verify", map[string]string{"Content-Type": "text/plain"}, []byte(tr.jwt))
		if code != 200 || !strings.Contains(compact(body), `"outcome":"revoked"`) || strings.Contains(string(body), "issued by mistake") {
			tr.t.Errorf("verify after revoking = %d %s, want revoked, without the reason", code, body)
		}
	}},
	{"/api/v1/exchanges", func(tr *tourRun, r tourResult) { tr.want(r, 201, `"id":"ws-olga-3"`) }},
	{"/api/v1/attestations", func(tr *tourRun, r tourResult) {
		tr.want(r, 201, `"achievement":"project-trainer"`)
		var a struct {
			Issued []struct{ ID, Achievement, Member string }
		}
		tr.decode(r, &a)
		if len(a.Issued) != 1 || a.Issued[0].Member != "olga" {
			tr.t.Fatalf("attestation issued %+v, want olga's Project Trainer", a.Issued)
		}
		code, _, body := tr.request("GET", tr.base+"/credentials/"+a.Issued[0].ID+".json", nil, nil)
		// The evidence names the workshop and the attestation in words.
		if code != 200 || !strings.Contains(string(body), "'Sewing'") || !strings.Contains(string(body), "Olga is a natural teacher.") {
			tr.t.Errorf("olga's Project Trainer credential = %d, want the Sewing workshop and Layla's attestation in its evidence:\n%s", code, body)
		}
	}},
}

// tourCommand is one command of the tour: environment assignments before
// it, its words, a heredoc body, and where its output goes.
type tourCommand struct {
	line    string
	env     map[string]string
	args    []string
	heredoc string
	out     string // > FILE
}

type tourResult struct {
	line string
	code int // HTTP status, or exit code
	out  string
}

type tourRun struct {
	t                *testing.T
	base, readmeBase string
	vars             map[string]string
	jwt              string
	revoked          bool
	checked          map[string]bool
}

func (tr *tourRun) want(r tourResult, code int, substr string) {
	tr.t.Helper()
	if r.code != code || !strings.Contains(compact([]byte(r.out)), substr) {
		tr.t.Errorf("%s\n= %d %s\nwant %d with %s", r.line, r.code, r.out, code, substr)
	}
}

func (tr *tourRun) decode(r tourResult, v any) {
	tr.t.Helper()
	if err := json.Unmarshal([]byte(r.out), v); err != nil {
		tr.t.Errorf("%s answered %s: %v", r.line, r.out, err)
	}
}

func (tr *tourRun) run(c tourCommand) {
	t := tr.t
	if c.args[0] == "export" {
		for _, a := range c.args[1:] {
			k, v, _ := strings.Cut(a, "=")
			tr.vars["$"+k] = v
		}
		return
	}
	expand := func(s string) string {
		for k, v := range tr.vars {
			s = strings.ReplaceAll(s, k, v)
		}
		return strings.ReplaceAll(s, tr.readmeBase, tr.base)
	}
	var r tourResult
	r.line = c.line
	t.Logf("tour: %s", c.line)
	switch {
	case c.args[0] == "curl":
		r = tr.curl(c, expand)
	case len(c.args) > 2 && c.args[0] == "go" && c.args[1] == "run" && c.args[2] == "./cmd/accolade":
		env := map[string]string{}
		for k, v := range c.env {
			env[k] = expand(v)
		}
		var args []string
		for _, a := range c.args[3:] {
			args = append(args, expand(a))
		}
		code, out, errOut := cli(t, env, args...)
		r = tourResult{line: c.line, code: code, out: out + errOut}
	default:
		t.Fatalf("the tour has a command this test does not know: %s", c.line)
	}
	if tr.checked == nil {
		tr.checked = map[string]bool{}
	}
	for _, p := range tourPromises {
		if strings.Contains(c.line, p.match) {
			tr.checked[p.match] = true
			p.check(tr, r)
			return
		}
	}
	t.Errorf("no promise checked for tour command %s", c.line)
}

// curl turns a curl command into an HTTP request, as curl would send it.
func (tr *tourRun) curl(c tourCommand, expand func(string) string) tourResult {
	t := tr.t
	method, u := "", ""
	headers := map[string]string{}
	var body []byte
	hasBody := false
	for i := 1; i < len(c.args); i++ {
		a := c.args[i]
		next := func() string { i++; return expand(c.args[i]) }
		switch {
		case a == "-s":
		case a == "-sX" || a == "-X":
			method = next()
		case a == "-H":
			k, v, _ := strings.Cut(next(), ":")
			headers[k] = strings.TrimSpace(v)
		case a == "-d" || a == "--data-binary":
			d := next()
			hasBody = true
			switch {
			case d == "@-":
				body = []byte(c.heredoc)
			case strings.HasPrefix(d, "@"):
				b, err := os.ReadFile(d[1:])
				if err != nil {
					t.Fatal(err)
				}
				body = b
			default:
				body = []byte(d)
			}
			if a == "-d" && strings.HasPrefix(d, "@") { // curl -d @file drops line breaks
				body = bytes.ReplaceAll(bytes.ReplaceAll(body, []byte("\r"), nil), []byte("\n"), nil)
			}
		case strings.HasPrefix(a, "-"):
			t.Fatalf("curl option %s in %s is not known to this test", a, c.line)
		default:
			u = expand(a)
		}
	}
	if method == "" {
		method = map[bool]string{true: "POST", false: "GET"}[hasBody]
	}
	if hasBody && headers["Content-Type"] == "" {
		headers["Content-Type"] = "application/x-www-form-urlencoded" // curl's default for -d
	}
	code, _, b := tr.request(method, u, headers, body)
	if c.out != "" {
		if err := os.WriteFile(c.out, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return tourResult{line: c.line, code: code, out: string(b)}
}

func (tr *tourRun) request(method, u string, headers map[string]string, body []byte) (int, http.Header, []byte) {
	tr.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		tr.t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tr.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// compact removes insignificant white space from a JSON answer (and leaves
// other text alone), so that checks read the same either way.
func compact(b []byte) string {
	var out bytes.Buffer
	if json.Compact(&out, b) == nil {
		return out.String()
	}
	return string(b)
}

// tourCommands extracts the commands of the shell blocks between "## A
// five-minute tour" and the next section, splitting words as sh does for
// what the tour uses: quotes, line continuations, comments, one quoted
// heredoc and a > redirection.
func tourCommands(t *testing.T, readme string) []tourCommand {
	start := strings.Index(readme, "## A five-minute tour")
	if start < 0 {
		t.Fatal("README has no five-minute tour")
	}
	section := readme[start:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	var script strings.Builder
	in := false
	for _, line := range strings.Split(section, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "```sh":
			in = true
		case trimmed == "```":
			in = false
		case in:
			script.WriteString(strings.TrimPrefix(line, "   ") + "\n")
		}
	}
	return splitScript(t, script.String())
}

func splitScript(t *testing.T, s string) []tourCommand {
	var cmds []tourCommand
	cur := tourCommand{env: map[string]string{}}
	var word strings.Builder
	inWord, redirect := false, false
	lineStart := 0
	var heredocTag string
	endWord := func() {
		if !inWord {
			return
		}
		w := word.String()
		word.Reset()
		inWord = false
		switch {
		case redirect:
			cur.out, redirect = w, false
		case len(cur.args) == 0 && strings.Contains(w, "=") && w[0] != '-':
			k, v, _ := strings.Cut(w, "=")
			cur.env[k] = v
		default:
			cur.args = append(cur.args, w)
		}
	}
	endCmd := func(i int) {
		endWord()
		if len(cur.args) > 0 {
			cur.line = strings.TrimSpace(s[lineStart:i])
			cmds = append(cmds, cur)
		}
		cur = tourCommand{env: map[string]string{}}
		lineStart = i + 1
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				t.Fatalf("unterminated quote in the tour: %s", s[i:])
			}
			word.WriteString(s[i+1 : i+1+j])
			inWord, i = true, i+1+j
		case ch == '"':
			j := strings.IndexByte(s[i+1:], '"')
			word.WriteString(s[i+1 : i+1+j])
			inWord, i = true, i+1+j
		case ch == '\\' && i+1 < len(s) && s[i+1] == '\n':
			i++
		case ch == '#' && !inWord:
			for i < len(s) && s[i] != '\n' {
				i++
			}
			i--
		case ch == '>' && !inWord:
			redirect = true
		case ch == '<' && strings.HasPrefix(s[i:], "<<'"):
			j := strings.IndexByte(s[i+3:], '\'')
			heredocTag = s[i+3 : i+3+j]
			i += 3 + j
		case ch == '\n':
			if heredocTag != "" {
				j := strings.Index(s[i+1:], "\n"+heredocTag+"\n")
				if j < 0 {
					t.Fatalf("heredoc %s is not closed", heredocTag)
				}
				endWord()
				cur.heredoc = s[i+1 : i+1+j+1]
				line := strings.TrimSpace(s[lineStart:i])
				cur.line = line
				cmds = append(cmds, cur)
				cur = tourCommand{env: map[string]string{}}
				i += j + len(heredocTag) + 2
				lineStart = i + 1
				heredocTag = ""
				continue
			}
			endCmd(i)
		case unicode.IsSpace(rune(ch)):
			endWord()
		default:
			word.WriteByte(ch)
			inWord = true
		}
	}
	endCmd(len(s))
	for i := range cmds {
		if cmds[i].line == "" {
			cmds[i].line = fmt.Sprint(cmds[i].args)
		}
	}
	return cmds
}
