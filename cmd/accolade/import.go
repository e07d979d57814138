package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/ledger"
)

const importUsage = "accolade import members|exchanges|attestations FILE [--format csv|jsonl] [--community SLUG] [--server URL | --data DIR]"

// importBatch is how many rows one request carries.
const importBatch = 2000

func (m *Main) importFlags(fs *flag.FlagSet) (format, community *string) {
	m.apiFlags(fs)
	return fs.String("format", "", "file format, csv or jsonl (default: from the file name; .jsonl and .ndjson are JSON lines)"),
		fs.String("community", "", "the `SLUG` of the community new members join and the activity is recorded in (default: the token's community, else the default one)")
}

// addReport adds the server's answer to one batch, o, to r.
func addReport(r *api.ImportReport, o api.ImportReport) {
	r.Rows, r.Created, r.Updated = max(r.Rows, o.Rows), r.Created+o.Created, r.Updated+o.Updated
	r.Unchanged, r.Failed = r.Unchanged+o.Unchanged, r.Failed+o.Failed
	r.Errors, r.Issued = append(r.Errors, o.Errors...), append(r.Issued, o.Issued...)
	if o.Stopped != nil {
		r.Stopped = o.Stopped
	}
}

// stopReport records in r the problem that stopped the reading of the
// file at row.
func stopReport(r *api.ImportReport, row int, err error) {
	r.Rows = max(r.Rows, row)
	r.Stopped = &api.RowProblem{Row: row, Error: err.Error()}
}

// importCmd imports a CSV or JSONL file in batches through the admin API.
// Valid rows are applied and invalid ones reported by row, field and reason;
// importing the same file again changes nothing. It exits 1 when any row
// was refused.
func (m *Main) importCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("import", importUsage)
	formatFlag, community := m.importFlags(fs)
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || (pos[0] != "members" && pos[0] != "exchanges" && pos[0] != "attestations") {
		return usagef("give what to import (members, exchanges or attestations) and a FILE")
	}
	kind, path := pos[0], pos[1]
	format := ledger.FormatOf(path)
	if *formatFlag != "" {
		if format, err = ledger.ParseFormat(*formatFlag); err != nil {
			return usagef("%v", err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return usagef("%v", err)
	}
	defer f.Close()
	defer m.Close()
	c, mode, err := m.api()
	if err != nil {
		return err
	}
	bar := m.progressBar(f)
	var total api.ImportReport
	var dialect *ledger.Dialect
	err = batches(bar.reader(f), format, &total, &dialect, func(body []byte, contentType string, firstRow int) error {
		var rep api.ImportReport
		q := "?firstRow=" + fmt.Sprint(firstRow)
		if *community != "" {
			q += "&community=" + url.QueryEscape(*community)
		}
		if err := c.do(ctx, "POST", "/api/v1/import/"+url.PathEscape(kind)+q, contentType, body, &rep); err != nil {
			return err
		}
		addReport(&total, rep)
		bar.update(total.Rows)
		return nil
	})
	bar.done()
	if err != nil {
		return err
	}
	m.printImport(filepath.Base(path), kind, mode, dialect, total)
	if total.Failed > 0 || total.Stopped != nil {
		return exitError(exitFailure)
	}
	return nil
}

func (m *Main) printImport(file, kind, mode string, d *ledger.Dialect, r api.ImportReport) {
	how := ""
	if d != nil {
		how = fmt.Sprintf(" (CSV, %s, cells separated by %s)", d.Encoding, d.Separator())
	}
	fmt.Fprintf(m.Stdout, "%s%s: %s of %s: %d created, %d updated, %d unchanged, %d refused; %s issued\n",
		file, how, plural(r.Rows, "row"), kind, r.Created, r.Updated, r.Unchanged, r.Failed, plural(len(r.Issued), "credential"))
	for _, e := range r.Errors {
		fmt.Fprintf(m.Stdout, "  row %d: %s\n", e.Row, e.Error)
	}
	if s := r.Stopped; s != nil {
		if s.Row == 0 {
			fmt.Fprintf(m.Stdout, "  %s\n", s.Error)
		} else {
			fmt.Fprintf(m.Stdout, "  row %d: %s\n", s.Row, s.Error)
		}
	}
	for _, i := range r.Issued {
		fmt.Fprintf(m.Stdout, "  issued %s to %s (%s)\n", i.Achievement, i.Member, i.ID)
	}
	fmt.Fprintln(m.Stdout, storedSummary(r))
	fmt.Fprintf(m.Stderr, "(imported %s)\n", mode)
}

// storedSummary says plainly how many rows were stored, and why the others
// were not.
func storedSummary(r api.ImportReport) string {
	stored := r.Created + r.Updated + r.Unchanged
	s := fmt.Sprintf("%d of %s stored", stored, plural(r.Rows, "row"))
	if r.Failed > 0 {
		s += fmt.Sprintf("; %d refused", r.Failed)
	}
	switch {
	case r.Stopped != nil && r.Stopped.Row == 0:
		s += "; the file's first line could not be read as a header, so no row was read"
	case r.Stopped != nil:
		s += fmt.Sprintf("; row %d is malformed, so the rest of the file was not read", r.Stopped.Row)
	}
	return s + "."
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// batches splits a CSV or JSONL file into bodies of importBatch rows,
// keeping CSV's header in each and counting rows as the server does. A CSV
// file is sent as UTF-8 with its own separator, and *dialect says how it was
// written. A row that cannot be read is recorded in total and ends the file.
func batches(r io.Reader, format ledger.Format, total *api.ImportReport, dialect **ledger.Dialect, send func(body []byte, contentType string, firstRow int) error) error {
	if format == ledger.JSONL {
		return jsonlBatches(r, send)
	}
	recs, err := ledger.NewRecords(r)
	if err != nil {
		stopReport(total, 0, err)
		return nil
	}
	*dialect = &recs.Dialect
	header, err := recs.Read()
	if errors.Is(err, io.EOF) {
		// Let the server report an empty file the usual way.
		return send(nil, "text/csv", 1)
	}
	if err != nil {
		stopReport(total, 0, fmt.Errorf("header: %w", err))
		return nil
	}
	first := 1
	for {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Comma = recs.Dialect.Comma
		w.UseCRLF = false
		w.Write(header)
		n := 0
		var readErr error
		for ; n < importBatch; n++ {
			rec, err := recs.Read()
			if err != nil {
				readErr = err
				break
			}
			w.Write(rec)
		}
		w.Flush()
		if n > 0 {
			if err := send(buf.Bytes(), "text/csv", first); err != nil {
				return err
			}
		}
		first += n
		if errors.Is(readErr, io.EOF) {
			return nil
		}
		if readErr != nil {
			stopReport(total, first, readErr)
			return nil
		}
	}
}

func jsonlBatches(r io.Reader, send func([]byte, string, int) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), ledger.MaxJSONLLine)
	var buf bytes.Buffer
	first, n := 1, 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		err := send(buf.Bytes(), "application/x-ndjson", first)
		first, n = first+n, 0
		buf.Reset()
		return err
	}
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		buf.Write(line)
		buf.WriteByte('\n')
		if n++; n == importBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("row %d: %w", first+n, err)
	}
	return flush()
}
