package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// The Open Badges API is checked against its own discovery document by an
// independent OpenAPI implementation (kin-openapi): the document must be
// a valid OpenAPI 3.0 document, and every call the tests make through
// oauthFixture.api must agree with it: each response matches the
// operation's responses (status, media type, schema, headers), and a
// request the server accepted matches the operation's parameters and
// body.

// openAPI loads and validates the discovery document once.
func (f *oauthFixture) openAPI() routers.Router {
	f.t.Helper()
	if f.router != nil {
		return f.router
	}
	resp, err := http.Get(f.srv.URL + "/ims/ob/v3p0/discovery")
	mustOK(f.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		f.t.Fatalf("kin-openapi cannot load the discovery document: %v\n%s", err, b)
	}
	if err := doc.Validate(context.Background()); err != nil {
		f.t.Fatalf("kin-openapi: the discovery document is not valid OpenAPI 3.0: %v", err)
	}
	f.router, err = legacy.NewRouter(doc)
	mustOK(f.t, err)
	return f.router
}

// checkOpenAPI checks one call of the API (path under /ims/ob/v3p0)
// against the discovery document.
func (f *oauthFixture) checkOpenAPI(method, path, ctype, body, access string, resp *http.Response, respBody []byte) {
	f.t.Helper()
	req, _ := http.NewRequest(method, obBase+path, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if access != "" {
		req.Header.Set("Authorization", "Bearer "+access)
	}
	route, params, err := f.openAPI().FindRoute(req)
	if err != nil {
		f.t.Errorf("OpenAPI: %s %s is not in the discovery document: %v", method, path, err)
		return
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	reqErr := openapi3filter.ValidateRequest(context.Background(), in)
	if reqErr != nil && resp.StatusCode < 300 {
		f.t.Errorf("OpenAPI: the server accepted %s %s (%d) but the document refuses the request: %v", method, redact(path), resp.StatusCode, reqErr)
	}
	// The request is read again for the response's validation.
	req.Body = io.NopCloser(strings.NewReader(body))
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(respBody)), Options: opts}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		f.t.Errorf("OpenAPI: the response to %s %s (%d %s) does not match the discovery document: %v\n%.400s",
			method, redact(path), resp.StatusCode, resp.Header.Get("Content-Type"), err, respBody)
	}
}

// redact drops the query's values from a path for a message.
func redact(path string) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	return u.Path
}
