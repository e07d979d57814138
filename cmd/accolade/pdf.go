package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/accolade-badges/accolade/errs"
)

const pdfUsage = "accolade pdf CREDENTIAL-ID -o FILE [--size a4|letter] [--server URL | --data DIR]"

type pdfOptions struct{ out, size *string }

func (m *Main) pdfFlags(fs *flag.FlagSet) pdfOptions {
	m.apiFlags(fs)
	return pdfOptions{
		out:  fs.String("o", "", "write the PDF to `FILE` (- for standard output)"),
		size: fs.String("size", "", "paper size: a4 (the default) or letter"),
	}
}

// pdfCmd writes a credential's PDF certificate (GET /credentials/ID.pdf,
// through the server or the API run in-process over the data directory,
// which it opens without the award index).
func (m *Main) pdfCmd(ctx context.Context, args []string) error {
	fs := m.flagSet("pdf", pdfUsage)
	o := m.pdfFlags(fs)
	defer m.Close()
	pos, err := m.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one credential id")
	}
	if *o.out == "" {
		return usagef("give the output file with -o FILE")
	}
	id := strings.TrimPrefix(pos[0], "urn:uuid:")
	path := "/credentials/" + url.PathEscape(id) + ".pdf"
	if *o.size != "" {
		path += "?size=" + url.QueryEscape(*o.size)
	}
	c, mode, err := m.storeAPI()
	if err != nil {
		return err
	}
	pdf, err := c.get(ctx, path)
	if err != nil {
		return err
	}
	if *o.out == "-" {
		_, err = m.Stdout.Write(pdf)
		return err
	}
	if err := os.WriteFile(*o.out, pdf, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "wrote %s (%d bytes) (%s)\n", *o.out, len(pdf), mode)
	return nil
}

// get fetches path and returns the body, turning problem documents into
// errors of the matching kind.
func (c *client) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+path, nil)
	if err != nil {
		return nil, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.unreachable(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, errs.Wrap(errs.Unavailable, err, "reading answer from %s", c.base)
	}
	if resp.StatusCode >= 300 {
		return nil, c.problemError(resp, b)
	}
	return b, nil
}
