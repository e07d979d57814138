package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade/errs"
)

// Body size limits.
const (
	maxAdminBody = 1 << 20 // 1 MiB: members, achievements, activity
	// maxRequestBody bounds every request's body, whatever the route
	// (ServeHTTP): above the largest a route takes (an import of 16 MiB
	// in a form), so that no form or upload can make the server read, or
	// spool to disk, more. Routes have their own, lower, limits.
	maxRequestBody = 20 << 20
)

// readBody reads a size-limited request body.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, errs.E(errs.TooLarge, "the request body is larger than %d bytes", limit)
	}
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "reading request body")
	}
	return b, nil
}

// decodeJSON reads a size-limited JSON object into v, rejecting unknown
// fields and trailing data, with errors that name the field.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	b, err := readBody(w, r, maxAdminBody)
	if err != nil {
		return err
	}
	return unmarshalStrict(b, v)
}

func unmarshalStrict(b []byte, v any) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return errs.E(errs.Invalid, "the request body is empty: send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(err)
	}
	if dec.More() {
		return errs.E(errs.Invalid, "the request body has data after the JSON object")
	}
	return nil
}

func jsonProblem(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return errs.E(errs.Invalid, "the request body is not valid JSON (at byte %d): %v", se.Offset, err)
	case errors.As(err, &te):
		return errs.Field(te.Field, "want %s, got JSON %s", te.Type, te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errs.Field(name, "is not a known field")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errs.E(errs.Invalid, "the request body is truncated JSON")
	}
	return errs.Wrap(errs.Invalid, err, "reading JSON body")
}

// handler is an http.Handler that returns an error; allow (access.go)
// marks handlers of the admin API.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) public(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ok, retry := s.pageLimit.reserve(r.RemoteAddr); !ok {
			s.writeError(w, r, &rateLimited{retry: retry})
			return
		}
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	}
}

// Body types of the admin API. The rule, for every admin endpoint: a body
// is read as the format its Content-Type names, which must be one the
// endpoint accepts; a body without a Content-Type is read as the endpoint's
// default (JSON; the achievement file's own syntax; CSV for imports).
// Anything else, and in particular application/x-www-form-urlencoded (what
// curl -d sends unless told otherwise), is refused with 415 before anything
// is read or changed.
var (
	jsonTypes        = []string{"application/json"}
	achievementTypes = []string{"application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
	importTypes      = []string{"text/csv", "application/csv", "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-seq", "application/ndjson"}
	// bodyTypes lists the routes whose bodies are not JSON.
	bodyTypes = map[string][]string{
		"PUT /api/v1/achievements/{id}": achievementTypes,
		"POST /api/v1/import/{kind}":    importTypes,
	}
)

// unsupportedType is a request body of a type the endpoint does not read:
// 415 Unsupported Media Type.
type unsupportedType struct{ msg string }

func (e *unsupportedType) Error() string { return e.msg }

// HTTPStatus is the status the error is answered with.
func (e *unsupportedType) HTTPStatus() int { return http.StatusUnsupportedMediaType }

// checkBodyType applies the admin API's rule on body types to r.
func checkBodyType(r *http.Request) error {
	header := r.Header.Get("Content-Type")
	if r.ContentLength == 0 || header == "" {
		return nil
	}
	allowed, ok := bodyTypes[r.Pattern]
	if !ok {
		allowed = jsonTypes
	}
	ct, _, err := mime.ParseMediaType(header)
	if err == nil && slices.Contains(allowed, ct) {
		return nil
	}
	if err != nil {
		ct = header
	}
	hint := ""
	if ct == "application/x-www-form-urlencoded" {
		hint = " (curl -d sends application/x-www-form-urlencoded: add -H 'Content-Type: application/json')"
	}
	what := "JSON with Content-Type: application/json"
	switch {
	case slices.Equal(allowed, achievementTypes):
		what = "the achievement file with Content-Type: application/yaml or application/json"
	case slices.Equal(allowed, importTypes):
		what = "CSV (text/csv) or JSON lines (application/x-ndjson)"
	}
	return &unsupportedType{fmt.Sprintf("Content-Type %q is not accepted here: send %s%s", ct, what, hint)}
}

// wantsHTML reports whether the client prefers HTML to JSON (a browser).
func wantsHTML(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return false
	}
	for _, part := range strings.Split(accept, ",") {
		mt := strings.TrimSpace(strings.Split(part, ";")[0])
		switch mt {
		case "text/html", "application/xhtml+xml":
			return true
		case "application/json", "application/ld+json", "application/vc+ld+json", "application/vc":
			return false
		}
	}
	return false
}

func pathID(r *http.Request, name string) string { return r.PathValue(name) }

// Listing limits: ?limit= defaults to defaultLimit and may not exceed
// maxLimit.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// listQuery checks a listing's query parameters: only the names in allowed
// plus limit and after. It returns the page size and the id to continue
// after.
func listQuery(q url.Values, allowed ...string) (limit int, after string, err error) {
	for k := range q {
		if k != "limit" && k != "after" && !slices.Contains(allowed, k) {
			return 0, "", errs.Field(k, "is not a known query parameter: use %s", strings.Join(append(allowed, "limit", "after"), ", "))
		}
	}
	limit = defaultLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return 0, "", errs.Field("limit", "%q is not a whole number from 1 to %d", s, maxLimit)
		}
		limit = n
	}
	return limit, q.Get("after"), nil
}
