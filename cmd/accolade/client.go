package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"

	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
)

// client talks to a running server's API: the way data-changing commands
// work while a server holds the data directory.
type client struct {
	base  string
	token string
	http  *http.Client
	local bool // the API runs in this process: no server is involved
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
		return c.unreachable(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return errs.Wrap(errs.Unavailable, err, "reading answer from %s", c.base)
	}
	if resp.StatusCode >= 300 {
		return c.problemError(resp, b)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("the server at %s answered with something that is not JSON: %w", c.base, err)
	}
	return nil
}

// unreachable says in words why a request got no answer, with what to check.
func (c *client) unreachable(err error) error {
	var dns *net.DNSError
	var op *net.OpError
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return errs.Wrap(errs.Unavailable, err, "interrupted")
	case errors.As(err, &dns):
		return errs.E(errs.Unavailable, "cannot find the host %q of %s: check --server or ACCOLADE_SERVER", dns.Name, c.base)
	case errors.As(err, &ne) && ne.Timeout():
		return errs.E(errs.Unavailable, "the server at %s did not answer in time; is it overloaded, or is the address right?", c.base)
	case errors.As(err, &op) && op.Op == "dial":
		return errs.E(errs.Unavailable, "cannot connect to %s: is the server running at %s? (start it with accolade serve, or check --server or ACCOLADE_SERVER)", c.base, c.base)
	}
	return errs.Wrap(errs.Unavailable, err, "no answer from the server at %s", c.base)
}

// problemError turns an error answer into an error of the matching kind. In
// process, the detail alone says what went wrong: no server is involved.
func (c *client) problemError(resp *http.Response, body []byte) error {
	var p api.Problem
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
	case http.StatusTooManyRequests:
		wait := "a moment"
		if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && n > 0 {
			wait = plural(n, "second")
		}
		return errs.E(errs.RateLimited, "the server is busy; try again in %s", wait)
	case http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusGatewayTimeout:
		msg := "the server is unavailable"
		if !c.local {
			msg = fmt.Sprintf("the server at %s is unavailable (%s)", c.base, resp.Status)
		}
		if p.Detail != "" && !strings.HasPrefix(p.Detail, "<") {
			msg += ": " + p.Detail
		}
		return errs.E(errs.Unavailable, "%s; try again later", msg)
	}
	if p.Field != "" && !strings.HasPrefix(p.Detail, p.Field) {
		return &errs.Error{Kind: kind, Field: p.Field, Msg: p.Detail}
	}
	if c.local && p.Detail != "" {
		return &errs.Error{Kind: kind, Msg: p.Detail}
	}
	return &errs.Error{Kind: kind, Msg: fmt.Sprintf("the server at %s answered %s: %s", c.base, resp.Status, p.Detail)}
}

// api returns a client for the admin API: the running server's with
// --server, otherwise this process's own server over the opened data
// directory, called in memory. Either way the same API code runs. mode
// describes which, for the command's output.
func (m *Main) api() (c *client, mode string, err error) { return m.directAPI(true) }

// storeAPI is api for commands that never issue or evaluate (keys): in the
// data directory it opens the store and keyring but not the award index.
func (m *Main) storeAPI() (c *client, mode string, err error) { return m.directAPI(false) }

func (m *Main) directAPI(awards bool) (c *client, mode string, err error) {
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
	if awards {
		if err := m.openAwards(); err != nil {
			return nil, "", err
		}
	}
	token := randomToken(m.Rand)
	srv, err := m.newServer(token, cliActor())
	if err != nil {
		return nil, "", err
	}
	c = &client{base: m.Config.BaseURL, token: token, http: &http.Client{Transport: inProcess{srv}}, local: true}
	return c, "directly in " + m.Config.storeName(), nil
}

// cliActor names the person running the command in the audit log:
// "cli:" and their user name.
func cliActor() string {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	return "cli:" + cmp.Or(name, "unknown")
}

// inProcess is an http.RoundTripper that serves requests with a handler in
// this process, without a network.
type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	return rec.Result(), nil
}
