package httpapi_test

import (
	"bytes"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dipgraph/dipgraph/httpapi"
	"github.com/dipgraph/dipgraph/internal/limits"
	"github.com/dipgraph/dipgraph/schema"
)

// countingExtractor counts the articles it was asked to extract.
type countingExtractor struct {
	testExtractor
	n *atomic.Int64
}

func (c countingExtractor) Extract(a schema.Article) schema.Result {
	c.n.Add(1)
	return c.testExtractor.Extract(a)
}

func (e *env) postText(text string) (*http.Response, []byte) {
	e.t.Helper()
	return e.do(http.MethodPost, "/v1/articles?date=2025-05-03", "text/plain", strings.NewReader(text))
}

func wantOverLimit(t *testing.T, resp *http.Response, body []byte, name string, max, actual int, detail string) {
	t.Helper()
	p := wantProblem(t, resp, body, http.StatusRequestEntityTooLarge)
	if p.Type != "urn:dipgraph:problem:article-too-large" || p.Detail != detail {
		t.Errorf("problem %s %q, want article-too-large %q", p.Type, p.Detail, detail)
	}
	if p.Limit == nil || *p.Limit != (httpapi.ProblemLimit{Name: name, Max: max, Actual: actual}) {
		t.Errorf("problem limit %+v, want %s %d of %d", p.Limit, name, actual, max)
	}
}

func TestArticleSentenceLimits(t *testing.T) {
	var calls atomic.Int64
	e := newEnv(t, func(c *httpapi.Config) { c.Extractor = countingExtractor{n: &calls} })

	// The report's article: 2.4 MB, under the body cap, refused on its size.
	huge := strings.Repeat("Mexico rejected Canada. ", 100000)
	resp, body := e.postText(huge)
	wantOverLimit(t, resp, body, "max-sentences", 500000, len(huge),
		"article has 2400000 bytes of text; the limit is 500000 (1000 bytes for each of 500 sentences, --max-sentences)")

	resp, body = e.postText(strings.Repeat("Mexico rejected Canada. ", 501))
	wantOverLimit(t, resp, body, "max-sentences", 500, 501,
		"article has 501 sentences; the limit is 500 (--max-sentences)")

	long := strings.Repeat("Mexico rejected Canada, ", 200) + "."
	resp, body = e.postText(long)
	wantOverLimit(t, resp, body, "max-sentence-bytes", 4000, len(long),
		"article has 4801 bytes in its longest sentence; the limit is 4000 (--max-sentence-bytes)")

	if n := calls.Load(); n != 0 {
		t.Errorf("the extractor ran %d times on articles over the sentence limits", n)
	}
	if c := e.counts(); c != (counts{}) {
		t.Errorf("refused articles reached the store: %+v", c)
	}

	resp, body = e.postText(strings.Repeat("Mexico rejected Canada. ", 500))
	wantStatus(t, resp, body, http.StatusCreated)

	e.key = ""
	_, m := e.get("/metrics")
	for _, want := range []string{`dipgraph_articles_over_limit_total{limit="max-sentences"} 2`,
		`dipgraph_articles_over_limit_total{limit="max-sentence-bytes"} 1`} {
		if !bytes.Contains(m, []byte(want)) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestArticleResultLimits(t *testing.T) {
	text := "Mexico rejected Canada. Canada praised Brazil. Brazil threatened Mexico."
	e := newEnv(t, func(c *httpapi.Config) { c.Limits = limits.Article{MaxEvents: 2} })
	resp, body := e.postText(text)
	wantOverLimit(t, resp, body, "max-events", 2, 3, "article has 3 events; the limit is 2 (--max-events)")

	e = newEnv(t, func(c *httpapi.Config) { c.Limits = limits.Article{MaxQuads: 20} })
	resp, body = e.postText(text)
	p := wantProblem(t, resp, body, http.StatusRequestEntityTooLarge)
	if p.Limit == nil || p.Limit.Name != "max-quads" || p.Limit.Actual <= 20 ||
		!strings.HasSuffix(p.Detail, "quads; the limit is 20 (--max-quads)") {
		t.Errorf("quads problem %+v", p)
	}
	if c := e.counts(); c != (counts{}) {
		t.Errorf("a refused article reached the store: %+v", c)
	}
	// Under the limit, the same article goes in.
	e = newEnv(t, func(c *httpapi.Config) { c.Limits = limits.Article{MaxEvents: 3, MaxQuads: 1000} })
	resp, body = e.postText(text)
	wantStatus(t, resp, body, http.StatusCreated)
}

// A triple stated in hundreds of sentences answers with a few pieces of
// its evidence and the count of all.
func TestRelationsOfAWidelyStatedTriple(t *testing.T) {
	e := newEnv(t, nil)
	for i := range 3 {
		text := strings.Repeat("Mexico rejected Canada. ", 400) + strings.Repeat("Mexico", i+1) + " rejected Canada."
		resp, body := e.postText(text)
		wantStatus(t, resp, body, http.StatusCreated)
	}
	resp, body := e.get("/v1/entities/country:MEX/relations?limit=5")
	wantStatus(t, resp, body, http.StatusOK)
	if len(body) > 16<<10 {
		t.Errorf("relations answered %d bytes", len(body))
	}
	var rels tripleList
	e.getOK("/v1/entities/country:MEX/relations?limit=5", &rels)
	if len(rels.Items) != 1 {
		t.Fatalf("%d relations", len(rels.Items))
	}
	r := rels.Items[0]
	if r.EvidenceTotal != 1203 || len(r.Evidence) != 10 || r.Support != 3 {
		t.Errorf("evidenceTotal %d, %d listed, support %d; want 1203, 10, 3", r.EvidenceTotal, len(r.Evidence), r.Support)
	}
	if !bytes.Contains(body, []byte(`"evidenceTotal":1203`)) {
		t.Errorf("body lacks evidenceTotal: %.300s", body)
	}
	resp, body = e.get("/v1/events?actor=country:MEX&limit=5")
	wantStatus(t, resp, body, http.StatusOK)
	if len(body) > 16<<10 {
		t.Errorf("events answered %d bytes", len(body))
	}
}
