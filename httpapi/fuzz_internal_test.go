package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/schema"
)

// The fuzz targets here check the parsers on their own; FuzzListEndpoints
// (fuzz_test.go) drives the same parameters through the router into a
// real store. Seed corpora: testdata/fuzz/<target>/.

func fuzzAPI(maxBody int64) *api {
	return &api{
		log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		cfg: Config{MaxBodyBytes: maxBody, RequestTimeout: DefaultRequestTimeout},
	}
}

// wantProblemFrom checks that err is an apiError of one of statuses and
// that fail renders it as a well-formed problem with that status.
func wantProblemFrom(t *testing.T, r *http.Request, err error, statuses ...int) {
	t.Helper()
	var ae *apiError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not a problem", err, err)
	}
	if !slices.Contains(statuses, ae.kind.status) {
		t.Fatalf("error %q has status %d, want one of %v", ae.detail, ae.kind.status, statuses)
	}
	if ae.detail == "" || !utf8.ValidString(ae.detail) {
		t.Fatalf("problem detail %q is empty or not UTF-8", ae.detail)
	}
	rec := httptest.NewRecorder()
	fuzzAPI(0).fail(rec, r, err)
	if rec.Code != ae.kind.status {
		t.Fatalf("fail wrote status %d for a %d problem", rec.Code, ae.kind.status)
	}
	if ct := rec.Header().Get("Content-Type"); ct != ProblemContentType {
		t.Fatalf("problem Content-Type %q", ct)
	}
	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("problem body %q: %v", rec.Body.String(), err)
	}
	if p.Status != ae.kind.status || p.Detail != ae.detail || !strings.HasPrefix(p.Type, problemTypePrefix) || p.Title == "" {
		t.Fatalf("problem %+v for error %q", p, ae.detail)
	}
}

// FuzzListParams feeds one raw query string to the parameter parsers of
// the three list endpoints. Properties: a malformed query string or a
// repeated parameter is a 400 problem; an accepted one gives a page of
// 1..1000 items, the cursor as sent, well-formed IDs, dates and types.
func FuzzListParams(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string) {
		r := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/v1/events", RawQuery: raw}}
		vals, perr := url.ParseQuery(raw)
		repeated := func(names ...string) bool {
			for _, n := range names {
				if len(vals[n]) > 1 {
					return true
				}
			}
			return false
		}
		checkPage := func(p graph.Page) {
			t.Helper()
			if p.Limit < 1 || p.Limit > maxPageLimit {
				t.Fatalf("limit %d out of range", p.Limit)
			}
			if s := vals.Get("limit"); s != "" {
				if n, err := strconv.Atoi(s); err != nil || n != p.Limit {
					t.Fatalf("limit=%q parsed as %d", s, p.Limit)
				}
			} else if p.Limit != defaultPageLimit {
				t.Fatalf("no limit gave %d", p.Limit)
			}
			if p.Cursor != vals.Get("cursor") || len(p.Cursor) > maxCursorLen ||
				!utf8.ValidString(p.Cursor) || strings.ContainsFunc(p.Cursor, unicode.IsControl) {
				t.Fatalf("cursor %q accepted from %q", p.Cursor, vals.Get("cursor"))
			}
		}
		checkID := func(name, id string) {
			t.Helper()
			if id != vals.Get(name) || (id != "" && !schema.ValidID(id)) {
				t.Fatalf("%s=%q accepted as %q", name, vals.Get(name), id)
			}
		}

		ef, err := parseEntityFilter(queryOf(r))
		switch {
		case err != nil:
			wantProblemFrom(t, r, err, http.StatusBadRequest)
		case perr != nil || repeated("q", "type", "limit", "cursor"):
			t.Fatalf("entities accepted %q (parse error %v)", raw, perr)
		default:
			checkPage(ef.Page)
			if ef.Query != vals.Get("q") {
				t.Fatalf("q %q accepted as %q", vals.Get("q"), ef.Query)
			}
			typ := vals.Get("type")
			if (typ == "") != (ef.Kind == "") || (ef.Kind != "" && !strings.EqualFold(typ, string(ef.Kind))) ||
				(ef.Kind != "" && !slices.Contains(entityKinds, ef.Kind)) {
				t.Fatalf("type=%q accepted as kind %q", typ, ef.Kind)
			}
		}

		tf, err := parseTripleFilter(queryOf(r))
		switch {
		case err != nil:
			wantProblemFrom(t, r, err, http.StatusBadRequest)
		case perr != nil || repeated("subject", "predicate", "object", "limit", "cursor"):
			t.Fatalf("triples accepted %q (parse error %v)", raw, perr)
		default:
			checkPage(tf.Page)
			checkID("subject", tf.Subject)
			checkID("object", tf.Object)
			if tf.Predicate != vals.Get("predicate") || strings.ContainsFunc(tf.Predicate, unicode.IsControl) {
				t.Fatalf("predicate %q accepted", tf.Predicate)
			}
		}

		vf, err := parseEventFilter(queryOf(r))
		switch {
		case err != nil:
			wantProblemFrom(t, r, err, http.StatusBadRequest)
		case perr != nil || repeated("actor", "type", "from", "to", "limit", "cursor"):
			t.Fatalf("events accepted %q (parse error %v)", raw, perr)
		default:
			checkPage(vf.Page)
			checkID("actor", vf.Actor)
			if vf.Type != strings.ToUpper(vals.Get("type")) || (vf.Type != "" && !schema.IsEventType(vf.Type)) {
				t.Fatalf("type=%q accepted as %q", vals.Get("type"), vf.Type)
			}
			for _, d := range []string{vf.From, vf.To} {
				if d != "" && !validDate(d) {
					t.Fatalf("date %q accepted", d)
				}
			}
			if vf.From != vals.Get("from") || vf.To != vals.Get("to") {
				t.Fatalf("from/to %q/%q accepted as %q/%q", vals.Get("from"), vals.Get("to"), vf.From, vf.To)
			}
			if vf.From != "" && vf.To != "" && vf.From > vf.To {
				t.Fatalf("from %s after to %s accepted", vf.From, vf.To)
			}
		}
	})
}

// FuzzArticleBody feeds a Content-Type, a URL query and a body to the
// article parser under a body limit. Properties: an error is a 400, 413,
// 415 or 422 problem; an accepted article fits the limit, has non-blank
// UTF-8 text without NUL, a valid or no date, a clean title and ID, and
// reads back the same from its own JSON encoding.
func FuzzArticleBody(f *testing.F) {
	f.Fuzz(func(t *testing.T, contentType, rawQuery string, body []byte, limit uint16) {
		maxBody := int64(limit) + 1
		a := fuzzAPI(maxBody)
		newReq := func(ct, rawQuery string, body []byte) *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/v1/articles", bytes.NewReader(body))
			r.URL.RawQuery = rawQuery
			if ct != "" {
				r.Header.Set("Content-Type", ct)
			}
			return r
		}
		r := newReq(contentType, rawQuery, body)
		art, err := a.readArticle(httptest.NewRecorder(), r)
		if err != nil {
			wantProblemFrom(t, r, err, http.StatusBadRequest, http.StatusRequestEntityTooLarge,
				http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
			return
		}

		mt, err := mediaType(r, mediaJSON, mediaText)
		if err != nil {
			t.Fatalf("accepted with Content-Type %q: %v", contentType, err)
		}
		switch {
		case int64(len(body)) > maxBody:
			t.Fatalf("accepted a %d-byte body over the %d-byte limit", len(body), maxBody)
		case !utf8.Valid(body):
			t.Fatalf("accepted a body that is not UTF-8")
		case strings.TrimSpace(art.Text) == "" || strings.IndexByte(art.Text, 0) >= 0:
			t.Fatalf("accepted text %q", art.Text)
		case art.Date != "" && !validDate(art.Date):
			t.Fatalf("accepted date %q", art.Date)
		case len(art.Title) > maxTitleLen || strings.ContainsFunc(art.Title, isControlNotSpace):
			t.Fatalf("accepted title %q", art.Title)
		case len(art.ID) > maxSourceIDLen || strings.ContainsFunc(art.ID, unicode.IsControl):
			t.Fatalf("accepted id %q", art.ID)
		case !schema.ValidID(schema.ArticleID(art.Text)):
			t.Fatalf("text %q hashes to a malformed ID %q", art.Text, schema.ArticleID(art.Text))
		}
		if mt == mediaText {
			q, _ := url.ParseQuery(rawQuery)
			if art.Text != string(body) || art.Title != q.Get("title") || art.Date != q.Get("date") || art.ID != q.Get("id") {
				t.Fatalf("text/plain article %+v from query %q", art, rawQuery)
			}
		} else {
			var plain schema.Article
			if err := json.Unmarshal(body, &plain); err != nil || plain != art {
				t.Fatalf("JSON article %+v, encoding/json reads %+v (%v)", art, plain, err)
			}
		}

		// The article's own JSON encoding reads back the same.
		enc, err := json.Marshal(art)
		if err != nil {
			t.Fatal(err)
		}
		again, err := fuzzAPI(int64(len(enc))).readArticle(httptest.NewRecorder(), newReq("application/json; charset=utf-8", "", enc))
		if err != nil || again != art {
			t.Fatalf("round trip of %s: %+v, %v", enc, again, err)
		}
	})
}
