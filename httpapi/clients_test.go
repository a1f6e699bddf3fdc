package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/httpapi"
	"github.com/dipgraph/dipgraph/schema"
)

// TestUnknownParametersRefused sends a parameter no operation takes to
// every API route openapi.json describes: each answers 400
// unknown-parameter naming it, whatever the route, method or
// authentication.
func TestUnknownParametersRefused(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	doc := parseOpenAPI(t, httpapi.OpenAPI())
	fill := strings.NewReplacer("{id}", "country:MEX", "{a}", "MEX", "{b}", "USA")
	n := 0
	for path, item := range doc.Paths {
		if path == "/" || strings.HasPrefix(path, "/assets/") {
			// the explorer's page reads its own deep-link parameters
			// (?entity=…&depth=…) in the browser; its files take none
			continue
		}
		for method := range item {
			if !httpMethods[method] {
				continue
			}
			p := fill.Replace(path)
			if strings.HasPrefix(path, "/v1/articles/") {
				p = "/v1/articles/" + schema.ArticleID(artReject.Text)
			}
			resp, body := e.do(strings.ToUpper(method), p+"?bogus=1&limit=2", "application/json", strings.NewReader(`{}`))
			pr := wantProblem(t, resp, body, http.StatusBadRequest)
			if pr.Type != "urn:dipgraph:problem:unknown-parameter" || !strings.Contains(pr.Detail, `"bogus"`) || strings.Contains(pr.Detail, `"limit"`) && !strings.Contains(pr.Detail, "takes") {
				t.Errorf("%s %s: %s %s", method, path, pr.Type, pr.Detail)
			}
			n++
		}
	}
	if n < 20 {
		t.Fatalf("only %d operations tried", n)
	}
	// A documented parameter passes: /v1/export takes limit.
	resp, body := e.get("/v1/export?limit=2")
	wantStatus(t, resp, body, http.StatusOK)
}

// TestBadCursors: a cursor no list gave is a 400 on every paged route.
func TestBadCursors(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	for _, p := range []string{"/v1/entities", "/v1/triples", "/v1/events", "/v1/entities/country:MEX/relations",
		"/v1/articles", "/v1/dyads?country=MEX", "/v1/export"} {
		for _, c := range []string{"garbage", "Z2FyYmFnZQ", "x%00y"} {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			resp, body := e.get(p + sep + "cursor=" + c)
			if pr := wantProblem(t, resp, body, http.StatusBadRequest); !strings.Contains(pr.Detail, "cursor") {
				t.Errorf("%s cursor=%s: %s", p, c, pr.Detail)
			}
		}
	}
}

// TestListArticles: newest first, paged, filtered by date.
func TestListArticles(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	var page struct {
		Items []graph.ArticleSummary `json:"items"`
		Next  string                 `json:"next_cursor"`
	}
	var all []graph.ArticleSummary
	path := "/v1/articles?limit=3"
	for pages := 0; ; pages++ {
		page.Items, page.Next = nil, ""
		resp := e.getOK(path, &page)
		all = append(all, page.Items...)
		if page.Next == "" {
			if resp.Header.Get("Link") != "" {
				t.Error("Link header on the last page")
			}
			break
		}
		if !strings.Contains(resp.Header.Get("Link"), "rel=\"next\"") || pages > 3 {
			t.Fatalf("page %d: Link %q", pages, resp.Header.Get("Link"))
		}
		path = "/v1/articles?limit=3&cursor=" + url.QueryEscape(page.Next)
	}
	var dates []string
	for _, a := range all {
		dates = append(dates, a.Date)
		if k, _ := schema.KindOf(a.ID); k != schema.KindArticle || a.SourceID == "" || a.Title == "" {
			t.Errorf("article %+v", a)
		}
	}
	if want := []string{"2025-05-03", "2025-04-01", "2025-03-05", "2025-01-10"}; strings.Join(dates, " ") != strings.Join(want, " ") {
		t.Errorf("dates %v, want newest first %v", dates, want)
	}
	e.getOK("/v1/articles?from=2025-03-01&to=2025-04-30", &page)
	if len(page.Items) != 2 || page.Items[0].SourceID != artPerson.ID || page.Items[1].SourceID != artThreat.ID {
		t.Errorf("March–April: %+v", page.Items)
	}
	resp, body := e.get("/v1/articles?from=2025-05-01&to=2025-04-01")
	wantProblem(t, resp, body, http.StatusBadRequest)
}

// TestArticleBySourceID: an article is found by its own ID from the input;
// two sharing one are a 409 naming both.
func TestArticleBySourceID(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	var info graph.ArticleInfo
	e.getOK("/v1/articles/"+artThreat.ID, &info)
	if info.ID != schema.ArticleID(artThreat.Text) || info.Text != artThreat.Text {
		t.Errorf("by source ID: %+v", info)
	}
	twin := schema.Article{ID: artThreat.ID, Text: "Canada praised Mexico for the accord."}
	resp, body := e.postJSON("/v1/articles", twin)
	wantStatus(t, resp, body, http.StatusCreated)
	resp, body = e.get("/v1/articles/" + artThreat.ID)
	pr := wantProblem(t, resp, body, http.StatusConflict)
	for _, id := range []string{schema.ArticleID(artThreat.Text), schema.ArticleID(twin.Text)} {
		if !strings.Contains(pr.Detail, id) {
			t.Errorf("409 does not name %s: %s", id, pr.Detail)
		}
	}
	// Deleted by its source ID once it is unique again.
	resp, body = e.do(http.MethodDelete, "/v1/articles/"+schema.ArticleID(twin.Text), "", nil)
	wantStatus(t, resp, body, http.StatusNoContent)
	resp, body = e.do(http.MethodDelete, "/v1/articles/"+artThreat.ID, "", nil)
	wantStatus(t, resp, body, http.StatusNoContent)
	resp, body = e.get("/v1/articles/" + artThreat.ID)
	wantProblem(t, resp, body, http.StatusNotFound)
}

// TestTextPlainTitle: a text/plain article takes its first line as title,
// as a .txt file does, unless ?title= gives one; a JSON article takes no
// query parameters.
func TestTextPlainTitle(t *testing.T) {
	e := newEnv(t, nil)
	text := "Mexico rebuffs offer\n\nMexico rejected the United States offer of troops."
	resp, body := e.do(http.MethodPost, "/v1/articles?date=2025-05-03", "text/plain", strings.NewReader(text))
	wantStatus(t, resp, body, http.StatusCreated)
	var info graph.ArticleInfo
	e.getOK(resp.Header.Get("Location"), &info)
	if info.Title != "Mexico rebuffs offer" || info.Text != "Mexico rejected the United States offer of troops." {
		t.Errorf("text/plain: title %q text %q", info.Title, info.Text)
	}
	resp, body = e.do(http.MethodPost, "/v1/articles?title=Given", "text/plain", strings.NewReader("Short line\n\nCanada praised Mexico."))
	wantStatus(t, resp, body, http.StatusCreated)
	e.getOK(resp.Header.Get("Location"), &info)
	if info.Title != "Given" || !strings.HasPrefix(info.Text, "Short line\n\n") {
		t.Errorf("with ?title=: title %q text %q", info.Title, info.Text)
	}
	resp, body = e.do(http.MethodPost, "/v1/articles?title=x", "application/json", strings.NewReader(`{"text":"Canada praised Brazil."}`))
	wantProblem(t, resp, body, http.StatusBadRequest)
}

// TestExportPagesOverHTTP pages through /v1/export: each page a complete
// document, the cursor in the body, a header and the Link, the pages
// together the whole graph.
func TestExportPagesOverHTTP(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	type doc struct {
		Nodes []struct{ ID string } `json:"nodes"`
		Edges []struct {
			ID, Source, Target, Class string
			Symmetric                 bool
		} `json:"edges"`
		Next string `json:"next_cursor"`
	}
	var whole doc
	e.getOK("/v1/export", &whole)
	var ids []string
	for _, ed := range whole.Edges {
		ids = append(ids, ed.ID)
	}
	var got []string
	path := "/v1/export?limit=2"
	for pages := 0; ; pages++ {
		resp, body := e.get(path)
		wantStatus(t, resp, body, http.StatusOK)
		var d doc
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		nodes := map[string]bool{}
		for _, n := range d.Nodes {
			nodes[n.ID] = true
		}
		for _, ed := range d.Edges {
			if !nodes[ed.Source] || !nodes[ed.Target] {
				t.Errorf("page %d: edge %s off the page", pages, ed.ID)
			}
			got = append(got, ed.ID)
		}
		if h := resp.Header.Get(httpapi.HeaderNextCursor); h != d.Next {
			t.Fatalf("header cursor %q, body %q", h, d.Next)
		}
		if d.Next == "" {
			break
		}
		if !strings.Contains(resp.Header.Get("Link"), "cursor=") || pages > 20 {
			t.Fatalf("Link %q after %d pages", resp.Header.Get("Link"), pages)
		}
		path = "/v1/export?limit=2&cursor=" + url.QueryEscape(d.Next)
	}
	sort.Strings(ids)
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(ids, " ") || len(ids) == 0 {
		t.Errorf("pages hold %v, the whole export %v", got, ids)
	}
	for _, q := range []string{"limit=0", "limit=10001", "format=json&version=1.3", "format=gexf&version=1.1", "predicates=no%20such"} {
		resp, body := e.get("/v1/export?" + q)
		wantProblem(t, resp, body, http.StatusBadRequest)
	}
	resp, body := e.get("/v1/export?format=gexf&version=1.3")
	wantStatus(t, resp, body, http.StatusOK)
	if !strings.Contains(string(body), `version="1.3"`) {
		t.Errorf("version=1.3: %.300s", body)
	}
	var events doc
	e.getOK("/v1/export?predicates=plover", &events)
	for _, ed := range events.Edges {
		if ed.Class != "event" {
			t.Errorf("predicates=plover gave %s (%s)", ed.ID, ed.Class)
		}
	}
}
