package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/storetest"
	"github.com/dipgraph/dipgraph/httpapi"
	"github.com/dipgraph/dipgraph/schema"
)

// testExtractor is a small deterministic extractor: it knows a handful of
// actors and three verbs, splits sentences at full stops, and for each
// sentence with a verb and two actors emits one event (first actor as
// source, second as target) and the matching triple, with evidence.
// A text containing "__panic__" makes it panic.
type testExtractor struct{}

type gazEntry struct {
	surface string
	entity  schema.Entity
}

var testGazetteer = []gazEntry{
	{"United States", schema.Entity{ID: "country:USA", Type: schema.KindCountry, Name: "United States", Country: "USA"}},
	{"Mexico", schema.Entity{ID: "country:MEX", Type: schema.KindCountry, Name: "Mexico", Country: "MEX"}},
	{"Canada", schema.Entity{ID: "country:CAN", Type: schema.KindCountry, Name: "Canada", Country: "CAN"}},
	{"Brazil", schema.Entity{ID: "country:BRA", Type: schema.KindCountry, Name: "Brazil", Country: "BRA"}},
	{"Claudia Sheinbaum", schema.Entity{ID: "person:claudia-sheinbaum", Type: schema.KindPerson,
		Name: "Claudia Sheinbaum", Country: "MEX", Role: "President"}},
}

var testVerbs = []struct{ verb, event string }{
	{"rejected", schema.Reject},
	{"threatened", schema.Threaten},
	{"praised", schema.Support},
}

type mention struct {
	gazEntry
	start, end int // absolute byte offsets
}

func (testExtractor) Extract(a schema.Article) schema.Result {
	if strings.Contains(a.Text, "__panic__") {
		panic("test extractor: asked to panic")
	}
	art := schema.ArticleID(a.Text)
	res := schema.Result{ID: a.ID, Article: art, Title: a.Title, Date: a.Date,
		Entities: []schema.Entity{}, Events: []schema.Event{}, Triples: []schema.Triple{}}
	if res.ID == "" {
		res.ID = art
	}
	seen := map[string]bool{}
	for si, sp := range splitSentences(a.Text) {
		sent := a.Text[sp[0]:sp[1]]
		var ms []mention
		for _, g := range testGazetteer {
			if i := strings.Index(sent, g.surface); i >= 0 {
				ms = append(ms, mention{g, sp[0] + i, sp[0] + i + len(g.surface)})
				if !seen[g.entity.ID] {
					seen[g.entity.ID] = true
					res.Entities = append(res.Entities, g.entity)
				}
			}
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
		for _, v := range testVerbs {
			vi := strings.Index(sent, v.verb)
			if vi < 0 || len(ms) < 2 {
				continue
			}
			t, _ := schema.LookupEventType(v.event)
			ev := schema.Evidence{Article: art, Sentence: sent, SentenceIndex: si, Start: sp[0], End: sp[1], Date: a.Date}
			id := schema.EventID(art, len(res.Events)+1)
			res.Events = append(res.Events, schema.Event{
				ID: id, Event: t.Name, CAMEO: t.CAMEO, Score: t.Score,
				Source:  []schema.Actor{actorOf(ms[0])},
				Target:  []schema.Actor{actorOf(ms[1])},
				Trigger: v.verb, TriggerStart: sp[0] + vi, TriggerEnd: sp[0] + vi + len(v.verb),
				Confidence: 0.9, Date: a.Date, Evidence: ev,
			})
			res.Triples = append(res.Triples, schema.Triple{
				Subject: ms[0].entity.ID, Predicate: v.verb, Object: ms[1].entity.ID, Event: id, Evidence: ev,
			})
			break
		}
	}
	return res
}

func actorOf(m mention) schema.Actor {
	return schema.Actor{Entity: m.entity.ID, ActorText: m.surface, Code: m.entity.Country, Start: m.start, End: m.end}
}

// splitSentences returns the byte spans of the sentences of text, each
// ending at a full stop (or the end of the text), leading space excluded.
func splitSentences(text string) [][2]int {
	var spans [][2]int
	start := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '.' {
			continue
		}
		end := i
		if i < len(text) {
			end = i + 1
		}
		s := start
		for s < end && (text[s] == ' ' || text[s] == '\n' || text[s] == '\t') {
			s++
		}
		if s < end {
			spans = append(spans, [2]int{s, end})
		}
		start = end
	}
	return spans
}

// syncBuffer collects log output safely across goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type env struct {
	t     *testing.T
	srv   *httptest.Server
	store *graph.Store
	logs  *syncBuffer
	key   string // sent as a bearer key by do, when set
}

// testKey is the API key of the test servers; do sends it.
const testKey = "test-key-0123456789abcdef"

// newEnv serves the API over a fresh store on the backend under test (bolt
// in a temporary directory, or a database of its own on the PostgreSQL
// server named by DIPGRAPH_TEST_DB; see graph/storetest). The server
// accepts testKey, which do sends, and has no rate limits; configure
// changes that.
func newEnv(t *testing.T, configure func(*httpapi.Config)) *env {
	t.Helper()
	store, err := graph.Open(storetest.URL(t))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() {
		if err := store.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	logs := &syncBuffer{}
	cfg := httpapi.Config{
		Store:     store,
		Extractor: testExtractor{},
		Logger:    slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		APIKeys:   []string{testKey},
		WriteRate: -1,
		QueryRate: -1,
	}
	if configure != nil {
		configure(&cfg)
	}
	// Behind the listener dipgraph serve uses.
	srv := httptest.NewUnstartedServer(httpapi.New(cfg))
	srv.Listener = httpapi.Listener(srv.Listener)
	srv.Start()
	t.Cleanup(srv.Close)
	e := &env{t: t, srv: srv, store: store, logs: logs}
	if len(cfg.APIKeys) > 0 {
		e.key = cfg.APIKeys[0]
	}
	return e
}

// do sends a request, with e.key as bearer key when set, and returns the
// response with its body read.
func (e *env) do(method, path, contentType string, body io.Reader) (*http.Response, []byte) {
	e.t.Helper()
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	if e.key != "" {
		h.Set("Authorization", "Bearer "+e.key)
	}
	return e.doWith(method, path, h, body)
}

// doWith sends a request with exactly the given headers and returns the
// response with its body read.
func (e *env) doWith(method, path string, h http.Header, body io.Reader) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		e.t.Fatalf("new request %s %s: %v", method, path, err)
	}
	for k, vs := range h {
		req.Header[k] = append([]string(nil), vs...)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp, b
}

func (e *env) get(path string) (*http.Response, []byte) {
	e.t.Helper()
	return e.do(http.MethodGet, path, "", nil)
}

func (e *env) postJSON(path string, v any) (*http.Response, []byte) {
	e.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		e.t.Fatalf("marshal: %v", err)
	}
	return e.do(http.MethodPost, path, "application/json", bytes.NewReader(b))
}

// getOK GETs path, wants 200 JSON, and decodes the body into v.
func (e *env) getOK(path string, v any) *http.Response {
	e.t.Helper()
	resp, body := e.get(path)
	wantStatus(e.t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		e.t.Fatalf("GET %s: Content-Type %q, want application/json", path, ct)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			e.t.Fatalf("GET %s: decode %s: %v", path, body, err)
		}
	}
	return resp
}

func wantStatus(t *testing.T, resp *http.Response, body []byte, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body: %s",
			resp.Request.Method, resp.Request.URL.RequestURI(), resp.StatusCode, status, body)
	}
}

// wantProblem checks resp is an RFC 9457 problem with status, a detail
// and the request ID, and returns it.
func wantProblem(t *testing.T, resp *http.Response, body []byte, status int) httpapi.Problem {
	t.Helper()
	wantStatus(t, resp, body, status)
	if ct := resp.Header.Get("Content-Type"); ct != httpapi.ProblemContentType {
		t.Fatalf("%s: Content-Type %q, want %s", resp.Request.URL.RequestURI(), ct, httpapi.ProblemContentType)
	}
	var p httpapi.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("decode problem %s: %v", body, err)
	}
	if p.Status != status || p.Type == "" || p.Title == "" || p.Detail == "" || p.Instance == "" {
		t.Fatalf("incomplete problem: %+v", p)
	}
	if p.RequestID == "" || p.RequestID != resp.Header.Get("X-Request-Id") {
		t.Fatalf("problem request_id %q, X-Request-Id header %q", p.RequestID, resp.Header.Get("X-Request-Id"))
	}
	return p
}

// The seed articles: four events over four dates.
var (
	artReject = schema.Article{ID: "wire-1", Title: "Mexico rebuffs offer", Date: "2025-05-03",
		Text: "Mexico rejected the United States offer of troops. Claudia Sheinbaum said the border is secure."}
	artPraise = schema.Article{ID: "wire-2", Title: "Canada praises Mexico", Date: "2025-01-10",
		Text: "Canada praised Mexico for its cooperation on migration."}
	artThreat = schema.Article{ID: "wire-3", Title: "Tariff threat", Date: "2025-03-05",
		Text: "The United States threatened Brazil with new tariffs."}
	artPerson = schema.Article{ID: "wire-4", Title: "Sheinbaum says no", Date: "2025-04-01",
		Text: "Claudia Sheinbaum rejected the Canada proposal on energy."}
)

// seed ingests the four seed articles and fails unless each is created.
func (e *env) seed() {
	e.t.Helper()
	for _, a := range []schema.Article{artReject, artPraise, artThreat, artPerson} {
		resp, body := e.postJSON("/v1/articles", a)
		wantStatus(e.t, resp, body, http.StatusCreated)
	}
}

type entityList struct {
	Items      []graph.EntityInfo `json:"items"`
	NextCursor string             `json:"next_cursor"`
}

type tripleList struct {
	Items      []graph.TripleInfo `json:"items"`
	NextCursor string             `json:"next_cursor"`
}

type eventList struct {
	Items      []schema.Event `json:"items"`
	NextCursor string         `json:"next_cursor"`
}

// counts is what the API lists, for checking that nothing was written.
type counts struct{ entities, triples, events int }

func (e *env) counts() counts {
	e.t.Helper()
	var en entityList
	var tr tripleList
	var ev eventList
	e.getOK("/v1/entities?limit=1000", &en)
	e.getOK("/v1/triples?limit=1000", &tr)
	e.getOK("/v1/events?limit=1000", &ev)
	return counts{len(en.Items), len(tr.Items), len(ev.Items)}
}
