package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/errs"
)

// client talks to a running server's API: the way data-changing commands
// work while a server holds the data directory.
type client struct {
	base  string
	token string
	http  *http.Client
}

func (m *Main) client() (*client, error) {
	base := trimSlash(m.Config.Server)
	if !isURL(base) {
		return nil, usagef("--server %q is not an http(s) URL", m.Config.Server)
	}
	return &client{base: base, token: m.Config.Token, http: &http.Client{Timeout: 60 * time.Second}}, nil
}

// do sends a request and decodes a JSON answer into out, turning problem
// documents into errors of the matching kind.
func (c *client) do(ctx context.Context, method, path, contentType string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return errs.Wrap(errs.Unavailable, err, "contacting %s", c.base)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return errs.Wrap(errs.Unavailable, err, "reading answer from %s", c.base)
	}
	if resp.StatusCode >= 300 {
		return problemError(resp, b)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("the server at %s answered with something that is not JSON: %w", c.base, err)
	}
	return nil
}

func problemError(resp *http.Response, body []byte) error {
	var p struct {
		Detail string `json:"detail"`
		Field  string `json:"field"`
	}
	_ = json.Unmarshal(body, &p)
	if p.Detail == "" {
		p.Detail = strings.TrimSpace(string(body))
	}
	kind := errs.Internal
	switch resp.StatusCode {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		kind = errs.Invalid
	case http.StatusUnauthorized:
		kind, p.Detail = errs.Unauthorized, p.Detail+" (set ACCOLADE_TOKEN)"
	case http.StatusForbidden:
		kind = errs.Forbidden
	case http.StatusNotFound:
		kind = errs.NotFound
	case http.StatusConflict:
		kind = errs.Conflict
	}
	if p.Field != "" && !strings.HasPrefix(p.Detail, p.Field) {
		return &errs.Error{Kind: kind, Field: p.Field, Msg: p.Detail}
	}
	return &errs.Error{Kind: kind, Msg: fmt.Sprintf("server answered %s: %s", resp.Status, p.Detail)}
}

// api returns a client for the admin API: the running server's with
// --server, otherwise this process's own server over the opened data
// directory, called in memory. Either way the same API code runs. mode
// describes which, for the command's output.
func (m *Main) api() (c *client, mode string, err error) {
	if m.Config.Server != "" {
		c, err := m.client()
		if err != nil {
			return nil, "", err
		}
		return c, "through the server at " + c.base, nil
	}
	if _, err := m.open(""); err != nil {
		return nil, "", err
	}
	token := randomToken(m.Rand)
	srv, err := m.newServer(token)
	if err != nil {
		return nil, "", err
	}
	c = &client{base: m.Config.BaseURL, token: token, http: &http.Client{Transport: inProcess{srv}}}
	return c, "directly in the data directory " + m.Config.DataDir, nil
}

// inProcess is an http.RoundTripper that serves requests with a handler in
// this process, without a network.
type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	return rec.Result(), nil
}
