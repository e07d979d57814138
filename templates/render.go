package templates

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
)

//go:embed html/*.html
var htmlFiles embed.FS

//go:embed static
var staticFiles embed.FS

// publicPages are the public and sign-in page templates, html/<name>.html.
var publicPages = []string{"achievement", "credential", "error", "home", "issuer", "verify", "signin", "signin-link", "account-settings", "oauth-consent"}

// pageNames are every page template, each executed inside
// html/layout.html: read when New runs, after every file's init has added
// its pages (the console's are added by the files that serve them).
func pageNames() []string { return slices.Concat(publicPages, memberPages, consolePages) }

// Renderer renders the public HTML pages. It is safe for concurrent use.
type Renderer struct {
	pages    map[string]*template.Template
	static   fs.FS
	versions map[string]string // static file name → content hash
}

// New parses every template and checks that each page renders with empty
// data, so that a broken template stops the program at start-up rather than
// at the first request.
func New() (*Renderer, error) {
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, fmt.Errorf("opening static files: %w", err)
	}
	r := &Renderer{
		pages:    make(map[string]*template.Template, len(pageNames())),
		static:   static,
		versions: make(map[string]string),
	}
	if err := r.hashStatic(); err != nil {
		return nil, err
	}
	layout, err := template.New("layout.html").Funcs(r.funcs()).ParseFS(htmlFiles, "html/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parsing layout: %w", err)
	}
	for _, name := range pageNames() {
		t, err := layout.Clone()
		if err != nil {
			return nil, fmt.Errorf("cloning layout for %s page: %w", name, err)
		}
		if t, err = t.ParseFS(htmlFiles, "html/"+name+".html"); err != nil {
			return nil, fmt.Errorf("parsing %s page: %w", name, err)
		}
		for _, block := range []string{"title", "main"} {
			if t.Lookup(block) == nil {
				return nil, fmt.Errorf("%s page: no %q template", name, block)
			}
		}
		r.pages[name] = t
	}
	smoke := map[string]any{
		"achievement": AchievementPage{}, "credential": CredentialPage{},
		"error": ErrorPage{}, "home": HomePage{}, "issuer": IssuerPage{},
		"verify": VerifyPage{Result: &Verdict{Details: &CredentialDetails{}, Recipient: &RecipientCheck{}}},
		"signin": SignInPage{}, "signin-link": SignInLinkPage{}, "account-settings": SettingsPage{Grants: []GrantView{{Scopes: []string{"x"}}}, Externals: []ExternalView{{}}}, "oauth-consent": ConsentPage{Scopes: []string{"x"}, Fields: map[string]string{"a": "b"}},
	}
	maps.Copy(smoke, memberSmoke)
	maps.Copy(smoke, consoleSmoke)
	for _, name := range pageNames() {
		if err := r.render(io.Discard, name, smoke[name]); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Credential renders the public page of a credential.
func (r *Renderer) Credential(w io.Writer, v CredentialPage) error {
	return r.render(w, "credential", v)
}

// Issuer renders the public page of an issuer profile.
func (r *Renderer) Issuer(w io.Writer, v IssuerPage) error {
	return r.render(w, "issuer", v)
}

// Achievement renders the public page of an achievement.
func (r *Renderer) Achievement(w io.Writer, v AchievementPage) error {
	return r.render(w, "achievement", v)
}

// Verify renders the verification page: the form, and the verdict when
// v.Result is not nil.
func (r *Renderer) Verify(w io.Writer, v VerifyPage) error {
	return r.render(w, "verify", v)
}

// Home renders the landing page.
func (r *Renderer) Home(w io.Writer, v HomePage) error {
	return r.render(w, "home", v)
}

// Error renders an error page (404 and the like).
func (r *Renderer) Error(w io.Writer, v ErrorPage) error {
	return r.render(w, "error", v)
}

// Static returns the static files (style.css, verify.js) to be served under
// /static/. Pages link them as /static/<name>?v=<content hash>, so the server
// may let clients cache them for a long time.
func (r *Renderer) Static() fs.FS {
	return r.static
}

// render executes a page into a buffer first, so that a template error never
// leaves half a page written to w.
func (r *Renderer) render(w io.Writer, name string, data any) error {
	var buf bytes.Buffer
	if err := r.pages[name].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return fmt.Errorf("rendering %s page: %w", name, err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("writing %s page: %w", name, err)
	}
	return nil
}

func (r *Renderer) hashStatic() error {
	return fs.WalkDir(r.static, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(r.static, name)
		if err != nil {
			return fmt.Errorf("reading static file %s: %w", name, err)
		}
		sum := sha256.Sum256(b)
		r.versions[name] = hex.EncodeToString(sum[:5])
		return nil
	})
}

func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":         r.asset,
		"join":          joinURL,
		"web":           isWebURL,
		"abs":           absURL,
		"lang":          langTag,
		"siteName":      siteName,
		"auto":          autoDir,
		"link":          link,
		"bdi":           bdiAuto,
		"recipient":     recipientName,
		"recipientSpan": recipientSpan,
		"issuerLink":    issuerLink,
		"field":         newField,
		"isolate":       isolate,
		"paragraphs":    paragraphs,
		"statusKind":    statusKind,
		"statusIcon":    statusIcon,
		"checkKind":     checkKind,
		"checkIcon":     checkIcon,
		"outcomeKind":   outcomeKind,
		"outcomeIcon":   outcomeIcon,
	}
}

// asset is the root-relative URL of a static file, versioned by its content.
func (r *Renderer) asset(name string) (string, error) {
	v, ok := r.versions[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + name + "?v=" + v, nil
}

// joinURL joins the site's base URL and a root-relative path without
// doubling or dropping the slash between them.
func joinURL(base, p string) string {
	return strings.TrimRight(base, "/") + "/" + strings.TrimLeft(p, "/")
}

// isWebURL reports whether u is an http or https URL, or a root-relative
// one: a URL worth making a link of. Others (urn:uuid:..., did:...) are shown
// as text.
func isWebURL(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") ||
		strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//")
}

// absURL makes a root-relative URL absolute with the site's base URL, for
// the places (Open Graph) that need absolute URLs. Other URLs are returned
// unchanged.
func absURL(base, u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && base != "" {
		b := strings.TrimRight(base, "/")
		if i := strings.Index(b, "://"); i >= 0 {
			if j := strings.Index(b[i+3:], "/"); j >= 0 {
				b = b[:i+3+j] // a root-relative URL is relative to the host
			}
		}
		return b + u
	}
	return u
}

var bcp47 = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// langTag is tag when it looks like a BCP 47 language tag, and "en"
// otherwise.
func langTag(tag string) string {
	if bcp47.MatchString(tag) {
		return tag
	}
	return "en"
}

func siteName(name string) string {
	if strings.TrimSpace(name) == "" {
		return "Accolade"
	}
	return name
}

// fieldValue is a labelled value to copy, for the "copy-field" template.
// Dir is the input's dir attribute: "ltr" for ids and URLs, "auto" for
// names.
type fieldValue struct{ ID, Label, Value, Dir string }

func newField(id, label, value, dir string) fieldValue { return fieldValue{id, label, value, dir} }

// isoTime formats t in UTC for a time element's datetime attribute.
func isoTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// isolate wraps s in Unicode first-strong-isolate and pop-directional-isolate
// marks, so that a right-to-left name inside left-to-right plain text (the
// page title) keeps its own direction without reordering its neighbours.
// In HTML content, elements with dir="auto" do this instead.
func isolate(s string) string {
	if s == "" {
		return ""
	}
	return "\u2068" + s + "\u2069"
}

// paragraphs splits text at blank lines, dropping empty paragraphs.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// humanize turns an OB 3.0 enum value into words: "MicroCredential" becomes
// "Micro credential", "ext:CommunityAward" becomes "Community award".
func humanize(s string) string {
	s = strings.TrimPrefix(s, "ext:")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && unicode.IsUpper(c) {
			b.WriteByte(' ')
			c = unicode.ToLower(c)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// statusKind is the credential status, or "unknown"; it names CSS classes.
func statusKind(s string) string {
	switch s {
	case StatusActive, StatusRevoked, StatusSuspended, StatusExpired:
		return s
	}
	return "unknown"
}

// statusIcon is a glyph that repeats the label's meaning; it is hidden from
// screen readers, and the label is always shown beside it.
func statusIcon(s string) string {
	switch statusKind(s) {
	case StatusActive:
		return "✓"
	case StatusRevoked:
		return "✗"
	case StatusSuspended, StatusExpired:
		return "!"
	}
	return "?"
}

// checkKind is the check status, or "unknown"; it names CSS classes.
func checkKind(s string) string {
	switch s {
	case CheckPass, CheckFail, CheckWarn, CheckSkip:
		return s
	}
	return "unknown"
}

func checkIcon(s string) string {
	switch checkKind(s) {
	case CheckPass:
		return "✓"
	case CheckFail:
		return "✗"
	case CheckWarn:
		return "!"
	case CheckSkip:
		return "?"
	}
	return "?"
}
