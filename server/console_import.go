package server

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
	"github.com/accolade-badges/accolade/templates"
)

// The console's import: upload a file of members, exchanges or
// attestations, see every refused row and what the others would do
// (award's Preview*: nothing stored), then apply exactly that file. The
// previewed file waits on a shelf under a random token for a while; Apply
// takes it off, so pressing it twice applies the file once.

func init() {
	consoleRoutesList = append(consoleRoutesList,
		consoleRoute{"GET /console/{slug}/import", func(s *Server) consoleHandler { return s.consoleImport }},
		consoleRoute{"POST /console/{slug}/import", func(s *Server) consoleHandler { return s.consoleImportPreview }},
		consoleRoute{"POST /console/{slug}/import/apply", func(s *Server) consoleHandler { return s.consoleImportApply }},
	)
	consoleNav = append(consoleNav, consoleNavItem{"/import", func(t func(string, ...any) string) string { return catalogueLookup(t).T("console.nav.import") }})
}

// importPreviewer says what an import would do without doing it;
// award.Service satisfies it (award/preview.go).
type importPreviewer interface {
	PreviewMembers(list []*accolade.Member) (award.Result, error)
	PreviewExchanges(list []*ledger.Exchange) (award.Result, error)
	PreviewAttestations(list []*ledger.Attestation) (award.Result, error)
}

// Bounds of the shelf of previewed files.
const (
	shelfLife  = 30 * time.Minute
	shelfBytes = 64 << 20 // in all; the oldest go first
)

// pendingImport is a previewed file waiting to be applied.
type pendingImport struct {
	issuer, member string // whose preview it is: only they may apply it
	kind, name     string
	format         ledger.Format
	body           []byte
	at             time.Time
}

// importShelf holds previewed files by token.
type importShelf struct {
	mu    sync.Mutex
	files map[string]*pendingImport
}

// shelf is the server's previewed files. It is the process's: the tokens
// are random, so servers sharing it (tests) do not meet.
var shelf = &importShelf{files: map[string]*pendingImport{}}

// put shelves p and returns its token, dropping expired files and then the
// oldest while the shelf holds more than shelfBytes.
func (sh *importShelf) put(p *pendingImport) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	token := hex.EncodeToString(b)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	total := len(p.body)
	for t, f := range sh.files {
		if p.at.Sub(f.at) > shelfLife {
			delete(sh.files, t)
			continue
		}
		total += len(f.body)
	}
	for total > shelfBytes {
		oldest := ""
		for t, f := range sh.files {
			if oldest == "" || f.at.Before(sh.files[oldest].at) {
				oldest = t
			}
		}
		if oldest == "" {
			break
		}
		total -= len(sh.files[oldest].body)
		delete(sh.files, oldest)
	}
	sh.files[token] = p
	return token
}

// take removes and returns the file of token if it is issuer's and
// member's and not expired; nil otherwise.
func (sh *importShelf) take(token, issuer, member string, now time.Time) *pendingImport {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	p := sh.files[token]
	if p == nil || p.issuer != issuer || p.member != member {
		return nil
	}
	delete(sh.files, token)
	if now.Sub(p.at) > shelfLife {
		return nil
	}
	return p
}

func (s *Server) consoleImport(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	v := templates.ConsoleImportPage{Kind: r.URL.Query().Get("kind")}
	return s.renderImport(w, r, c, http.StatusOK, v)
}

// importScope is where a coordinator's import goes: their community, and
// members only of the communities they coordinate.
func (s *Server) consoleImportScope(c *coordinator) importScope {
	return importScope{community: c.Issuer.Slug, may: func(slug string) bool {
		p, err := s.store.Issuer(slug)
		return err == nil && slices.Contains(p.Coordinators, c.Member.ID)
	}}
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, c *coordinator, status int, v templates.ConsoleImportPage) error {
	v.ConsolePage = s.consolePage(r, c, "/import")
	base := "/console/" + c.Issuer.Slug + "/import"
	v.Action, v.ApplyAction = s.localPath(base), s.localPath(base+"/apply")
	for _, sum := range []*templates.ImportSummary{v.Preview, v.Result} {
		if sum != nil {
			sum.Site = v.Site
		}
	}
	return renderPage(w, status, func(b *bytes.Buffer) error { return s.pages.Console(b, "console-import", v) })
}

// consoleImportPreview reads the uploaded file and shows what importing
// it would do, changing nothing; the file is shelved for Apply.
func (s *Server) consoleImportPreview(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBody+64<<10)
	kind := r.FormValue("kind")
	v := templates.ConsoleImportPage{Kind: kind}
	f, h, err := r.FormFile("file")
	if err != nil {
		v.Err = &templates.FormError{Field: "file", Message: "no file was sent: choose a CSV or JSON lines file"}
		return s.renderImport(w, r, c, http.StatusBadRequest, v)
	}
	defer f.Close()
	body, err := io.ReadAll(f)
	if err != nil {
		v.Err = &templates.FormError{Field: "file", Message: "the file is too large: send at most 16 MB at a time"}
		return s.renderImport(w, r, c, http.StatusBadRequest, v)
	}
	format, err := uploadFormat(h.Filename, h.Header.Get("Content-Type"))
	if err == nil {
		var rep *importReport
		if rep, err = s.runImport(r.Context(), kind, format, body, 0, true, s.consoleImportScope(c)); err == nil {
			v.FileName, v.Preview = h.Filename, summary(rep)
			v.Token = shelf.put(&pendingImport{issuer: c.Issuer.Slug, member: c.Member.ID, kind: kind, name: h.Filename,
				format: format, body: body, at: s.now()})
			return s.renderImport(w, r, c, http.StatusOK, v)
		}
	}
	if errs.KindOf(err) != errs.Invalid && errs.KindOf(err) != errs.NotFound {
		return err
	}
	v.Err = &templates.FormError{Message: errMessage(err)}
	return s.renderImport(w, r, c, http.StatusBadRequest, v)
}

// consoleImportApply applies the shelved file of the form's token, once.
func (s *Server) consoleImportApply(w http.ResponseWriter, r *http.Request, c *coordinator) error {
	p := shelf.take(r.PostFormValue("token"), c.Issuer.Slug, c.Member.ID, s.now())
	if p == nil {
		return s.renderImport(w, r, c, http.StatusConflict, templates.ConsoleImportPage{Gone: true})
	}
	rep, err := s.runImport(r.Context(), p.kind, p.format, p.body, 0, false, s.consoleImportScope(c))
	if err != nil {
		return err
	}
	return s.renderImport(w, r, c, http.StatusOK, templates.ConsoleImportPage{Kind: p.kind, FileName: p.name, Result: summary(rep)})
}

// uploadFormat is an uploaded file's format, from its name (.jsonl,
// .ndjson: JSON lines; .csv: CSV) or else its declared type.
func uploadFormat(name, contentType string) (ledger.Format, error) {
	switch strings.ToLower(path.Ext(name)) {
	case ".jsonl", ".ndjson":
		return ledger.JSONL, nil
	case ".csv", ".txt":
		return ledger.CSV, nil
	}
	if contentType == "application/octet-stream" {
		contentType = ""
	}
	return importFormat(contentType)
}

// summary is an import report as the import page shows it.
func summary(rep *importReport) *templates.ImportSummary {
	out := &templates.ImportSummary{Kind: rep.Kind, Rows: rep.Rows, Created: rep.Created, Updated: rep.Updated, Unchanged: rep.Unchanged,
		Failed: rep.Failed, Issued: len(rep.Issued), Encoding: rep.Encoding, Separator: rep.Separator}
	for _, p := range rep.Errors {
		out.Problems = append(out.Problems, importProblem(p.Row, p.Field, p.Error))
	}
	if rep.Stopped != nil {
		p := importProblem(rep.Stopped.Row, rep.Stopped.Field, rep.Stopped.Error)
		out.Stopped = &p
	}
	return out
}

// importProblem splits a row problem's message (`column "x": reason`, or
// `"x": reason` for JSON lines) into its column ("x") and reason.
func importProblem(row int, field, msg string) templates.ImportProblem {
	p := templates.ImportProblem{Row: row, Reason: msg}
	if field != "" {
		if col, reason, ok := strings.Cut(msg, ": "); ok {
			p.Column, p.Reason = strings.TrimPrefix(col, "column "), reason // the table's heading says column
		}
	}
	return p
}
