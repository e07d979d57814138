package mail

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"
	"time"
)

func sample() *Message {
	m := &Message{
		From:    netmail.Address{Name: "Riverside Skill Exchange", Address: "badges@example.org"},
		To:      netmail.Address{Name: "ليلى حداد", Address: "layla@example.org"},
		Subject: "لقد حصلت على شارة Project Trainer — a long subject that has to be folded over more than one line",
		Text:    "مرحبًا ليلى،\nhttps://b.example/credentials/c1 " + strings.Repeat("x", 100),
		HTML:    `<p dir="auto">ليلى</p>`,
		Date:    time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC),
	}
	m.MessageID = MessageID("awarded:c1", "https://b.example/path")
	return m
}

func TestMessageID(t *testing.T) {
	for _, tc := range []struct{ id, base, want string }{
		{"awarded:c1", "https://b.example", "<awarded=3Ac1@b.example>"},
		{"confirm:x.1:ana", "http://127.0.0.1:8080", "<confirm=3Ax=2E1=3Aana@127.0.0.1>"},
		{"a<b>@c", "", "<a=3Cb=3E=40c@accolade.invalid>"},
	} {
		if got := MessageID(tc.id, tc.base); got != tc.want {
			t.Errorf("MessageID(%q, %q) = %q, want %q", tc.id, tc.base, got, tc.want)
		}
		if _, err := netmail.ParseAddress("x <" + strings.Trim(MessageID(tc.id, tc.base), "<>") + ">"); err != nil {
			t.Errorf("MessageID(%q) is not an addr-spec: %v", tc.id, err)
		}
	}
}

func TestComposeParsesBack(t *testing.T) {
	for _, unsub := range []bool{true, false} {
		m := sample()
		if unsub {
			m.SetUnsubscribe("https://b.example/unsubscribe/tok")
		}
		raw, err := m.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		again, _ := m.Bytes()
		if !bytes.Equal(raw, again) {
			t.Error("Bytes is not deterministic")
		}
		for _, line := range strings.Split(string(raw), "\r\n") {
			if len(line) > 998 {
				t.Errorf("line longer than 998 octets: %d", len(line))
			}
		}
		parsed, err := netmail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		h := parsed.Header
		dec := new(mime.WordDecoder)
		if subj, err := dec.DecodeHeader(h.Get("Subject")); err != nil || subj != m.Subject {
			t.Errorf("Subject = %q (%v), want %q", subj, err, m.Subject)
		}
		if to, err := h.AddressList("To"); err != nil || to[0].Name != "ليلى حداد" || to[0].Address != "layla@example.org" {
			t.Errorf("To = %v, %v", to, err)
		}
		if h.Get("Message-ID") != "<awarded=3Ac1@b.example>" || h.Get("MIME-Version") != "1.0" {
			t.Errorf("Message-ID %q, MIME-Version %q", h.Get("Message-ID"), h.Get("MIME-Version"))
		}
		if d, err := h.Date(); err != nil || !d.Equal(m.Date) {
			t.Errorf("Date = %v, %v", d, err)
		}
		if got := h.Get("List-Unsubscribe") != "" && h.Get("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"; got != unsub {
			t.Errorf("List-Unsubscribe headers present = %v, want %v", got, unsub)
		}
		mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
		if err != nil || mt != "multipart/alternative" {
			t.Fatalf("Content-Type = %q", h.Get("Content-Type"))
		}
		r := multipart.NewReader(parsed.Body, params["boundary"])
		var bodies []string
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Header.Get("Content-Transfer-Encoding") != "quoted-printable" || !strings.Contains(p.Header.Get("Content-Type"), "charset=utf-8") {
				t.Errorf("part headers %v", p.Header)
			}
			b, _ := io.ReadAll(quotedprintable.NewReader(p))
			bodies = append(bodies, string(b))
		}
		if len(bodies) != 2 || bodies[0] != strings.ReplaceAll(m.Text, "\n", "\r\n") || bodies[1] != m.HTML {
			t.Errorf("bodies = %q", bodies)
		}
	}
}

func TestComposeRejectsHeaderInjection(t *testing.T) {
	m := sample()
	m.Headers = map[string][]string{"X-Test": {"a\r\nBcc: evil@example.org"}}
	if _, err := m.Bytes(); err == nil {
		t.Error("a header value with CRLF was composed")
	}
	m = sample()
	m.Subject = "Hi\r\nBcc: evil@example.org"
	raw, err := m.Bytes()
	if err != nil || bytes.Contains(raw, []byte("\r\nBcc:")) {
		t.Errorf("subject line break not removed: %v\n%s", err, raw)
	}
}

func TestUnsubscribeToken(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	tok := UnsubscribeToken(secret, "ana")
	if id, ok := UnsubscribeMember(secret, tok); !ok || id != "ana" {
		t.Errorf("UnsubscribeMember(valid) = %q, %v", id, ok)
	}
	for _, bad := range []string{"", "YW5h", tok + "x", UnsubscribeToken([]byte("other"), "ana"), strings.Replace(tok, "YW5h", "Ym9i", 1)} {
		if _, ok := UnsubscribeMember(secret, bad); ok {
			t.Errorf("UnsubscribeMember(%q) accepted", bad)
		}
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := Backoff(30); got != MaxRetry {
		t.Errorf("Backoff(30) = %v, want %v", got, MaxRetry)
	}
}
