package mailtest_test

import (
	"net/smtp"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/internal/mailtest"
)

func TestCapture(t *testing.T) {
	s := mailtest.Start(t)
	msg := "From: a@example.org\r\nTo: b@example.org\r\nSubject: =?utf-8?q?Caf=C3=A9?=\r\nMessage-ID: <x@y>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 ok\r\n" +
		"--B\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nPHA+aGk8L3A+\r\n--B--\r\n"
	if err := smtp.SendMail(s.Addr, nil, "a@example.org", []string{"b@example.org"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	got := s.Wait(5*time.Second, nil)
	if len(got) != 1 {
		t.Fatalf("messages = %d, want 1", len(got))
	}
	m := got[0]
	if m.Subject != "Café" || m.MessageID != "<x@y>" || strings.TrimSpace(m.Text) != "Café ok" || m.HTML != "<p>hi</p>" || m.To[0] != "b@example.org" {
		t.Errorf("parsed = %+v", m)
	}
}
