package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/schema"
)

const (
	mediaJSON = "application/json"
	mediaText = "text/plain"

	maxCursorLen = 1024
	maxParamLen  = 512
)

// mediaType returns the request's media type if it is one of accepted, or
// a 415 problem saying what is wrong.
func mediaType(r *http.Request, accepted ...string) (string, error) {
	ct := r.Header.Get("Content-Type")
	want := strings.Join(accepted, " or ")
	if ct == "" {
		return "", problemf(probMediaType, "missing Content-Type: send %s", want)
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", problemf(probMediaType, "malformed Content-Type %q: send %s", ct, want)
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
		return "", problemf(probMediaType, "charset %q is not supported: send UTF-8", params["charset"])
	}
	for _, a := range accepted {
		if mt == a {
			return mt, nil
		}
	}
	return "", problemf(probMediaType, "Content-Type %q is not supported: send %s", mt, want)
}

// readBody reads the whole body, at most limit bytes, and checks it is
// valid UTF-8. An over-long body is a 413 problem.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	// A compressed body would otherwise be read as text and refused as
	// invalid UTF-8, which misleads the client.
	if ce := strings.TrimSpace(r.Header.Get("Content-Encoding")); ce != "" && !strings.EqualFold(ce, "identity") {
		return nil, problemf(probMediaType, "Content-Encoding %q is not supported: send the body uncompressed", ce)
	}
	if r.ContentLength > limit {
		return nil, problemf(probTooLarge, "request body of %d bytes exceeds the limit of %d bytes", r.ContentLength, limit)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, problemf(probTooLarge, "request body exceeds the limit of %d bytes", limit)
		}
		return nil, &apiError{kind: probBadRequest, detail: "could not read the request body", err: err}
	}
	if !utf8.Valid(body) {
		return nil, problemf(probBadEncoding, "request body is not valid UTF-8 (first bad byte at offset %d)", invalidUTF8At(body))
	}
	return body, nil
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// decodeJSON decodes body, one JSON object, into v; errors are 400
// problems that say where the JSON is wrong.
func decodeJSON(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return problemf(probBadJSON, "request body is empty: send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return problemf(probBadJSON, "malformed JSON at byte %d: %v", syn.Offset, syn)
		case errors.As(err, &typ) && typ.Field != "":
			return problemf(probBadJSON, "JSON field %q must be %s, not %s", typ.Field, typ.Type.Kind(), typ.Value)
		case errors.As(err, &typ):
			return problemf(probBadJSON, "request body must be a JSON object, not %s", typ.Value)
		case errors.Is(err, io.ErrUnexpectedEOF):
			return problemf(probBadJSON, "malformed JSON: unexpected end of body")
		default:
			return problemf(probBadJSON, "malformed JSON: %v", err)
		}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return problemf(probBadJSON, "malformed JSON: unexpected data after the object at byte %d", dec.InputOffset())
	}
	return nil
}

// pathID returns the {id} URL parameter, unescaped, or a 400 problem when
// it is not a valid ID (of kind want, when want is set).
func pathID(r *http.Request, want schema.Kind) (string, error) {
	id := chi.URLParam(r, "id")
	if r.URL.RawPath != "" {
		u, err := url.PathUnescape(id)
		if err != nil {
			return "", problemf(probBadParameter, "malformed ID %q in path: %v", id, err)
		}
		id = u
	}
	if err := checkID("ID", id, want); err != nil {
		return "", err
	}
	return id, nil
}

// checkID reports a malformed ID as a 400 problem.
func checkID(name, id string, want schema.Kind) error {
	if !schema.ValidID(id) {
		return problemf(probBadParameter,
			"%s %q is malformed: want prefix:key, e.g. country:MEX or person:claudia-sheinbaum, without spaces or angle brackets",
			name, id)
	}
	if want != "" {
		if k, _ := schema.KindOf(id); k != want {
			return problemf(probBadParameter, "%s %q is a %s ID, not a %s ID", name, id, k, want)
		}
	}
	return nil
}

// query is a request's URL query with checked accessors; the first bad
// parameter is kept in err.
type query struct {
	v   url.Values
	err error
}

// queryOf parses the request's URL query. A malformed query string
// (a bad %-escape, a ; separator) is kept as the first bad parameter,
// rather than dropping the pairs it spoils as r.URL.Query does.
func queryOf(r *http.Request) *query {
	v, err := url.ParseQuery(r.URL.RawQuery)
	q := &query{v: v}
	if err != nil {
		q.fail("malformed query string: %v", err)
	}
	return q
}

func (q *query) fail(format string, args ...any) {
	if q.err == nil {
		q.err = problemf(probBadParameter, format, args...)
	}
}

// str returns parameter name: valid UTF-8, no control characters, at most max bytes.
func (q *query) str(name string, max int) string {
	vs := q.v[name]
	if len(vs) == 0 {
		return ""
	}
	if len(vs) > 1 {
		q.fail("parameter %s is given %d times; give it once", name, len(vs))
		return ""
	}
	s := vs[0]
	switch {
	case !utf8.ValidString(s):
		q.fail("parameter %s is not valid UTF-8", name)
	case len(s) > max:
		q.fail("parameter %s is %d bytes long; at most %d", name, len(s), max)
	case strings.ContainsFunc(s, unicode.IsControl):
		q.fail("parameter %s contains control characters", name)
	default:
		return s
	}
	return ""
}

// id returns an optional ID parameter.
func (q *query) id(name string) string {
	s := q.str(name, maxParamLen)
	if s == "" || q.err != nil {
		return s
	}
	if err := checkID("parameter "+name, s, ""); err != nil && q.err == nil {
		q.err = err
	}
	return s
}

// date returns an optional YYYY-MM-DD parameter.
func (q *query) date(name string) string {
	s := q.str(name, maxParamLen)
	if s == "" || q.err != nil {
		return s
	}
	if !validDate(s) {
		q.fail("parameter %s=%q is not a valid date: want YYYY-MM-DD", name, s)
	}
	return s
}

// page returns the limit and cursor parameters.
func (q *query) page() graph.Page {
	p := graph.Page{Limit: defaultPageLimit, Cursor: q.str("cursor", maxCursorLen)}
	if s := q.str("limit", 32); s != "" {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil:
			q.fail("parameter limit=%q is not an integer", s)
		case n < 1 || n > maxPageLimit:
			q.fail("parameter limit=%d is out of range: want 1 to %d", n, maxPageLimit)
		default:
			p.Limit = n
		}
	}
	return p
}

func validDate(s string) bool {
	if len(s) != len("2006-01-02") {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// list is the body of every list response.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// writeList writes one page of items; when there is a next page it sets a
// Link header to it, rel="next".
func writeList[T any](a *api, w http.ResponseWriter, r *http.Request, items []T, next string) {
	if items == nil {
		items = []T{}
	}
	if next != "" {
		v := r.URL.Query()
		v.Set("cursor", next)
		u := url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: v.Encode()}
		w.Header().Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", u.String()))
	}
	a.writeJSON(w, r, http.StatusOK, list[T]{Items: items, NextCursor: next})
}
