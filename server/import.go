package server

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// maxImportBody bounds one import request; the CLI sends large files in
// batches.
const maxImportBody = 16 << 20

// importReport is the answer to a bulk import (api.ImportReport) as it is
// being built, with the format of the file read.
type importReport struct {
	api.ImportReport
	format ledger.Format
}

// importRows is POST /api/v1/import/{members|exchanges|attestations}: a CSV
// (text/csv) or JSONL (application/x-ndjson) body. Valid rows are applied,
// invalid ones are reported and not applied; importing the same file again
// changes nothing. ?firstRow=N numbers the rows from N (for batches of a
// larger file).
func (s *Server) importRows(w http.ResponseWriter, r *http.Request) error {
	kind := pathID(r, "kind")
	format, err := importFormat(r.Header.Get("Content-Type"))
	if err != nil {
		return err
	}
	offset := 0
	if v := r.URL.Query().Get("firstRow"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return errs.Field("firstRow", "%q is not a row number (1 or more)", v)
		}
		offset = n - 1
	}
	body, err := readBody(w, r, maxImportBody)
	if err != nil {
		return err
	}
	p := principalOf(r)
	rep, err := s.runImport(r.Context(), kind, format, body, offset, false, importScope{community: actingCommunity(r, p), may: p.mayActFor})
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, typeJSON, rep)
	return nil
}

// runImport reads an import file of kind (members, exchanges or
// attestations) and applies its valid rows, or with preview only says what
// applying them would do (award's Preview*: the same errors, nothing
// stored or issued). Rows are numbered from offset+1. Everything goes
// into the community of in (importScope).
func (s *Server) runImport(ctx context.Context, kind string, format ledger.Format, body []byte, offset int, preview bool, in importScope) (*importReport, error) {
	rep := &importReport{ImportReport: api.ImportReport{Kind: kind, Errors: []api.RowProblem{}}, format: format}
	if format == ledger.CSV {
		if _, d, err := ledger.SniffCSV(bytes.NewReader(body)); err == nil {
			rep.Encoding, rep.Separator = d.Encoding, string(d.Comma)
		}
	}
	var res award.Result
	var rows []rowRef
	var err error
	switch kind {
	case "members":
		rows, res, err = importFacts(ledger.ReadMembers(bytes.NewReader(body), format), rep, func(list []*accolade.Member) (award.Result, error) {
			return s.scopedMembers(list, in, func(list []*accolade.Member) (award.Result, error) {
				if preview {
					return s.awards.PreviewMembers(list)
				}
				return s.awards.PutMembers(list)
			})
		})
	case "exchanges":
		rows, res, err = importFacts(ledger.ReadExchanges(bytes.NewReader(body), format), rep, func(list []*ledger.Exchange) (award.Result, error) {
			for _, e := range list {
				e.Community = ledger.StoredCommunity(in.community)
			}
			if preview {
				return s.awards.PreviewExchanges(list)
			}
			return s.awards.AddExchanges(ctx, list)
		})
	case "attestations":
		rows, res, err = importFacts(ledger.ReadAttestations(bytes.NewReader(body), format), rep, func(list []*ledger.Attestation) (award.Result, error) {
			for _, a := range list {
				a.Community = ledger.StoredCommunity(in.community)
			}
			if preview {
				return s.awards.PreviewAttestations(list)
			}
			return s.awards.AddAttestations(ctx, list)
		})
	default:
		return nil, errs.E(errs.NotFound, "cannot import %q: use members, exchanges or attestations", kind)
	}
	if err != nil {
		return nil, err
	}
	rep.tally(rows, res, offset)
	rep.Issued = s.views(res.Issued)
	return rep, nil
}

func importFormat(contentType string) (ledger.Format, error) {
	ct, _, _ := mime.ParseMediaType(contentType)
	switch ct {
	case "text/csv", "application/csv", "":
		return ledger.CSV, nil
	case "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-seq", "application/ndjson":
		return ledger.JSONL, nil
	}
	return 0, errs.E(errs.Invalid, "Content-Type %q is not accepted: send text/csv or application/x-ndjson (JSON lines)", ct)
}

// rowRef remembers where an applied value came from.
type rowRef struct{ row, line int }

// importFacts reads rows, reports the ones that cannot be read, and applies
// the rest in one call.
func importFacts[T any](rows func(func(ledger.Row[*T]) bool), rep *importReport, apply func([]*T) (award.Result, error)) ([]rowRef, award.Result, error) {
	var list []*T
	var refs []rowRef
	for row := range rows {
		rep.Rows = max(rep.Rows, row.Row)
		if row.Fatal {
			p := rep.problem(row.Row, row.Line, row.Err)
			rep.Stopped = &p
			break
		}
		if row.Err != nil {
			rep.fail(row.Row, row.Line, row.Err)
			continue
		}
		list, refs = append(list, row.Value), append(refs, rowRef{row.Row, row.Line})
	}
	if len(list) == 0 {
		return nil, award.Result{}, nil
	}
	res, err := apply(list)
	return refs, res, err
}

func (rep *importReport) fail(row, line int, err error) {
	rep.Failed++
	rep.Errors = append(rep.Errors, rep.problem(row, line, err))
}

// problem describes err for someone editing the import file: the column (a
// CSV file) or key (JSON lines) and the reason, without the row number, and
// for a member missing from the ledger, how to add them from a file.
func (rep *importReport) problem(row, line int, err error) api.RowProblem {
	var re *ledger.RowError
	if errors.As(err, &re) {
		err = re.Err
	}
	field, msg := errs.FieldOf(err), err.Error()
	var fe *errs.Error
	for e := err; errors.As(e, &fe); e = fe.Err {
		if fe.Field == field {
			msg = strings.TrimPrefix(fe.Error(), field+": ")
			break
		}
	}
	var um *ledger.UnknownMemberError
	if errors.As(err, &um) {
		msg = fmt.Sprintf("member %q does not exist; add them to your members file and import it first", um.ID)
	}
	if field != "" {
		msg = rep.column(field) + ": " + msg
	}
	return api.RowProblem{Row: row, Line: line, Field: field, Error: msg}
}

// column names a field as the file does: `column "learners"` for the CSV
// field learners[2], `"learners[2]"` for JSON lines.
func (rep *importReport) column(field string) string {
	if rep.format == ledger.JSONL {
		return strconv.Quote(field)
	}
	name, _, _ := strings.Cut(field, "[")
	name, _, _ = strings.Cut(name, ".")
	return "column " + strconv.Quote(name)
}

// tally counts the outcome of every applied row and reports the rows the
// service refused, numbered from offset.
func (rep *importReport) tally(refs []rowRef, res award.Result, offset int) {
	for i, ref := range refs {
		if i < len(res.Errors) && res.Errors[i] != nil {
			rep.fail(ref.row, ref.line, &ledger.RowError{Row: ref.row, Line: ref.line, Err: res.Errors[i]})
			continue
		}
		switch res.Outcomes[i] {
		case ledger.Created:
			rep.Created++
		case ledger.Updated:
			rep.Updated++
		default:
			rep.Unchanged++
		}
	}
	slices.SortStableFunc(rep.Errors, func(a, b api.RowProblem) int { return cmp.Compare(a.Row, b.Row) })
	if offset == 0 {
		return
	}
	for i := range rep.Errors { // in a batch, lines are the batch's: drop them
		rep.Errors[i].Row, rep.Errors[i].Line = rep.Errors[i].Row+offset, 0
	}
	if rep.Stopped != nil && rep.Stopped.Row > 0 {
		rep.Stopped.Row, rep.Stopped.Line = rep.Stopped.Row+offset, 0
	}
	rep.Rows += offset
}

// importScope is where an import goes: the community its new members join
// and its exchanges and attestations are made in, and which communities
// the importer may act for (a member of another community is not theirs
// to change).
type importScope struct {
	community string
	may       func(slug string) bool
}

// scopedMembers applies (or previews) the members of list that in may
// change: a new member joins in.community; a stored one is refused,
// naming the row, unless the importer may act for every community they
// belong to. The result is for the whole list.
func (s *Server) scopedMembers(list []*accolade.Member, in importScope, apply func([]*accolade.Member) (award.Result, error)) (award.Result, error) {
	full := award.Result{Outcomes: make([]ledger.Outcome, len(list)), Errors: make([]error, len(list))}
	var mine []*accolade.Member
	var at []int
	for i, m := range list {
		old, err := s.store.Member(m.ID)
		switch {
		case errs.KindOf(err) == errs.NotFound:
			if m.Communities == nil {
				m.Communities = []string{in.community}
			}
		case err != nil:
			return full, err
		case !slices.ContainsFunc(old.CommunitySlugs(), func(slug string) bool { return !in.may(slug) }):
		default:
			full.Errors[i] = errs.Field("id", "%q is the id of a member of another community: choose another id", m.ID)
			continue
		}
		mine, at = append(mine, m), append(at, i)
	}
	res, err := apply(mine)
	for j, i := range at {
		full.Outcomes[i], full.Errors[i] = res.Outcomes[j], res.Errors[j]
	}
	full.Issued = res.Issued
	return full, err
}
