package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/httpapi"
)

type queryResults struct {
	Results []json.RawMessage `json:"results"`
}

func (e *env) query(language, q string) (*http.Response, []byte) {
	e.t.Helper()
	return e.postJSON("/v1/query", map[string]string{"language": language, "query": q})
}

func TestQueryGizmo(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	for _, lang := range []string{"gizmo", "", "Gizmo"} {
		resp, body := e.query(lang, `g.V().All()`)
		wantStatus(t, resp, body, http.StatusOK)
		var r queryResults
		mustDecode(t, body, &r)
		if len(r.Results) == 0 || !strings.Contains(string(body), "country:MEX") {
			t.Fatalf("language %q: g.V().All() gave %s", lang, body)
		}
	}
}

func TestQueryLimit(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.QueryLimit = 3 })
	e.seed()
	resp, body := e.query("gizmo", `g.V().All()`)
	wantStatus(t, resp, body, http.StatusOK)
	var r queryResults
	mustDecode(t, body, &r)
	if len(r.Results) != 3 {
		t.Fatalf("QueryLimit 3: %d results", len(r.Results))
	}
}

func TestQueryBadInput(t *testing.T) {
	e := newEnv(t, nil)
	resp, body := e.query("gizmo", `g.V(`)
	p := wantProblem(t, resp, body, http.StatusBadRequest)
	if !strings.HasSuffix(p.Type, "bad-query") {
		t.Errorf("syntax error problem type %q", p.Type)
	}
	cases := []struct {
		name, contentType, body string
		status                  int
		detail                  string
	}{
		{"unknown language", "application/json", `{"language":"sparql","query":"SELECT *"}`, 400, "sparql"},
		{"empty query", "application/json", `{"language":"gizmo","query":"  "}`, 400, "empty"},
		{"no query", "application/json", `{"language":"gizmo"}`, 400, "query"},
		{"malformed JSON", "application/json", `{"query":`, 400, "JSON"},
		{"query not a string", "application/json", `{"query":["g.V()"]}`, 400, "query"},
		{"text body", "text/plain", `g.V().All()`, 415, "application/json"},
		{"huge body", "application/json", `{"query":"` + strings.Repeat("g.V().All();", 30000) + `"}`, 413, "limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := e.do(http.MethodPost, "/v1/query", c.contentType, strings.NewReader(c.body))
			p := wantProblem(t, resp, body, c.status)
			if !strings.Contains(p.Detail, c.detail) {
				t.Errorf("detail %q lacks %q", p.Detail, c.detail)
			}
		})
	}
}

// A query that never ends is cut at QueryTimeout with a 504, and the
// server keeps answering meanwhile.
func TestQueryTimeout(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.QueryTimeout = 300 * time.Millisecond })
	e.seed()

	type answer struct {
		resp    *http.Response
		body    []byte
		elapsed time.Duration
	}
	done := make(chan answer, 1)
	start := time.Now()
	go func() {
		resp, body := doNoFatal(e, `{"language":"gizmo","query":"while(true){}"}`)
		done <- answer{resp, body, time.Since(start)}
	}()

	time.Sleep(50 * time.Millisecond)
	healthStart := time.Now()
	e.getOK("/healthz", nil)
	if d := time.Since(healthStart); d > 200*time.Millisecond {
		t.Errorf("/healthz took %s while a query spun", d)
	}

	var a answer
	select {
	case a = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the spinning query got no answer within 5s")
	}
	if a.resp == nil {
		t.Fatalf("query request failed: %s", a.body)
	}
	p := wantProblem(t, a.resp, a.body, http.StatusGatewayTimeout)
	if !strings.Contains(p.Detail, "300ms") {
		t.Errorf("504 detail %q does not say the limit", p.Detail)
	}
	if a.elapsed > 2*time.Second {
		t.Errorf("504 came after %s, want about 300ms", a.elapsed)
	}

	// The engine gives the query up and the store goes on answering.
	ok := eventually(3*time.Second, func() bool {
		resp, _ := e.query("gizmo", `g.V().All()`)
		return resp.StatusCode == http.StatusOK
	})
	if !ok {
		t.Fatal("queries fail after a timed-out one")
	}
}

// Past MaxQueries running raw queries, a query is refused at once with 503
// and Retry-After; the slot frees when the running query is given up.
func TestQueryConcurrencyCap(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) {
		c.MaxQueries = 1
		c.QueryTimeout = time.Second
	})
	spin := func() chan int {
		status := make(chan int, 1)
		go func() {
			resp, _ := doNoFatal(e, `{"language":"gizmo","query":"while(true){}"}`)
			if resp == nil {
				status <- 0
				return
			}
			status <- resp.StatusCode
		}()
		return status
	}

	// The spinning query takes the only slot; a probe sent first would
	// take it instead, so wait for the spinner to hold it.
	var resp *http.Response
	var body []byte
	spinner := spin()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if time.Now().After(deadline) {
			t.Fatalf("no 503 while the only query slot was taken; last: %d %s", resp.StatusCode, body)
		}
		time.Sleep(20 * time.Millisecond)
		select {
		case st := <-spinner:
			if st != http.StatusServiceUnavailable {
				t.Fatalf("spinning query ended with %d before any probe was refused", st)
			}
			spinner = spin() // the probe had the slot; try again
			continue
		default:
		}
		resp, body = e.query("gizmo", `g.V().All()`)
		if resp.StatusCode == http.StatusServiceUnavailable {
			break
		}
	}
	wantProblem(t, resp, body, http.StatusServiceUnavailable)
	if ra := resp.Header.Get("Retry-After"); ra != "1" {
		t.Errorf("Retry-After %q, want 1", ra)
	}
	e.getOK("/healthz", nil)

	if st := <-spinner; st != http.StatusGatewayTimeout {
		t.Errorf("spinning query ended with %d, want 504", st)
	}
	ok := eventually(3*time.Second, func() bool {
		resp, _ := e.query("gizmo", `g.V().All()`)
		return resp.StatusCode == http.StatusOK
	})
	if !ok {
		t.Fatal("the query slot was not freed after the timeout")
	}
}

// doNoFatal posts a raw query from a goroutine other than the test's, where
// t.Fatal must not be called; a transport error comes back as a nil
// response and the error text.
func doNoFatal(e *env, body string) (*http.Response, []byte) {
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/v1/query", strings.NewReader(body))
	if err != nil {
		return nil, []byte(err.Error())
	}
	req.Header.Set("Content-Type", "application/json")
	if e.key != "" {
		req.Header.Set("Authorization", "Bearer "+e.key)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		return nil, []byte(err.Error())
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, []byte(err.Error())
	}
	return resp, b
}

// The raw query route never writes, whatever the query tries: the store
// runs it over the quad store alone, without a writer.
func TestQueryNeverWrites(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	ctx := context.Background()
	statsBefore, err := e.store.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	countsBefore := e.counts()
	nodes := func() string {
		resp, body := e.query("gizmo", `g.V().All()`)
		wantStatus(t, resp, body, http.StatusOK)
		var r queryResults
		mustDecode(t, body, &r)
		out := make([]string, len(r.Results))
		for i, v := range r.Results {
			out[i] = string(v)
		}
		sort.Strings(out)
		return strings.Join(out, "\n")
	}
	nodesBefore := nodes()

	attempts := []struct{ language, query string }{
		{"gizmo", `g.addQuad("<x:a>", "<x:b>", "<x:c>")`},
		{"gizmo", `g.AddQuad("<x:a>", "<x:b>", "<x:c>", "<article:0000000000000001>")`},
		{"gizmo", `graph.write([{subject: "<x:a>", predicate: "<x:b>", object: "<x:c>"}])`},
		{"gizmo", `g.Write({subject: "<x:a>", predicate: "<x:b>", object: "<x:c>"})`},
		{"gizmo", `g.removeQuad("<country:MEX>", "<name>", "Mexico")`},
		{"gizmo", `g.V("<country:MEX>").Delete()`},
		{"gizmo", `g.V("<country:MEX>").Remove().All()`},
		{"gizmo", `g.V("<country:MEX>").ForEach(function(d) { d.id = "<x:changed>"; g.Emit(d) })`},
		{"gizmo", `g.Emit({subject: "<x:a>", predicate: "<x:b>", object: "<x:c>", label: "<x:d>"})`},
		{"gizmo", `g.addNamespace("ex", "http://example.org/"); g.V("ex:a").All()`},
		{"gizmo", `g.loadNamespaces(); g.V().Limit(1).All()`},
		{"gizmo", `var f = this.constructor.constructor("return this")(); f.qs = null; g.V().Limit(1).All()`},
		{"gizmo", `g.V().Tag("t").Out("<name>").Save("<name>", "n").All()`},
		{"graphql", `mutation { delete(id: "country:MEX") { id } }`},
		{"graphql", `{ nodes(id: "country:MEX") { id name } }`},
		{"mql", `[{"id": "country:MEX", "name": "Changed", "connect": "update"}]`},
		{"mql", `[{"id": null, "create": "unless_exists", "name": "x"}]`},
	}
	for _, a := range attempts {
		resp, body := e.query(a.language, a.query)
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s %q: status %d: %s", a.language, a.query, resp.StatusCode, body)
		}
		if resp.StatusCode == http.StatusBadRequest {
			wantProblem(t, resp, body, http.StatusBadRequest)
		}
	}

	statsAfter, err := e.store.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if statsAfter != statsBefore {
		t.Errorf("store stats changed: %+v → %+v", statsBefore, statsAfter)
	}
	if c := e.counts(); c != countsBefore {
		t.Errorf("counts changed: %+v → %+v", countsBefore, c)
	}
	if n := nodesBefore; nodes() != n {
		t.Errorf("the nodes changed")
	}
	resp, body := e.query("gizmo", `g.V("<x:a>", "<x:changed>", "<ex:a>").Out().All()`)
	wantStatus(t, resp, body, http.StatusOK)
	var r queryResults
	mustDecode(t, body, &r)
	if len(r.Results) != 0 {
		t.Errorf("written nodes found: %s", body)
	}
	var mex graph.EntityInfo
	e.getOK("/v1/entities/country:MEX", &mex)
	if mex.Name != "Mexico" {
		t.Errorf("country:MEX renamed: %+v", mex)
	}
}
