package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/httpapi"
	"github.com/dipgraph/dipgraph/schema"
)

// fuzzEndpoints are the read routes FuzzListEndpoints drives; {id} is
// replaced by the fuzzed ID.
var fuzzEndpoints = []string{
	"/v1/entities",
	"/v1/triples",
	"/v1/events",
	"/v1/entities/{id}/relations",
	"/v1/entities/{id}",
	"/v1/articles/{id}",
}

// FuzzListEndpoints sends fuzzed query strings and path IDs through the
// router into a real store holding the seed articles. Properties: never a
// 5xx; a 4xx is a well-formed problem; a 200 list is {"items": [...]}
// with at most limit items, in the requested type and date range, newest
// event first, and a Link header exactly when next_cursor is set, which
// leads to a further page.
func FuzzListEndpoints(f *testing.F) {
	store, err := graph.Open(filepath.Join(f.TempDir(), "graph.db"))
	if err != nil {
		f.Fatalf("open store: %v", err)
	}
	f.Cleanup(func() { store.Close() })
	for _, a := range []schema.Article{artReject, artPraise, artThreat, artPerson} {
		if _, err := store.Ingest(context.Background(), a, testExtractor{}.Extract(a)); err != nil {
			f.Fatalf("seed: %v", err)
		}
	}
	h := httpapi.New(httpapi.Config{
		Store:     store,
		Extractor: testExtractor{},
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		APIKeys:   []string{testKey},
		WriteRate: -1,
		QueryRate: -1,
	})

	f.Fuzz(func(t *testing.T, endpoint uint8, id, rawQuery string) {
		route := fuzzEndpoints[int(endpoint)%len(fuzzEndpoints)]
		u := &url.URL{Path: strings.Replace(route, "{id}", id, 1), RawQuery: rawQuery}
		if strings.Contains(route, "{id}") {
			u.RawPath = strings.Replace(route, "{id}", url.PathEscape(id), 1)
		}
		rec := serve(h, u)
		status := rec.Code

		switch {
		case status >= 500:
			t.Fatalf("GET %s: %d: %s", u, status, rec.Body)
		case status == http.StatusOK:
		case status == http.StatusBadRequest, status == http.StatusNotFound && strings.Contains(route, "{id}"):
			checkProblem(t, u, rec)
			return
		default:
			t.Fatalf("GET %s: unexpected status %d: %s", u, status, rec.Body)
		}

		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Fatalf("GET %s: Content-Type %q", u, ct)
		}
		if strings.HasSuffix(route, "{id}") {
			var one struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &one); err != nil || one.ID != id {
				t.Fatalf("GET %s: %s is not the object %q (%v)", u, rec.Body, id, err)
			}
			return
		}
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			t.Fatalf("GET %s: 200 for a malformed query string: %v", u, err)
		}
		limit := 50
		if s := q.Get("limit"); s != "" {
			if limit, err = strconv.Atoi(s); err != nil {
				t.Fatalf("GET %s: 200 with limit=%q", u, s)
			}
		}
		next := checkList(t, u, route, q, limit, rec)
		if next == "" {
			return
		}
		link := rec.Header().Get("Link")
		target, ok := strings.CutPrefix(link, "<")
		target, ok2 := strings.CutSuffix(target, `>; rel="next"`)
		if !ok || !ok2 {
			t.Fatalf("GET %s: next_cursor %q with Link %q", u, next, link)
		}
		nu, err := url.Parse(target)
		if err != nil || nu.Query().Get("cursor") != next || nu.Path != u.Path {
			t.Fatalf("GET %s: Link %q does not lead to cursor %q: %v", u, link, next, err)
		}
		rec2 := serve(h, nu)
		if rec2.Code != http.StatusOK {
			t.Fatalf("GET %s (the next page): %d: %s", nu, rec2.Code, rec2.Body)
		}
		checkList(t, nu, route, nu.Query(), limit, rec2)
	})
}

func serve(h http.Handler, u *url.URL) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.URL = u
	r.RequestURI = u.RequestURI()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func checkProblem(t *testing.T, u *url.URL, rec *httptest.ResponseRecorder) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != httpapi.ProblemContentType {
		t.Fatalf("GET %s: %d with Content-Type %q", u, rec.Code, ct)
	}
	var p httpapi.Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("GET %s: problem %s: %v", u, rec.Body, err)
	}
	if p.Status != rec.Code || !strings.HasPrefix(p.Type, "urn:dipgraph:problem:") || p.Title == "" ||
		p.Detail == "" || p.Instance == "" || p.RequestID == "" {
		t.Fatalf("GET %s: incomplete problem %+v", u, p)
	}
}

// checkList checks one 200 page and returns its next_cursor.
func checkList(t *testing.T, u *url.URL, route string, q url.Values, limit int, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var page struct {
		Items      []json.RawMessage `json:"items"`
		NextCursor string            `json:"next_cursor"`
	}
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&page); err != nil {
		t.Fatalf("GET %s: list %s: %v", u, rec.Body, err)
	}
	if page.Items == nil {
		t.Fatalf("GET %s: items missing or null: %s", u, rec.Body)
	}
	if len(page.Items) > limit {
		t.Fatalf("GET %s: %d items over limit %d", u, len(page.Items), limit)
	}
	if (page.NextCursor == "") != (rec.Header().Get("Link") == "") {
		t.Fatalf("GET %s: next_cursor %q with Link %q", u, page.NextCursor, rec.Header().Get("Link"))
	}
	switch route {
	case "/v1/entities":
		for _, raw := range page.Items {
			var e graph.EntityInfo
			mustUnmarshal(t, raw, &e)
			if typ := q.Get("type"); (typ != "" && !strings.EqualFold(typ, string(e.Kind))) || !schema.ValidID(e.ID) {
				t.Fatalf("GET %s: entity %+v", u, e)
			}
		}
	case "/v1/events":
		prev := "9999-99-99"
		for _, raw := range page.Items {
			var ev schema.Event
			mustUnmarshal(t, raw, &ev)
			if typ := q.Get("type"); typ != "" && ev.Event != strings.ToUpper(typ) {
				t.Fatalf("GET %s: event of type %s", u, ev.Event)
			}
			if (q.Get("from") != "" && ev.Date < q.Get("from")) || (q.Get("to") != "" && ev.Date > q.Get("to")) {
				t.Fatalf("GET %s: event dated %s", u, ev.Date)
			}
			if ev.Date > prev {
				t.Fatalf("GET %s: events not newest first", u)
			}
			prev = ev.Date
		}
	default:
		for _, raw := range page.Items {
			var tr graph.TripleInfo
			mustUnmarshal(t, raw, &tr)
			if tr.Subject == "" || tr.Object == "" || tr.Predicate == "" || tr.Support < 1 {
				t.Fatalf("GET %s: triple %+v", u, tr)
			}
		}
	}
	return page.NextCursor
}

func mustUnmarshal(t *testing.T, raw []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
}
