package httpapi_test

import (
	"bufio"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/httpapi"
	"github.com/dipgraph/dipgraph/schema"
)

// scrape GETs /metrics and returns its series: "name{labels}" → value.
func (e *env) scrape() (map[string]float64, string) {
	e.t.Helper()
	resp, body := e.get("/metrics")
	wantStatus(e.t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		e.t.Fatalf("/metrics Content-Type %q", ct)
	}
	series := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(string(body)))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			e.t.Fatalf("metrics line %q: %v", line, err)
		}
		series[line[:i]] = v
	}
	return series, string(body)
}

func wantSeries(t *testing.T, series map[string]float64, name string, want float64) {
	t.Helper()
	got, ok := series[name]
	if !ok {
		t.Errorf("no series %s", name)
		return
	}
	if got != want {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) {
		c.QueryTimeout = time.Second // a worker process starts in ~60 ms, longer on a loaded machine
		c.QueryRate = 4
	})
	series, _ := e.scrape()
	// Outcomes are there from the start, at zero.
	wantSeries(t, series, `dipgraph_raw_queries_total{outcome="ok"}`, 0)
	wantSeries(t, series, `dipgraph_articles_ingested_total{result="created"}`, 0)

	e.seed() // 4 created
	resp, body := e.postJSON("/v1/articles", artReject)
	wantStatus(t, resp, body, http.StatusOK) // already present
	resp, body = e.do(http.MethodPost, "/v1/articles", "application/json", strings.NewReader(`{"text":""}`))
	wantProblem(t, resp, body, http.StatusUnprocessableEntity)
	resp, body = e.do(http.MethodPost, "/v1/articles", "application/xml", strings.NewReader(`<a/>`))
	wantProblem(t, resp, body, http.StatusUnsupportedMediaType)
	resp, body = e.do(http.MethodPost, "/v1/articles", "text/plain", strings.NewReader("Mexico __panic__ now."))
	wantProblem(t, resp, body, http.StatusInternalServerError)
	resp, body = e.do(http.MethodDelete, "/v1/articles/"+schema.ArticleID(artThreat.Text), "", nil)
	wantStatus(t, resp, body, http.StatusNoContent)

	resp, body = e.query("gizmo", `g.V().All()`)
	wantStatus(t, resp, body, http.StatusOK)
	resp, body = e.query("gizmo", `g.V(`)
	wantProblem(t, resp, body, http.StatusBadRequest)
	resp, body = e.query("gizmo", `while(true){}`)
	wantProblem(t, resp, body, http.StatusGatewayTimeout)
	ok := eventually(3*time.Second, func() bool {
		resp, _ := e.query("gizmo", `g.V().Limit(1).All()`)
		return resp.StatusCode == http.StatusOK
	})
	if !ok {
		t.Fatal("no query answered after the timeout")
	}
	resp, body = e.query("gizmo", `g.V().All()`) // the fifth in the minute
	wantProblem(t, resp, body, http.StatusTooManyRequests)

	for range 3 {
		e.get("/v1/entities/country:MEX")
	}
	e.get("/v1/entities/country:ZZZ")
	e.get("/no/such/route/12345")
	e.get("/v1/entities?type=secret-value-xyz")
	e.do(http.MethodPut, "/v1/articles", "application/json", strings.NewReader(`{}`))
	e.do("BREW", "/v1/entities", "", nil)

	series, text := e.scrape()
	wantSeries(t, series, `dipgraph_articles_ingested_total{result="created"}`, 4)
	wantSeries(t, series, `dipgraph_articles_ingested_total{result="existing"}`, 1)
	wantSeries(t, series, `dipgraph_articles_invalid_total`, 2)
	wantSeries(t, series, `dipgraph_extraction_errors_total`, 1)
	wantSeries(t, series, `dipgraph_ingest_errors_total`, 0)
	wantSeries(t, series, `dipgraph_articles_deleted_total`, 1)
	wantSeries(t, series, `dipgraph_raw_queries_total{outcome="ok"}`, 2)
	wantSeries(t, series, `dipgraph_raw_queries_total{outcome="bad"}`, 1)
	wantSeries(t, series, `dipgraph_raw_queries_total{outcome="timeout"}`, 1)
	wantSeries(t, series, `dipgraph_raw_queries_total{outcome="rejected"}`, 1)

	wantSeries(t, series, `dipgraph_http_requests_total{method="POST",route="/v1/articles",status="201"}`, 4)
	wantSeries(t, series, `dipgraph_http_requests_total{method="POST",route="/v1/articles",status="500"}`, 1)
	wantSeries(t, series, `dipgraph_http_requests_total{method="DELETE",route="/v1/articles/{id}",status="204"}`, 1)
	wantSeries(t, series, `dipgraph_http_requests_total{method="GET",route="/v1/entities/{id}",status="200"}`, 3)
	wantSeries(t, series, `dipgraph_http_requests_total{method="GET",route="/v1/entities/{id}",status="404"}`, 1)
	wantSeries(t, series, `dipgraph_http_requests_total{method="GET",route="unmatched",status="404"}`, 1)
	wantSeries(t, series, `dipgraph_http_requests_total{method="PUT",route="unmatched",status="405"}`, 1)
	wantSeries(t, series, `dipgraph_http_requests_total{method="OTHER",route="unmatched",status="405"}`, 1)
	wantSeries(t, series, `dipgraph_http_requests_total{method="POST",route="/v1/query",status="429"}`, 1)
	wantSeries(t, series, `dipgraph_http_request_duration_seconds_count{method="GET",route="/v1/entities/{id}"}`, 4)
	if series[`dipgraph_http_request_duration_seconds_sum{method="POST",route="/v1/query"}`] < 0.2 {
		t.Errorf("query latency sum %v misses the 200ms timeout",
			series[`dipgraph_http_request_duration_seconds_sum{method="POST",route="/v1/query"}`])
	}
	// The scrape itself is in flight.
	wantSeries(t, series, `dipgraph_http_requests_in_flight`, 1)
	if _, ok := series[`go_goroutines`]; !ok {
		t.Errorf("no Go runtime metrics")
	}
	// Raw paths and parameter values never become label values.
	for _, leak := range []string{"country:MEX", "country:ZZZ", "/no/such/route", "secret-value-xyz", "BREW"} {
		if strings.Contains(text, leak) {
			t.Errorf("metrics contain %q", leak)
		}
	}
}

// A request being answered shows in the in-flight gauge.
func TestMetricsInFlight(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.QueryTimeout = 500 * time.Millisecond })
	done := make(chan struct{})
	go func() {
		defer close(done)
		doNoFatal(e, `{"language":"gizmo","query":"while(true){}"}`)
	}()
	ok := eventually(time.Second, func() bool {
		series, _ := e.scrape()
		return series[`dipgraph_http_requests_in_flight`] == 2
	})
	if !ok {
		t.Error("the running query is not in flight")
	}
	<-done
	series, _ := e.scrape()
	wantSeries(t, series, `dipgraph_http_requests_in_flight`, 1)
}
