package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// cliIn runs a command with the given standard input.
func cliIn(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := NewMain(strings.NewReader(stdin), &out, &errOut, func(k string) string { return env[k] })
	return m.Execute(context.Background(), args), out.String(), errOut.String()
}

func TestConcurrentIssueOverHTTP(t *testing.T) {
	a := startApp(t)
	issueOne(t, a, "ana") // defines the achievement; ana now holds it
	a.do("PUT", "/api/v1/members/ben", adminToken, "application/json", `{"name":"Ben","email":"ben@example.org"}`)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _, _ := a.do("POST", "/api/v1/credentials", adminToken, "application/json", `{"achievement":"project-trainer","member":"ben"}`)
			mu.Lock()
			codes[code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[http.StatusCreated] != 1 || codes[http.StatusConflict] != 9 {
		t.Errorf("10 concurrent issues for one member gave %v, want one 201 and nine 409", codes)
	}
}

func TestVerifyStdinAndURL(t *testing.T) {
	a := startApp(t)
	id, jwt, _ := issueOne(t, a, "ana")
	env := map[string]string{"ACCOLADE_SERVER": a.base}
	if code, out, errOut := cliIn(t, string(jwt), env, "verify", "-"); code != 0 || !strings.HasPrefix(out, "VALID (valid)") {
		t.Errorf("verify - = %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := cliIn(t, "", env, "verify", a.base+"/credentials/"+id, "--json"); code != 0 || !strings.Contains(out, `"verified": true`) {
		t.Errorf("verify URL --json = %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := cliIn(t, "", env, "verify", a.base+"/credentials/00000000-0000-4000-8000-000000000000"); code != exitFailure || !strings.HasPrefix(out, "NOT A CREDENTIAL") {
		t.Errorf("verify unknown URL = %d\n%s", code, out)
	}
	if code, _, errOut := cliIn(t, "", map[string]string{"ACCOLADE_SERVER": "http://127.0.0.1:1"}, "verify", "-"); code == 0 || errOut == "" {
		t.Errorf("verify against a server that is not there = %d %q, want an error", code, errOut)
	}
}
