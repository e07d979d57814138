package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/mail"
)

func TestUnsubscribe(t *testing.T) {
	a := startApp(t)
	if code, _, body := a.do("PUT", "/api/v1/members/ana", adminToken, "application/json", `{"name":"Ana Souza","email":"ana@example.org","lang":"es"}`); code != http.StatusCreated {
		t.Fatalf("PUT member = %d %s", code, body)
	}
	secret, err := a.m.DB.MailSecret()
	if err != nil {
		t.Fatal(err)
	}
	path := mail.UnsubscribePath + mail.UnsubscribeToken(secret, "ana")
	code, _, body := a.do("GET", path, "", "", "")
	if code != http.StatusOK || !strings.Contains(string(body), `method="post"`) || !strings.Contains(string(body), "Dejar de recibir notificaciones") {
		t.Fatalf("GET unsubscribe page = %d\n%s", code, body)
	}
	if m, _ := a.m.DB.Member("ana"); m.NoMail {
		t.Fatal("following the link (GET) turned mail off")
	}
	if code, _, body := a.do("GET", mail.UnsubscribePath+"YW5h.bm9wZQ", "", "", ""); code != http.StatusNotFound {
		t.Errorf("GET with a forged token = %d\n%s", code, body)
	}
	if code, _, _ := a.do("POST", mail.UnsubscribePath+"YW5h.bm9wZQ", "", "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"); code != http.StatusNotFound {
		t.Errorf("POST with a forged token = %d", code)
	}
	if m, _ := a.m.DB.Member("ana"); m.NoMail {
		t.Fatal("a forged token turned mail off")
	}
	// RFC 8058 one-click, as a mail client sends it.
	if code, _, body := a.do("POST", path, "", "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"); code != http.StatusOK {
		t.Fatalf("one-click POST = %d\n%s", code, body)
	}
	if m, _ := a.m.DB.Member("ana"); !m.NoMail || m.Email != "ana@example.org" {
		t.Errorf("after unsubscribing: %+v, want NoMail and the rest kept", m)
	}
	// An import replacing the member keeps the member's choice.
	if code, _, body := a.do("PUT", "/api/v1/members/ana", adminToken, "application/json", `{"name":"Ana S.","email":"ana@example.org"}`); code != http.StatusOK {
		t.Fatalf("PUT member again = %d %s", code, body)
	}
	if code, _, _ := a.do("GET", "/demo/mail", "", "", ""); code != http.StatusNotFound {
		t.Errorf("GET /demo/mail without --demo = %d, want 404", code)
	}
}

func TestDemoMailbox(t *testing.T) {
	a := startApp(t, "--demo")
	var body []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var code int
		code, _, body = a.do("GET", "/demo/mail", "", "", "")
		if code != http.StatusOK {
			t.Fatalf("GET /demo/mail = %d", code)
		}
		if strings.Contains(string(body), "/demo/mail/1?id=") && strings.Contains(string(body), "xiaoming@example.org") {
			break // the worker sends the demo's mails one by one: wait for hers
		}
	}
	if !strings.Contains(string(body), "xiaoming@example.org") || strings.Contains(string(body), "=?utf-8?") {
		t.Fatalf("demo mailbox lacks the demo's award mail:\n%s", body)
	}
	box := a.m.mail.box.Messages()
	code, hdr, html := a.do("GET", "/demo/mail/1?id="+box[0].MessageID, "", "", "")
	if code != http.StatusOK || !strings.Contains(string(html), "<html lang=") || !strings.Contains(hdr.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("GET the HTML of a demo mail = %d %v\n%s", code, hdr, html)
	}
}

func TestMailConfigCheckedAtStart(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"from missing", map[string]string{"ACCOLADE_SMTP_URL": "smtp://u:hunter2@mail.example.org"}, "ACCOLADE_MAIL_FROM is required"},
		{"bad from", map[string]string{"ACCOLADE_SMTP_URL": "smtp://mail.example.org", "ACCOLADE_MAIL_FROM": "not an address"}, "ACCOLADE_MAIL_FROM"},
		{"bad scheme", map[string]string{"ACCOLADE_SMTP_URL": "http://u:hunter2@mail.example.org", "ACCOLADE_MAIL_FROM": "a@example.org"}, "ACCOLADE_SMTP_URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			code, _, stderr := cli(t, tc.env, "serve", "--data", dir, "--addr", "127.0.0.1:0")
			if code == exitOK || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "hunter2") {
				t.Errorf("serve = %d, stderr %q; want a failure naming %s, without the password", code, stderr, tc.want)
			}
		})
	}
}
