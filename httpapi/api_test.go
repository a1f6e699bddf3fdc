package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/httpapi"
	"github.com/dipgraph/dipgraph/schema"
)

func TestHealthAndReady(t *testing.T) {
	e := newEnv(t, nil)
	var h map[string]string
	e.getOK("/healthz", &h)
	if h["status"] != "ok" {
		t.Errorf("healthz = %v", h)
	}
	e.getOK("/readyz", &h)
	if h["status"] != "ready" {
		t.Errorf("readyz = %v", h)
	}
}

func TestReadyzFailsOnClosedStore(t *testing.T) {
	e := newEnv(t, nil)
	if err := e.store.Close(); err != nil {
		t.Fatal(err)
	}
	resp, body := e.get("/readyz")
	wantProblem(t, resp, body, http.StatusServiceUnavailable)
	resp, body = e.get("/v1/entities")
	wantProblem(t, resp, body, http.StatusServiceUnavailable)
	e.getOK("/healthz", nil)
}

func TestRequestTimeout(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.RequestTimeout = time.Nanosecond })
	resp, body := e.get("/v1/entities")
	wantProblem(t, resp, body, http.StatusGatewayTimeout)
	e.getOK("/healthz", nil)
}

func TestSchema(t *testing.T) {
	e := newEnv(t, nil)
	var v schema.Vocabulary
	e.getOK("/v1/schema", &v)
	if len(v.EventTypes) != len(schema.EventTypes) || len(v.Kinds) != len(schema.Kinds) {
		t.Fatalf("schema: %d event types, %d kinds", len(v.EventTypes), len(v.Kinds))
	}
	if v.Predicates[schema.PredSource] == "" || v.IDs[schema.KindCountry] == "" {
		t.Errorf("schema misses predicates or ID patterns: %+v", v)
	}
}

func TestPostArticleJSONIsIdempotent(t *testing.T) {
	e := newEnv(t, nil)
	resp, body := e.postJSON("/v1/articles", artReject)
	wantStatus(t, resp, body, http.StatusCreated)
	var st graph.IngestStats
	mustDecode(t, body, &st)
	id := schema.ArticleID(artReject.Text)
	if !st.Created || st.Article != id || st.Quads == 0 || st.Entities == 0 || st.Events != 1 || st.Triples != 1 {
		t.Fatalf("first ingest: %+v", st)
	}
	loc := resp.Header.Get("Location")
	if loc != "/v1/articles/"+id {
		t.Fatalf("Location %q, want /v1/articles/%s", loc, id)
	}
	var info graph.ArticleInfo
	e.getOK(loc, &info)
	if info.ID != id || info.Text != artReject.Text || info.Title != artReject.Title ||
		info.Date != artReject.Date || info.SourceID != artReject.ID || info.Events != 1 {
		t.Fatalf("GET article: %+v", info)
	}
	before := e.counts()

	// The same text again, and again with other white space: nothing written.
	again := artReject
	for _, text := range []string{artReject.Text, "  " + strings.ReplaceAll(artReject.Text, " ", "\n  ") + "\n"} {
		again.Text = text
		resp, body = e.postJSON("/v1/articles", again)
		wantStatus(t, resp, body, http.StatusOK)
		var st2 graph.IngestStats
		mustDecode(t, body, &st2)
		if st2.Created || st2.Article != id {
			t.Fatalf("re-ingest: %+v", st2)
		}
		if resp.Header.Get("Location") != loc {
			t.Errorf("re-ingest Location %q", resp.Header.Get("Location"))
		}
	}
	if after := e.counts(); after != before {
		t.Fatalf("counts changed on re-ingest: %+v → %+v", before, after)
	}
	var info2 graph.ArticleInfo
	e.getOK(loc, &info2)
	if info2.Quads != info.Quads {
		t.Fatalf("article quads changed on re-ingest: %d → %d", info.Quads, info2.Quads)
	}
}

func TestPostArticleText(t *testing.T) {
	e := newEnv(t, nil)
	q := url.Values{"title": {"Tariff threat"}, "date": {"2025-03-05"}}
	resp, body := e.do(http.MethodPost, "/v1/articles?"+q.Encode(), "text/plain; charset=utf-8",
		strings.NewReader(artThreat.Text))
	wantStatus(t, resp, body, http.StatusCreated)
	var st graph.IngestStats
	mustDecode(t, body, &st)
	if !st.Created || st.Events != 1 {
		t.Fatalf("ingest: %+v", st)
	}
	var info graph.ArticleInfo
	e.getOK(resp.Header.Get("Location"), &info)
	if info.Title != "Tariff threat" || info.Date != "2025-03-05" || info.Text != artThreat.Text {
		t.Fatalf("GET article: %+v", info)
	}

	// Title and date are optional.
	resp, body = e.do(http.MethodPost, "/v1/articles", "text/plain", strings.NewReader(artPraise.Text))
	wantStatus(t, resp, body, http.StatusCreated)
}

func TestArticleNotFoundAndMalformedID(t *testing.T) {
	e := newEnv(t, nil)
	resp, body := e.get("/v1/articles/article:0123456789abcdef")
	wantProblem(t, resp, body, http.StatusNotFound)
	resp, body = e.do(http.MethodDelete, "/v1/articles/article:0123456789abcdef", "", nil)
	wantProblem(t, resp, body, http.StatusNotFound)
	for _, p := range []string{"/v1/articles/country:MEX", "/v1/articles/article:a%20b", "/v1/articles/%20x"} {
		resp, body = e.get(p)
		pr := wantProblem(t, resp, body, http.StatusBadRequest)
		if !strings.Contains(pr.Detail, "article:<16 hex digits>") || !strings.Contains(pr.Detail, "own id from the input") {
			t.Errorf("%s: the hint does not name the article ID forms: %s", p, pr.Detail)
		}
	}
	// Anything else is an article's own ID, looked up: none has it.
	resp, body = e.get("/v1/articles/nonsense")
	if pr := wantProblem(t, resp, body, http.StatusNotFound); !strings.Contains(pr.Detail, "article:<16 hex digits>") {
		t.Errorf("unknown source ID: %s", pr.Detail)
	}
}

func TestEntities(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()

	var all entityList
	e.getOK("/v1/entities", &all)
	ids := entityIDs(all.Items)
	for _, want := range []string{"country:MEX", "country:USA", "country:CAN", "country:BRA", "person:claudia-sheinbaum"} {
		if !ids[want] {
			t.Errorf("entities lack %s: %v", want, ids)
		}
	}
	if len(all.Items) != 5 || all.NextCursor != "" {
		t.Errorf("entities: %d items, next %q", len(all.Items), all.NextCursor)
	}

	var people entityList
	e.getOK("/v1/entities?type=Person", &people)
	if len(people.Items) != 1 || people.Items[0].ID != "person:claudia-sheinbaum" {
		t.Errorf("type=Person: %+v", people.Items)
	}
	e.getOK("/v1/entities?type=person", &people)
	if len(people.Items) != 1 {
		t.Errorf("type=person: %+v", people.Items)
	}
	var found entityList
	e.getOK("/v1/entities?q=mex", &found)
	if len(found.Items) != 1 || found.Items[0].ID != "country:MEX" {
		t.Errorf("q=mex: %+v", found.Items)
	}
	e.getOK("/v1/entities?type=Country&q=sheinbaum", &found)
	if len(found.Items) != 0 {
		t.Errorf("type=Country&q=sheinbaum: %+v", found.Items)
	}

	var mex graph.EntityInfo
	e.getOK("/v1/entities/country:MEX", &mex)
	if mex.ID != "country:MEX" || mex.Kind != schema.KindCountry || mex.Name != "Mexico" || mex.Articles < 2 {
		t.Errorf("GET country:MEX: %+v", mex)
	}
	var p graph.EntityInfo
	e.getOK("/v1/entities/"+url.PathEscape("person:claudia-sheinbaum"), &p)
	if p.Name != "Claudia Sheinbaum" || p.Kind != schema.KindPerson {
		t.Errorf("GET person: %+v", p)
	}

	resp, body := e.get("/v1/entities/country:ZZZ")
	pr := wantProblem(t, resp, body, http.StatusNotFound)
	if !strings.Contains(pr.Detail, "country:ZZZ") {
		t.Errorf("404 detail %q does not name the entity", pr.Detail)
	}
	for _, bad := range []string{"/v1/entities?type=planet", "/v1/entities?type=Event", "/v1/entities?cursor=%21%21",
		"/v1/entities?q=a%00b", "/v1/triples?cursor=%21%21", "/v1/events?cursor=%21%21"} {
		resp, body = e.get(bad)
		wantProblem(t, resp, body, http.StatusBadRequest)
	}
	for _, bad := range []string{"/v1/entities/MEX", "/v1/entities/country:", "/v1/entities/person:a%20b",
		"/v1/entities/person:%3Cx%3E", "/v1/entities/planet:mars"} {
		resp, body = e.get(bad)
		wantProblem(t, resp, body, http.StatusBadRequest)
	}
}

func TestRelationsAndTriples(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()

	var rel tripleList
	e.getOK("/v1/entities/country:MEX/relations", &rel)
	got := map[string]graph.TripleInfo{}
	for _, tr := range rel.Items {
		got[tr.Subject+" "+tr.Predicate+" "+tr.Object] = tr
	}
	for key, sentence := range map[string]string{
		"country:MEX rejected country:USA": "Mexico rejected the United States offer of troops.",
		"country:CAN praised country:MEX":  "Canada praised Mexico for its cooperation on migration.",
	} {
		tr, ok := got[key]
		if !ok {
			t.Errorf("relations of country:MEX lack %q: %+v", key, rel.Items)
			continue
		}
		if tr.Support != 1 || len(tr.Evidence) != 1 || tr.Evidence[0].Sentence != sentence ||
			!strings.HasPrefix(tr.Evidence[0].Article, schema.PrefixArticle) {
			t.Errorf("%s: support %d, evidence %+v", key, tr.Support, tr.Evidence)
		}
	}
	resp, body := e.get("/v1/entities/country:ZZZ/relations")
	wantProblem(t, resp, body, http.StatusNotFound)
	resp, body = e.get("/v1/entities/bad/relations")
	wantProblem(t, resp, body, http.StatusBadRequest)

	var tl tripleList
	e.getOK("/v1/triples?subject=country:USA", &tl)
	if len(tl.Items) != 1 || tl.Items[0].Predicate != "threatened" || tl.Items[0].Object != "country:BRA" {
		t.Errorf("subject=country:USA: %+v", tl.Items)
	}
	e.getOK("/v1/triples?predicate=rejected", &tl)
	if len(tl.Items) != 2 {
		t.Errorf("predicate=rejected: %+v", tl.Items)
	}
	e.getOK("/v1/triples?object=country:MEX", &tl)
	if len(tl.Items) != 1 || tl.Items[0].Subject != "country:CAN" {
		t.Errorf("object=country:MEX: %+v", tl.Items)
	}
	e.getOK("/v1/triples?subject=person:claudia-sheinbaum&predicate=rejected&object=country:CAN", &tl)
	if len(tl.Items) != 1 || len(tl.Items[0].Evidence) == 0 {
		t.Errorf("full filter: %+v", tl.Items)
	}
	e.getOK("/v1/triples?subject=country:BRA", &tl)
	if len(tl.Items) != 0 {
		t.Errorf("subject=country:BRA: %+v", tl.Items)
	}
	resp, body = e.get("/v1/triples?subject=Mexico")
	wantProblem(t, resp, body, http.StatusBadRequest)
}

func TestEvents(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()

	var all eventList
	e.getOK("/v1/events", &all)
	if len(all.Items) != 4 {
		t.Fatalf("events: %d, want 4: %+v", len(all.Items), all.Items)
	}
	for i := 1; i < len(all.Items); i++ {
		if all.Items[i-1].Date < all.Items[i].Date {
			t.Errorf("events not newest first: %s before %s", all.Items[i-1].Date, all.Items[i].Date)
		}
	}
	ev := all.Items[0] // 2025-05-03, Mexico rejected the United States
	if ev.Event != schema.Reject || ev.Date != "2025-05-03" || len(ev.Source) != 1 || ev.Source[0].Entity != "country:MEX" ||
		len(ev.Target) != 1 || ev.Target[0].Entity != "country:USA" ||
		ev.Evidence.Sentence != "Mexico rejected the United States offer of troops." {
		t.Errorf("newest event: %+v", ev)
	}

	cases := []struct {
		query string
		dates []string
	}{
		// A country's ID also matches its people's events (2025-04-01).
		{"actor=country:MEX", []string{"2025-05-03", "2025-04-01", "2025-01-10"}},
		{"actor=person:claudia-sheinbaum", []string{"2025-04-01"}},
		{"actor=country:BRA", []string{"2025-03-05"}},
		{"type=REJECT", []string{"2025-05-03", "2025-04-01"}},
		{"type=threaten", []string{"2025-03-05"}},
		{"type=AID", nil},
		{"from=2025-03-01&to=2025-04-30", []string{"2025-04-01", "2025-03-05"}},
		{"from=2025-04-01", []string{"2025-05-03", "2025-04-01"}},
		{"to=2025-01-10", []string{"2025-01-10"}},
		{"actor=country:MEX&type=REJECT&from=2025-05-01", []string{"2025-05-03"}},
	}
	for _, c := range cases {
		var l eventList
		e.getOK("/v1/events?"+c.query, &l)
		var dates []string
		for _, ev := range l.Items {
			dates = append(dates, ev.Date)
		}
		if strings.Join(dates, ",") != strings.Join(c.dates, ",") {
			t.Errorf("events?%s: dates %v, want %v", c.query, dates, c.dates)
		}
	}

	for _, bad := range []string{"type=INVADE", "from=2025-02-30", "to=05/03/2025", "from=2025-05-01&to=2025-04-01",
		"actor=Mexico", "actor=country:a%20b", "limit=0"} {
		resp, body := e.get("/v1/events?" + bad)
		p := wantProblem(t, resp, body, http.StatusBadRequest)
		if bad == "type=INVADE" && !strings.Contains(p.Detail, "INVADE") {
			t.Errorf("bad type detail %q", p.Detail)
		}
	}
}

var linkNext = regexp.MustCompile(`^<([^>]+)>; rel="next"$`)

func TestPagination(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()

	var full entityList
	e.getOK("/v1/entities?limit=1000", &full)
	want := entityIDs(full.Items)

	for _, path := range []string{"/v1/entities?limit=2", "/v1/entities?limit=1&type=Country"} {
		seen := map[string]bool{}
		pages := 0
		for next := path; next != ""; pages++ {
			if pages > 10 {
				t.Fatalf("%s: more than 10 pages", path)
			}
			var page entityList
			resp := e.getOK(next, &page)
			if len(page.Items) == 0 || len(page.Items) > 2 {
				t.Fatalf("%s: page of %d items", next, len(page.Items))
			}
			for _, it := range page.Items {
				if seen[it.ID] {
					t.Fatalf("%s: %s on two pages", path, it.ID)
				}
				seen[it.ID] = true
			}
			link := resp.Header.Get("Link")
			next = ""
			if page.NextCursor == "" {
				if link != "" {
					t.Fatalf("last page has Link %q", link)
				}
				continue
			}
			m := linkNext.FindStringSubmatch(link)
			if m == nil {
				t.Fatalf("page with next_cursor has Link %q", link)
			}
			u, err := url.Parse(m[1])
			if err != nil {
				t.Fatalf("Link target %q: %v", m[1], err)
			}
			if u.Query().Get("cursor") != page.NextCursor || u.Query().Get("limit") != mustQuery(t, path).Get("limit") {
				t.Fatalf("Link %q does not carry cursor %q and the limit", link, page.NextCursor)
			}
			next = m[1]
		}
		if strings.Contains(path, "type=Country") {
			if len(seen) != 4 || pages != 4 {
				t.Errorf("%s: %d countries over %d pages", path, len(seen), pages)
			}
			continue
		}
		if len(seen) != len(want) || pages != 3 {
			t.Errorf("%s: %d entities over %d pages, want %d over 3", path, len(seen), pages, len(want))
		}
		for id := range want {
			if !seen[id] {
				t.Errorf("%s: %s never listed", path, id)
			}
		}
	}

	// Events page the same way.
	var first eventList
	resp := e.getOK("/v1/events?limit=3", &first)
	if len(first.Items) != 3 || first.NextCursor == "" || resp.Header.Get("Link") == "" {
		t.Fatalf("events page 1: %d items, next %q, Link %q", len(first.Items), first.NextCursor, resp.Header.Get("Link"))
	}
	var second eventList
	e.getOK(linkNext.FindStringSubmatch(resp.Header.Get("Link"))[1], &second)
	if len(second.Items) != 1 || second.NextCursor != "" || second.Items[0].Date != "2025-01-10" {
		t.Fatalf("events page 2: %+v", second)
	}

	for _, bad := range []string{"limit=0", "limit=-1", "limit=1001", "limit=ten", "limit=1&limit=2", "limit=2.5"} {
		resp, body := e.get("/v1/entities?" + bad)
		wantProblem(t, resp, body, http.StatusBadRequest)
	}
	resp, body := e.get("/v1/entities?limit=1000")
	wantStatus(t, resp, body, http.StatusOK)
}

func TestDeleteArticle(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	id := schema.ArticleID(artThreat.Text)

	resp, body := e.do(http.MethodDelete, "/v1/articles/"+id, "", nil)
	wantStatus(t, resp, body, http.StatusNoContent)
	if len(body) != 0 {
		t.Errorf("204 with body %q", body)
	}
	resp, body = e.get("/v1/articles/" + id)
	wantProblem(t, resp, body, http.StatusNotFound)
	resp, body = e.do(http.MethodDelete, "/v1/articles/"+id, "", nil)
	wantProblem(t, resp, body, http.StatusNotFound)

	// Brazil was only in that article; the United States is in another.
	resp, body = e.get("/v1/entities/country:BRA")
	wantProblem(t, resp, body, http.StatusNotFound)
	e.getOK("/v1/entities/country:USA", nil)
	var tl tripleList
	e.getOK("/v1/triples?predicate=threatened", &tl)
	if len(tl.Items) != 0 {
		t.Errorf("triples of the deleted article remain: %+v", tl.Items)
	}
	if c := e.counts(); c.events != 3 || c.entities != 4 {
		t.Errorf("after delete: %+v", c)
	}

	// It can come back.
	resp, body = e.postJSON("/v1/articles", artThreat)
	wantStatus(t, resp, body, http.StatusCreated)
}

func TestBadArticles(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	before := e.counts()

	const good = "Mexico rejected the Brazil plan."
	cases := []struct {
		name, contentType, path, body string
		status                        int
		detail                        string // a word the detail must hold
	}{
		{"malformed JSON", "application/json", "", `{"text": "Mexico`, 400, "JSON"},
		{"JSON syntax", "application/json", "", `{"text" "Mexico"}`, 400, "byte"},
		{"text not a string", "application/json", "", `{"text": 5}`, 400, "text"},
		{"array body", "application/json", "", `["Mexico"]`, 400, "object"},
		{"trailing data", "application/json", "", `{"text":"` + good + `"} {}`, 400, "after"},
		{"empty JSON body", "application/json", "", ``, 400, "empty"},
		{"JSON null", "application/json", "", `null`, 422, "text"},
		{"no content type", "", "", good, 415, "Content-Type"},
		{"xml", "application/xml", "", "<text>" + good + "</text>", 415, "application/xml"},
		{"form", "application/x-www-form-urlencoded", "", "text=" + good, 415, "not supported"},
		{"latin-1", "text/plain; charset=iso-8859-1", "", good, 415, "charset"},
		{"bad media type", "text/", "", good, 415, "Content-Type"},
		{"invalid UTF-8 text", "text/plain", "", "Mexico \xff\xfe rejected", 400, "UTF-8"},
		{"invalid UTF-8 JSON", "application/json", "", "{\"text\":\"Mexico \xc3\x28\"}", 400, "UTF-8"},
		{"missing text", "application/json", "", `{"title":"x"}`, 422, "text"},
		{"empty text", "application/json", "", `{"text":""}`, 422, "empty"},
		{"white space text", "application/json", "", `{"text":" \n\t\u00a0 "}`, 422, "white space"},
		{"empty text/plain", "text/plain", "", "", 422, "empty"},
		{"white space text/plain", "text/plain", "", "   \r\n  ", 422, "white space"},
		{"NUL in JSON text", "application/json", "", `{"text":"Mexico\u0000rejected"}`, 422, "NUL"},
		{"NUL in text/plain", "text/plain", "", "Mexico\x00\x01\x02 rejected", 422, "NUL"},
		{"bad month", "application/json", "", `{"text":"` + good + `","date":"2025-13-01"}`, 422, "2025-13-01"},
		{"bad day", "application/json", "", `{"text":"` + good + `","date":"2025-02-30"}`, 422, "YYYY-MM-DD"},
		{"US date", "application/json", "", `{"text":"` + good + `","date":"05/03/2025"}`, 422, "date"},
		{"date with time", "application/json", "", `{"text":"` + good + `","date":"2025-05-03T10:00:00Z"}`, 422, "date"},
		{"date not a string", "application/json", "", `{"text":"` + good + `","date":20250503}`, 400, "date"},
		{"text/plain bad date", "text/plain", "?date=yesterday", good, 422, "yesterday"},
		{"text/plain control title", "text/plain", "?title=a%01b", good, 400, "title"},
		{"text/plain title twice", "text/plain", "?title=a&title=b", good, 400, "title"},
		{"control in JSON title", "application/json", "", `{"text":"` + good + `","title":"a\u0007b"}`, 422, "title"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := e.do(http.MethodPost, "/v1/articles"+c.path, c.contentType, strings.NewReader(c.body))
			p := wantProblem(t, resp, body, c.status)
			if !strings.Contains(p.Detail, c.detail) {
				t.Errorf("detail %q lacks %q", p.Detail, c.detail)
			}
		})
	}
	if after := e.counts(); after != before {
		t.Fatalf("bad articles wrote to the store: %+v → %+v", before, after)
	}
	resp, body := e.get("/v1/articles/" + schema.ArticleID(good))
	wantProblem(t, resp, body, http.StatusNotFound)
}

func TestBodyTooLarge(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.MaxBodyBytes = 1024 })
	text := "Mexico rejected the United States offer. " + strings.Repeat("More words follow here. ", 60)

	resp, body := e.postJSON("/v1/articles", schema.Article{Text: text})
	p := wantProblem(t, resp, body, http.StatusRequestEntityTooLarge)
	if !strings.Contains(p.Detail, "1024") {
		t.Errorf("413 detail %q does not say the limit", p.Detail)
	}
	// Without a Content-Length, the cap holds while reading.
	resp, body = e.do(http.MethodPost, "/v1/articles", "text/plain", io.MultiReader(strings.NewReader(text)))
	if resp.Request.ContentLength > 0 {
		t.Fatalf("request had a Content-Length")
	}
	wantProblem(t, resp, body, http.StatusRequestEntityTooLarge)

	resp, body = e.get("/v1/articles/" + schema.ArticleID(text))
	wantProblem(t, resp, body, http.StatusNotFound)
	if c := e.counts(); c != (counts{}) {
		t.Fatalf("an over-long body wrote to the store: %+v", c)
	}
	// Under the cap is fine.
	resp, body = e.do(http.MethodPost, "/v1/articles", "text/plain", strings.NewReader(text[:900]))
	wantStatus(t, resp, body, http.StatusCreated)
}

func TestRoutingProblems(t *testing.T) {
	e := newEnv(t, nil)
	resp, body := e.get("/v1/nothing-here")
	p := wantProblem(t, resp, body, http.StatusNotFound)
	if !strings.Contains(p.Detail, "/v1/nothing-here") {
		t.Errorf("404 detail %q", p.Detail)
	}
	resp, body = e.do(http.MethodPut, "/v1/articles", "application/json", strings.NewReader(`{}`))
	wantProblem(t, resp, body, http.StatusMethodNotAllowed)
	if allow := resp.Header.Get("Allow"); allow != "GET, HEAD, POST" {
		t.Errorf("Allow %q, want GET, HEAD, POST", allow)
	}
	resp, body = e.do(http.MethodPost, "/v1/entities/country:MEX", "application/json", strings.NewReader(`{}`))
	wantProblem(t, resp, body, http.StatusMethodNotAllowed)
}

func TestPanicBecomesProblem(t *testing.T) {
	e := newEnv(t, nil)
	resp, body := e.do(http.MethodPost, "/v1/articles", "text/plain", strings.NewReader("Mexico __panic__ now."))
	p := wantProblem(t, resp, body, http.StatusInternalServerError)
	if strings.Contains(p.Detail, "test extractor") {
		t.Errorf("500 detail leaks the panic: %q", p.Detail)
	}
	if !strings.Contains(e.logs.String(), p.RequestID) || !strings.Contains(e.logs.String(), "handler panic") {
		t.Errorf("panic not logged with request ID %s:\n%s", p.RequestID, e.logs.String())
	}
	e.getOK("/healthz", nil)
}

func TestRequestLogging(t *testing.T) {
	e := newEnv(t, nil)
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/v1/entities/country:MEX", nil)
	req.Header.Set("X-Request-Id", "trace-abc-123")
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	p := wantProblem(t, resp, b, http.StatusNotFound)
	if p.RequestID != "trace-abc-123" {
		t.Errorf("request_id %q", p.RequestID)
	}
	// The access log line is written once the response is out.
	wants := []string{`"request_id":"trace-abc-123"`, `"route":"/v1/entities/{id}"`, `"status":404`}
	logged := func() bool {
		for _, w := range wants {
			if !strings.Contains(e.logs.String(), w) {
				return false
			}
		}
		return true
	}
	if !eventually(2*time.Second, logged) {
		t.Errorf("log lacks %v:\n%s", wants, e.logs.String())
	}
}

func entityIDs(items []graph.EntityInfo) map[string]bool {
	m := map[string]bool{}
	for _, it := range items {
		m[it.ID] = true
	}
	return m
}

func mustQuery(t *testing.T, path string) url.Values {
	t.Helper()
	u, err := url.Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func mustDecode(t *testing.T, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
}

// eventually polls cond until it holds or d has passed.
func eventually(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}
