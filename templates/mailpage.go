package templates

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"sync"
	"time"
)

//go:embed mail/*.html
var mailPageFiles embed.FS

// UnsubscribePage is the page of an unsubscribe link: a button that turns
// notification mail off (State "ask"), the page after it (State "done"), or
// a link that is not valid (State "invalid").
type UnsubscribePage struct {
	Site
	State      string // "ask", "done" or "invalid"
	MemberName string
	Action     string // the URL the button posts to
}

// DemoMailPage is the demo mailbox: the mail the demo server sent, newest
// first.
type DemoMailPage struct {
	Site
	Messages []DemoMail
}

// DemoMail is one message of the demo mailbox.
type DemoMail struct {
	To, Subject, Text string
	Received          time.Time
	HTMLURL           string // the page showing its HTML body
}

// mailPages are the pages of mail/page_<name>.html, in the site layout,
// parsed the first time one is rendered (the page list of New is not
// theirs to change); TestMailPages renders each.
var mailPages = []string{"unsubscribe", "demomail"}

type mailPageSet struct {
	once  sync.Once
	pages map[string]*template.Template
	err   error
}

var mailPageTemplates mailPageSet

func (r *Renderer) mailPage(name string) (*template.Template, error) {
	s := &mailPageTemplates
	s.once.Do(func() {
		s.pages = map[string]*template.Template{}
		layout, err := template.New("layout.html").Funcs(r.funcs()).ParseFS(htmlFiles, "html/layout.html")
		if err != nil {
			s.err = fmt.Errorf("parsing layout: %w", err)
			return
		}
		for _, p := range mailPages {
			t := template.Must(layout.Clone())
			if s.pages[p], err = t.ParseFS(mailPageFiles, "mail/page_"+p+".html"); err != nil {
				s.err = fmt.Errorf("parsing %s page: %w", p, err)
				return
			}
		}
	})
	return s.pages[name], s.err
}

func (r *Renderer) renderMailPage(w io.Writer, name string, data any) error {
	t, err := r.mailPage(name)
	if err != nil {
		return err
	}
	if err := t.ExecuteTemplate(w, "layout.html", data); err != nil {
		return fmt.Errorf("rendering %s page: %w", name, err)
	}
	return nil
}

// Unsubscribe renders an unsubscribe page.
func (r *Renderer) Unsubscribe(w io.Writer, v UnsubscribePage) error {
	return r.renderMailPage(w, "unsubscribe", v)
}

// DemoMail renders the demo mailbox.
func (r *Renderer) DemoMail(w io.Writer, v DemoMailPage) error {
	return r.renderMailPage(w, "demomail", v)
}
