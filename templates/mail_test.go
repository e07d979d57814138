package templates

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/accolade-badges/accolade/i18n"
)

// TestMailsEveryLanguage renders every mail in every language: no
// catalogue key shows through, the Arabic HTML is right to left, names are
// isolated, and notifications (not sign-in) end with the unsubscribe link.
func TestMailsEveryLanguage(t *testing.T) {
	m, err := NewMails()
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	for _, lang := range i18n.Languages {
		site := MailSite{L: i18n.Default().Locale(lang.Tag), SiteName: "Riverside Skill Exchange", BaseURL: "https://b.example",
			RecipientName: "ليلى حداد", UnsubscribeURL: "https://b.example/unsubscribe/tok"}
		signin := site
		signin.UnsubscribeURL = ""
		for name, render := range map[string]func() (RenderedMail, error){
			"awarded": func() (RenderedMail, error) {
				return m.Awarded(AwardedMail{MailSite: site, AchievementName: "Project Trainer", CredentialURL: "https://b.example/credentials/c1",
					PDFURL: "https://b.example/credentials/c1.pdf", LinkedInURL: "https://www.linkedin.com/profile/add?x=1"})
			},
			"signin": func() (RenderedMail, error) {
				return m.SignIn(SignInMail{MailSite: signin, Link: "https://b.example/signin/secret", Minutes: 15})
			},
			"confirm": func() (RenderedMail, error) {
				return m.Confirm(ConfirmMail{MailSite: site, ByName: "Ana", Title: "Editing basics", OccurredAt: day, Hours: 2, URL: "https://b.example/account/exchanges/x1"})
			},
			"decided": func() (RenderedMail, error) {
				return m.Decided(DecidedMail{MailSite: site, AchievementName: "Mentor", Approved: lang.Tag == "fr", Comment: "Well <done>", AchievementURL: "https://b.example/achievements/mentor"})
			},
			"expiring": func() (RenderedMail, error) {
				return m.Expiring(ExpiringMail{MailSite: site, AchievementName: "Mentor", ValidUntil: day, CredentialURL: "https://b.example/credentials/c1"})
			},
			"txcode": func() (RenderedMail, error) {
				return m.TxCode(TxCodeMail{MailSite: signin, AchievementName: "Mentor", Code: "042917", Minutes: 10})
			},
		} {
			r, err := render()
			if err != nil {
				t.Fatalf("%s %s: %v", lang.Tag, name, err)
			}
			for part, s := range map[string]string{"subject": r.Subject, "text": r.Text, "html": r.HTML} {
				if strings.Contains(s, "mail.") || strings.Contains(s, "<no value>") || s == "" {
					t.Errorf("%s %s %s has an untranslated key or no value:\n%s", lang.Tag, name, part, s)
				}
			}
			if lang.Tag != "en" && strings.Contains(r.Text, "Hello") {
				t.Errorf("%s %s text is English:\n%s", lang.Tag, name, r.Text)
			}
			if want := `dir="` + lang.Dir + `"`; !strings.Contains(r.HTML, want) || !strings.Contains(r.HTML, `lang="`+lang.Tag+`"`) {
				t.Errorf("%s %s HTML lacks %s and its lang", lang.Tag, name, want)
			}
			if !strings.Contains(r.Text, "\u2068ليلى حداد\u2069") {
				t.Errorf("%s %s: recipient name not isolated in the text:\n%s", lang.Tag, name, r.Text)
			}
			hasUnsub := strings.Contains(r.Text, "https://b.example/unsubscribe/tok") && strings.Contains(r.HTML, `href="https://b.example/unsubscribe/tok"`)
			if hasUnsub != (name != "signin" && name != "txcode") {
				t.Errorf("%s %s: unsubscribe link present = %v", lang.Tag, name, hasUnsub)
			}
			if name == "txcode" && (!strings.Contains(r.Text, "042917") || !strings.Contains(r.HTML, "042917")) {
				t.Errorf("%s txcode: the code is missing:\n%s", lang.Tag, r.Text)
			}
			if strings.Contains(r.HTML, "<done>") {
				t.Errorf("%s %s: HTML not escaped", lang.Tag, name)
			}
		}
	}
}

func TestMailPages(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	ar := Site{L: i18n.Default().Locale("ar")}
	for _, v := range []UnsubscribePage{{Site: ar, State: "ask", MemberName: "Ana", Action: "/unsubscribe/t"}, {Site: ar, State: "done"}, {Site: ar, State: "invalid"}} {
		var b bytes.Buffer
		if err := r.Unsubscribe(&b, v); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), `dir="rtl"`) || strings.Contains(b.String(), "mail.unsubscribePage") {
			t.Errorf("unsubscribe page %s: %s", v.State, b.String())
		}
	}
	var b bytes.Buffer
	err = r.DemoMail(&b, DemoMailPage{Messages: []DemoMail{{To: "ana@example.org", Subject: "Hi <b>", Text: "x", HTMLURL: "/demo/mail/1"}}})
	if err != nil || !strings.Contains(b.String(), "Hi &lt;b&gt;") || !strings.Contains(b.String(), `href="/demo/mail/1"`) {
		t.Errorf("demo mail page: %v\n%s", err, b.String())
	}
}
