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

	"github.com/accolade-badges/accolade/ledger"
)

const importUsage = "accolade import members|exchanges|attestations FILE [--format csv|jsonl] [--server URL | --data DIR]"

// importBatch is how many rows one request carries.
const importBatch = 2000

func (m *Main) importFlags(fs *flag.FlagSet) *string {
	m.apiFlags(fs)
	return fs.String("format", "", "file format, csv or jsonl (default: from the file name; .jsonl and .ndjson are JSON lines)")
}

// importReport is the server's answer to one batch.
type importReport struct {
	Rows, Created, Updated, Unchanged, Failed int
	Errors                                    []struct {
		Row   int
		Line  int
		Field string
		Error string
	}
	Issued []struct{ ID, Member, Achievement string }
}

func (r *importReport) add(o importReport) {
	r.Rows, r.Created, r.Updated = max(r.Rows, o.Rows), r.Created+o.Created, r.Updated+o.Updated
	r.Unchanged, r.Failed = r.Unchanged+o.Unchanged, r.Failed+o.Failed
	r.Errors, r.Issued = append(r.Errors, o.Errors...), append(r.Issued, o.Issued...)
}

// importCmd imports a CSV or JSONL file in batches through the admin API.
// Valid rows are applied and invalid ones reported by row, field and reason;
// importing the same file again changes nothing. It exits 1 when any row
// was refused.
func (m *Main) importCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("import", importUsage)
	formatFlag := m.importFlags(fs)
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
	var total importReport
	err = batches(bar.reader(f), format, func(body []byte, contentType string, firstRow int) error {
		var rep importReport
		q := "?firstRow=" + fmt.Sprint(firstRow)
		if err := c.do(ctx, "POST", "/api/v1/import/"+url.PathEscape(kind)+q, contentType, body, &rep); err != nil {
			return err
		}
		total.add(rep)
		bar.update(total.Rows)
		return nil
	})
	bar.done()
	if err != nil {
		return err
	}
	m.printImport(filepath.Base(path), kind, mode, total)
	if total.Failed > 0 {
		return exitError(exitFailure)
	}
	return nil
}

func (m *Main) printImport(file, kind, mode string, r importReport) {
	fmt.Fprintf(m.Stdout, "%s: %d rows of %s: %d created, %d updated, %d unchanged, %d refused; %d credentials issued\n",
		file, r.Rows, kind, r.Created, r.Updated, r.Unchanged, r.Failed, len(r.Issued))
	for _, e := range r.Errors {
		where := fmt.Sprintf("row %d", e.Row)
		if e.Row == 0 {
			where = fmt.Sprintf("line %d", e.Line)
		}
		fmt.Fprintf(m.Stdout, "  %s: %s\n", where, e.Error)
	}
	for _, i := range r.Issued {
		fmt.Fprintf(m.Stdout, "  issued %s to %s (%s)\n", i.Achievement, i.Member, i.ID)
	}
	fmt.Fprintf(m.Stderr, "(imported %s)\n", mode)
}

// batches splits a CSV or JSONL file into bodies of importBatch rows,
// keeping CSV's header in each and counting rows as the server does.
func batches(r io.Reader, format ledger.Format, send func(body []byte, contentType string, firstRow int) error) error {
	if format == ledger.JSONL {
		return jsonlBatches(r, send)
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		// Let the server report an empty or broken header the usual way.
		return send(nil, "text/csv", 1)
	}
	first := 1
	for {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(header)
		n := 0
		var readErr error
		for ; n < importBatch; n++ {
			rec, err := cr.Read()
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
			return fmt.Errorf("row %d: malformed CSV: %w (rows before it were imported)", first, readErr)
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
