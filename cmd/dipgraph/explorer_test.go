package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The explorer's browser tests drive Debian's chromium, headless, against
// a real `dipgraph serve`. Without chromium they skip, unless CI is set:
// there they fail (scripts/test.sh installs chromium first).

// chromiumPath finds the browser: $CHROMIUM, else chromium on $PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium not found and CI is set: the explorer's browser tests must run (scripts/test.sh installs it)")
	}
	t.Skip("chromium not found (apt-get install chromium, or set $CHROMIUM); the explorer's browser tests are skipped")
	return ""
}

// artefactDir is where the screenshots go: $DIPGRAPH_ARTEFACTS when set,
// else a directory under the test's temporary directory.
func artefactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DIPGRAPH_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join(t.TempDir(), "artefacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artefact directory: %v", err)
	}
	return dir
}

// browser is a headless chromium tab with the page's exceptions and
// console errors collected.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string

	mu     sync.Mutex
	errors []string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.WindowSize(1400, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	b := &browser{t: t, ctx: ctx, base: base, dir: artefactDir(t)}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				b.mu.Lock()
				b.errors = append(b.errors, m.String())
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// run runs the steps, each within a minute.
func (b *browser) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v\npage errors: %v", what, err, b.pageErrors())
	}
}

func (b *browser) pageErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.errors)
}

// eval evaluates a JavaScript expression into out (JSON-decoded).
func (b *browser) eval(expr string, out any) {
	b.t.Helper()
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[json.RawMessage](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v\npage errors: %v", expr, err, b.pageErrors())
	}
	if err := json.Unmarshal(raw, out); err != nil {
		b.t.Fatalf("evaluate %s: decode %s: %v", expr, raw, err)
	}
}

// waitFor polls a JavaScript condition until it holds.
func (b *browser) waitFor(what, cond string) {
	b.t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.Poll[chromedp.Void](cond,
		chromedp.WithPollingTimeout(30*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		state, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`JSON.stringify({graph: window.__dipgraph?.graph, dyad: window.__dipgraph?.dyad, evidence: window.__dipgraph?.evidence, paths: window.__dipgraph?.paths, timeline: window.__dipgraph?.timeline, error: window.__dipgraph?.lastError, status: document.querySelector('#status')?.textContent})`))
		b.t.Fatalf("waiting for %s (%s): %v\npage state: %s\npage errors: %v", what, cond, err, state, b.pageErrors())
	}
}

// screenshot writes the viewport as NAME.png into the artefact directory.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatalf("write screenshot: %v", err)
	}
	b.t.Logf("screenshot %s", p)
}

// clickAt clicks the page at a point given by a JavaScript expression
// returning {x, y} in CSS pixels of the viewport.
func (b *browser) clickAt(what, pointExpr string) {
	b.t.Helper()
	var pt struct{ X, Y float64 }
	b.eval(pointExpr, &pt)
	if pt.X <= 0 || pt.Y <= 0 {
		b.t.Fatalf("%s: no point on the page (%v)", what, pt)
	}
	b.run("click "+what, chromedp.MouseClickXY(pt.X, pt.Y))
}

// apiGet decodes a GET of the API into out.
func apiGet(t *testing.T, base, path string, out any) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v %s", path, resp.StatusCode, err, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("GET %s: decode: %v", path, err)
	}
}

type apiGraph struct {
	Nodes []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"nodes"`
	Edges []struct {
		ID        string `json:"id"`
		Source    string `json:"source"`
		Target    string `json:"target"`
		Predicate string `json:"predicate"`
	} `json:"edges"`
}

// drawnGraph is what the page's Cytoscape instance holds.
type drawnGraph struct {
	Nodes   []string `json:"nodes"`
	Bundles []struct {
		ID      string   `json:"id"`
		Source  string   `json:"source"`
		Target  string   `json:"target"`
		Count   int      `json:"count"`
		Members []string `json:"members"`
	} `json:"bundles"`
	Center string `json:"center"`
}

const readDrawnGraph = `(() => { const cy = window.__dipgraph.cy; return {
  nodes: cy.nodes().map((n) => n.id()),
  bundles: cy.edges().map((e) => ({ id: e.id(), source: e.data('source'), target: e.data('target'), count: e.data('count'), members: e.data('members') })),
  center: cy.nodes('.center').map((n) => n.id())[0] || '' }; })()`

// checkDrawnGraph asserts that the page drew exactly the API's subgraph:
// the same nodes, every edge in one bundle, one bundle per pair of nodes.
func checkDrawnGraph(t *testing.T, b *browser, base, params string) apiGraph {
	t.Helper()
	var want apiGraph
	apiGet(t, base, "/v1/graph?"+params, &want)
	var got drawnGraph
	b.eval(readDrawnGraph, &got)
	var wantNodes []string
	for _, n := range want.Nodes {
		wantNodes = append(wantNodes, n.ID)
	}
	sort.Strings(wantNodes)
	sort.Strings(got.Nodes)
	if !slices.Equal(got.Nodes, wantNodes) {
		t.Errorf("drawn nodes %v\nAPI nodes %v", got.Nodes, wantNodes)
	}
	var wantEdges, gotEdges []string
	pairs := map[string]bool{}
	for _, e := range want.Edges {
		wantEdges = append(wantEdges, e.ID)
		s, d := min(e.Source, e.Target), max(e.Source, e.Target)
		pairs[s+"\x00"+d] = true
	}
	for _, bd := range got.Bundles {
		if bd.Count != len(bd.Members) {
			t.Errorf("bundle %s says %d edges and holds %d", bd.ID, bd.Count, len(bd.Members))
		}
		for _, m := range bd.Members {
			src, rest, _ := strings.Cut(m, "|")
			_, dst, _ := strings.Cut(rest, "|")
			if !(src == bd.Source && dst == bd.Target || src == bd.Target && dst == bd.Source) {
				t.Errorf("edge %s drawn in the bundle of %s and %s", m, bd.Source, bd.Target)
			}
		}
		gotEdges = append(gotEdges, bd.Members...)
	}
	sort.Strings(wantEdges)
	sort.Strings(gotEdges)
	if !slices.Equal(gotEdges, wantEdges) {
		t.Errorf("drawn edges %v\nAPI edges %v", gotEdges, wantEdges)
	}
	if len(got.Bundles) != len(pairs) {
		t.Errorf("%d bundles drawn for %d pairs of nodes", len(got.Bundles), len(pairs))
	}
	if len(want.Edges) == 0 {
		t.Errorf("/v1/graph?%s has no edges: nothing was checked", params)
	}
	checkSpreadOut(t, b)
	return want
}

// checkSpreadOut fails when the layout put nodes on top of each other (as
// fcose's spectral draft alone does with the leaves of a star).
func checkSpreadOut(t *testing.T, b *browser) {
	t.Helper()
	var stacked []string
	b.eval(`(() => { const seen = new Map(); const out = [];
	  for (const n of window.__dipgraph.cy.nodes()) { const p = n.position(); const k = Math.round(p.x / 4) + ',' + Math.round(p.y / 4);
	    if (seen.has(k)) out.push(seen.get(k) + ' and ' + n.id()); else seen.set(k, n.id()); }
	  return out; })()`, &stacked)
	if len(stacked) > 0 {
		t.Errorf("%d nodes drawn on top of others: %v", len(stacked), stacked[:min(len(stacked), 5)])
	}
}

// TestExplorerInBrowser walks the explorer as an analyst would, on a
// store of the sample articles: search, neighbourhood, evidence of an
// edge, re-centre, the USA–MEX dyad and a bucket's events, paths, the
// timeline and a deep link, each checked against the API and
// photographed.
func TestExplorerInBrowser(t *testing.T) {
	chromiumPath(t)
	bin := buildDipgraph(t)
	db, _ := sampleStore(t, t.TempDir())
	srv := startServe(t, bin, db, nil)
	base := "http://" + srv.addr
	requireExplorerBuilt(t, base)
	b := newBrowser(t, base)

	// Search "Sheinbaum" and pick her.
	const sheinbaum = "person:claudia-sheinbaum"
	b.run("open the explorer", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("#q")))
	b.run("type the search", chromedp.SendKeys(chromedp.ID("#q"), "Sheinbaum"))
	hit := `#results li[data-id="` + sheinbaum + `"] button`
	b.run("wait for the hit", chromedp.WaitVisible(chromedp.CSS(hit)))
	b.screenshot("1-search")
	b.run("pick the hit", chromedp.Click(chromedp.CSS(hit)))

	// Her neighbourhood, drawn as /v1/graph has it.
	b.waitFor("her neighbourhood", `window.__dipgraph.graph.state === 'drawn' && window.__dipgraph.graph.params.center === '`+sheinbaum+`'`)
	var loc string
	b.eval(`location.search`, &loc)
	if q, _ := url.ParseQuery(strings.TrimPrefix(loc, "?")); q.Get("entity") != sheinbaum {
		t.Errorf("URL after picking: %q, want entity=%s", loc, sheinbaum)
	}
	want := checkDrawnGraph(t, b, base, "center="+sheinbaum)
	var center string
	b.eval(`window.__dipgraph.cy.nodes('.center').map((n) => n.id())[0] || ''`, &center)
	if center != sheinbaum {
		t.Errorf("centre drawn %q, want %s", center, sheinbaum)
	}
	b.screenshot("2-neighbourhood")

	// Click the edge Sheinbaum -REJECT-> Trump: its evidence is the
	// sentence of /v1/triples, with the event's trigger marked.
	const rejectEdge = sheinbaum + "|REJECT|person:donald-trump"
	if !slices.ContainsFunc(want.Edges, func(e struct {
		ID        string `json:"id"`
		Source    string `json:"source"`
		Target    string `json:"target"`
		Predicate string `json:"predicate"`
	}) bool {
		return e.ID == rejectEdge
	}) {
		t.Fatalf("the samples' graph lacks %s", rejectEdge)
	}
	// A real click on the edge; where another edge crosses it at the
	// point tried (the layout is a force layout), the click opens that
	// one, so further points along the edge are tried.
	opened := false
	for _, f := range []float64{0.5, 0.35, 0.65, 0.25, 0.75} {
		b.clickAt("the REJECT edge", fmt.Sprintf(`(() => {
		  const cy = window.__dipgraph.cy;
		  const e = cy.edges().filter((e) => e.data('members').includes('`+rejectEdge+`'))[0];
		  const a = e.renderedSourceEndpoint(), z = e.renderedTargetEndpoint(), f = %g;
		  const r = cy.container().getBoundingClientRect();
		  return { x: r.left + a.x + f * (z.x - a.x), y: r.top + a.y + f * (z.y - a.y) }; })()`, f))
		b.waitFor("the edge's evidence", `window.__dipgraph.evidence.state === 'done'`)
		var got bool
		b.eval(`!!document.querySelector('#evidence-body section[data-edge="`+rejectEdge+`"]')`, &got)
		if got {
			opened = true
			break
		}
	}
	if !opened {
		t.Fatalf("no click along the REJECT edge opened its evidence")
	}
	var triples struct {
		Items []struct {
			Evidence []struct {
				Sentence string `json:"sentence"`
			} `json:"evidence"`
		} `json:"items"`
	}
	apiGet(t, base, "/v1/triples?subject="+sheinbaum+"&predicate=REJECT&object=person:donald-trump", &triples)
	if len(triples.Items) == 0 || len(triples.Items[0].Evidence) == 0 {
		t.Fatalf("no triple evidence for %s", rejectEdge)
	}
	var shown struct {
		Sentences []string `json:"sentences"`
		Triggers  []string `json:"triggers"`
		EdgeTrig  []string `json:"edgeTriggers"`
		Sources   []string `json:"sources"`
		Titles    []string `json:"titles"`
	}
	const readEvidence = `({
	  sentences: window.__dipgraph.evidence.sentences,
	  triggers: [...document.querySelectorAll('#evidence-body mark.trigger')].map((m) => m.textContent),
	  edgeTriggers: [...document.querySelectorAll('#evidence-body section[data-edge="` + rejectEdge + `"] mark.trigger')].map((m) => m.textContent),
	  sources: [...document.querySelectorAll('#evidence .sourceid')].map((m) => m.textContent),
	  titles: [...document.querySelectorAll('#evidence .source .title')].map((m) => m.textContent) })`
	b.waitFor("the article's title", `[...document.querySelectorAll('#evidence .source .title')].every((m) => m.textContent !== '…')`)
	b.eval(readEvidence, &shown)
	for _, ev := range triples.Items[0].Evidence {
		if !slices.Contains(shown.Sentences, ev.Sentence) {
			t.Errorf("evidence panel lacks the sentence %q; it shows %q", ev.Sentence, shown.Sentences)
		}
	}
	var events struct {
		Items []struct {
			Trigger string `json:"trigger"`
			Target  []struct {
				Entity string `json:"entity"`
			} `json:"target"`
		} `json:"items"`
	}
	apiGet(t, base, "/v1/events?actor="+sheinbaum+"&type=REJECT", &events)
	var triggers []string
	for _, e := range events.Items {
		for _, a := range e.Target {
			if a.Entity == "person:donald-trump" {
				triggers = append(triggers, e.Trigger)
			}
		}
	}
	if len(triggers) == 0 || !slices.Equal(shown.EdgeTrig, triggers) {
		t.Errorf("triggers marked in the REJECT edge's evidence %q, want the events' %q", shown.EdgeTrig, triggers)
	}
	if len(shown.Titles) == 0 || slices.Contains(shown.Titles, "") || !slices.ContainsFunc(shown.Sources, func(s string) bool { return strings.HasPrefix(s, "source sample-") }) {
		t.Errorf("evidence sources: titles %q, source IDs %q", shown.Titles, shown.Sources)
	}
	b.screenshot("3-evidence")
	b.run("close the evidence", chromedp.Click(chromedp.ID("#evidence-close")))

	// Click Mexico: the graph re-centres on it.
	b.clickAt("Mexico", `(() => { const cy = window.__dipgraph.cy; const p = cy.getElementById('country:MEX').renderedPosition();
	  const r = cy.container().getBoundingClientRect(); return { x: r.left + p.x, y: r.top + p.y }; })()`)
	b.waitFor("Mexico's neighbourhood", `window.__dipgraph.graph.state === 'drawn' && window.__dipgraph.graph.params.center === 'country:MEX'`)
	checkDrawnGraph(t, b, base, "center=country:MEX")

	// The USA–MEX dyad: the charts' buckets are /v1/dyads's.
	b.run("open the dyads", chromedp.Click(chromedp.CSS(`#tabs button[data-view="dyad"]`)),
		chromedp.WaitVisible(chromedp.ID("#dyad-controls")),
		chromedp.SetValue(chromedp.CSS(`#dyad-controls input[name="a"]`), "USA"),
		chromedp.SetValue(chromedp.CSS(`#dyad-controls input[name="b"]`), "MEX"),
		chromedp.Click(chromedp.CSS(`#dyad-controls button[type="submit"]`)))
	b.waitFor("the dyad's charts", `window.__dipgraph.dyad && window.__dipgraph.dyad.state === 'drawn' && window.__dipgraph.dyad.b === 'country:MEX'`)
	var rep struct {
		Buckets []struct {
			Key     string  `json:"key"`
			Events  int     `json:"events"`
			Tension float64 `json:"tension"`
			ByType  map[string]struct {
				AToB int `json:"aToB"`
				BToA int `json:"bToA"`
			} `json:"byType"`
			Evidence []struct {
				Event    string `json:"event"`
				Sentence string `json:"sentence"`
			} `json:"evidence"`
		} `json:"buckets"`
	}
	apiGet(t, base, "/v1/dyads/USA/MEX?interval=month", &rep)
	var charts struct {
		Labels  []string  `json:"labels"`
		Tension []float64 `json:"tension"`
		Counts  []struct {
			Label string `json:"label"`
			Data  []int  `json:"data"`
		} `json:"counts"`
	}
	b.eval(`(() => { const c = window.__dipgraph.charts; return { labels: c.tension.data.labels, tension: c.tension.data.datasets[0].data,
	  counts: c.counts.data.datasets.map((d) => ({ label: d.label, data: d.data })) }; })()`, &charts)
	if len(rep.Buckets) < 2 {
		t.Fatalf("the samples' USA–MEX dyad has %d buckets", len(rep.Buckets))
	}
	if len(charts.Labels) != len(rep.Buckets) || len(charts.Tension) != len(rep.Buckets) {
		t.Fatalf("charts have %d labels and %d tension points for %d buckets", len(charts.Labels), len(charts.Tension), len(rep.Buckets))
	}
	countOf := map[string][]int{}
	for _, d := range charts.Counts {
		countOf[d.Label] = d.Data
	}
	for i, bk := range rep.Buckets {
		if charts.Labels[i] != bk.Key || charts.Tension[i] != bk.Tension {
			t.Errorf("bucket %d: chart %s tension %v, API %s tension %v", i, charts.Labels[i], charts.Tension[i], bk.Key, bk.Tension)
		}
		total := 0
		for typ, c := range bk.ByType {
			if got := countOf[typ]; len(got) != len(rep.Buckets) || got[i] != c.AToB+c.BToA {
				t.Errorf("bucket %s: bar %s = %v, API %d", bk.Key, typ, got, c.AToB+c.BToA)
			}
			total += c.AToB + c.BToA
		}
		stacked := 0
		for _, d := range charts.Counts {
			stacked += d.Data[i]
		}
		if stacked != total {
			t.Errorf("bucket %s: bars stack to %d, API types sum to %d", bk.Key, stacked, total)
		}
	}
	b.screenshot("4-dyad")

	// A click on the second bucket's point opens its events.
	b.clickAt("a bucket", `(() => { const ch = window.__dipgraph.charts.tension; const p = ch.getDatasetMeta(0).data[1];
	  const r = ch.canvas.getBoundingClientRect(); return { x: r.left + p.x, y: r.top + p.y }; })()`)
	b.waitFor("the bucket's events", `window.__dipgraph.evidence.state === 'done'`)
	b.eval(readEvidence, &shown)
	var bucketSentences []string
	for _, ev := range rep.Buckets[1].Evidence {
		bucketSentences = append(bucketSentences, ev.Sentence)
	}
	if !slices.Equal(shown.Sentences, bucketSentences) {
		t.Errorf("bucket %s: evidence shows %q\nAPI %q", rep.Buckets[1].Key, shown.Sentences, bucketSentences)
	}
	if len(shown.Triggers) == 0 {
		t.Errorf("bucket %s: no trigger marked", rep.Buckets[1].Key)
	}
	b.screenshot("5-dyad-bucket")
	b.run("close the evidence", chromedp.Click(chromedp.ID("#evidence-close")))

	// Paths from Sheinbaum to the US Army, by deep link.
	b.run("open the paths", chromedp.Navigate(base+"/?view=paths&entity="+sheinbaum+"&target=org:united-states-army"))
	b.waitFor("the paths", `window.__dipgraph.paths && window.__dipgraph.paths.state === 'drawn'`)
	var paths struct {
		Length int `json:"length"`
		Paths  []struct {
			Nodes []string `json:"nodes"`
		} `json:"paths"`
	}
	apiGet(t, base, "/v1/paths?from="+sheinbaum+"&to=org:united-states-army&limit=50", &paths)
	var drawnPaths struct {
		Paths int      `json:"paths"`
		Nodes []string `json:"nodes"`
		Items int      `json:"items"`
	}
	b.eval(`({ paths: window.__dipgraph.paths.paths, nodes: window.__dipgraph.pathsCy.nodes().map((n) => n.id()),
	  items: document.querySelectorAll('#path-list ol.paths > li').length })`, &drawnPaths)
	nodeSet := map[string]bool{}
	for _, p := range paths.Paths {
		for _, n := range p.Nodes {
			nodeSet[n] = true
		}
	}
	if len(paths.Paths) == 0 || drawnPaths.Paths != len(paths.Paths) || drawnPaths.Items != len(paths.Paths) || len(drawnPaths.Nodes) != len(nodeSet) {
		t.Errorf("paths drawn %+v, API %d paths over %d nodes", drawnPaths, len(paths.Paths), len(nodeSet))
	}
	b.run("open a hop", chromedp.Click(chromedp.CSS(`#path-list button.hop`)))
	b.waitFor("the hop's evidence", `window.__dipgraph.evidence.state === 'done' && window.__dipgraph.evidence.sentences.length > 0`)
	b.screenshot("6-paths")
	b.run("close the evidence", chromedp.Click(chromedp.ID("#evidence-close")))

	// Her timeline, newest first.
	b.run("open the timeline", chromedp.Navigate(base+"/?view=timeline&entity="+sheinbaum))
	b.waitFor("the timeline", `window.__dipgraph.timeline && window.__dipgraph.timeline.state === 'drawn'`)
	var tl struct {
		IDs   []string `json:"ids"`
		Dates []string `json:"dates"`
	}
	b.eval(`({ ids: [...document.querySelectorAll('#timeline li[data-event]')].map((l) => l.dataset.event),
	  dates: [...document.querySelectorAll('#timeline li[data-event]')].map((l) => l.dataset.date) })`, &tl)
	var evs struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	apiGet(t, base, "/v1/events?actor="+sheinbaum+"&limit=50", &evs)
	var wantIDs []string
	for _, e := range evs.Items {
		wantIDs = append(wantIDs, e.ID)
	}
	if len(wantIDs) == 0 || !slices.Equal(tl.IDs, wantIDs) {
		t.Errorf("timeline %v, API %v", tl.IDs, wantIDs)
	}
	if !slices.IsSortedFunc(tl.Dates, func(x, y string) int { return strings.Compare(y, x) }) {
		t.Errorf("timeline not newest first: %v", tl.Dates)
	}
	b.screenshot("7-timeline")

	// A deep link: Mexico at depth 2 from 2025-01-01, its controls set.
	b.run("follow a deep link", chromedp.Navigate(base+"/?entity=country:MEX&depth=2&from=2025-01-01"))
	b.waitFor("the linked view", `window.__dipgraph.graph.state === 'drawn'`)
	checkDrawnGraph(t, b, base, "center=country:MEX&depth=2&from=2025-01-01")
	var controls struct{ Depth, From string }
	b.eval(`({ depth: document.querySelector('#graph-controls [name=depth]').value, from: document.querySelector('#graph-controls [name=from]').value })`, &controls)
	if controls.Depth != "2" || controls.From != "2025-01-01" {
		t.Errorf("controls after the deep link: %+v", controls)
	}
	b.screenshot("8-deep-link")

	// Filters go into the URL and the request: REJECT edges only.
	b.run("filter by PLOVER type", chromedp.Click(chromedp.CSS(`#graph-controls details:nth-of-type(2) summary`)),
		chromedp.Click(chromedp.CSS(`#filter-plover input[value="REJECT"]`)))
	b.waitFor("the filtered graph", `window.__dipgraph.graph.state === 'drawn' && window.__dipgraph.graph.params.predicates.join() === 'REJECT'`)
	b.eval(`location.search`, &loc)
	if !strings.Contains(loc, "plover=REJECT") {
		t.Errorf("URL after filtering: %q", loc)
	}
	checkDrawnGraph(t, b, base, "center=country:MEX&depth=2&from=2025-01-01&predicates=REJECT")

	var violations []string
	b.eval(`window.__dipgraph.cspViolations`, &violations)
	if len(violations) > 0 {
		t.Errorf("Content-Security-Policy violations: %v", violations)
	}
	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("page errors: %v", errs)
	}
}

// TestExplorerAsksForReadKey runs the explorer against a server whose
// reads need a key: the page asks for it once, keeps it in session
// storage and draws with it.
func TestExplorerAsksForReadKey(t *testing.T) {
	chromiumPath(t)
	bin := buildDipgraph(t)
	db, _ := sampleStore(t, t.TempDir())
	const key = "explorer-test-key-0123456789"
	srv := startServe(t, bin, db, []string{"DIPGRAPH_API_KEY=" + key}, "--require-auth-for-reads")
	base := "http://" + srv.addr
	requireExplorerBuilt(t, base)
	b := newBrowser(t, base)
	b.run("open a deep link", chromedp.Navigate(base+"/?entity=country:USA"), chromedp.WaitVisible(chromedp.ID("#key-input")))
	b.screenshot("9-key")
	b.run("enter the key", chromedp.SendKeys(chromedp.ID("#key-input"), key), chromedp.Click(chromedp.CSS(`#key-form button[type="submit"]`)))
	b.waitFor("the graph with the key", `window.__dipgraph.graph.state === 'drawn'`)
	var stored string
	b.eval(`sessionStorage.getItem('dipgraph.apiKey')`, &stored)
	if stored != key {
		t.Errorf("session storage holds %q", stored)
	}
	// A reload reads the key from session storage: no dialog.
	b.run("reload", chromedp.Reload())
	b.waitFor("the graph after a reload", `window.__dipgraph.graph.state === 'drawn'`)
	var open bool
	b.eval(`document.querySelector('#key-dialog').open`, &open)
	if open {
		t.Error("the key dialog opened again after a reload")
	}
}

// TestExplorerEmptyStoreAndErrors checks what the page says on an empty
// store (how to ingest) and on an API error (the problem's detail and
// request ID).
func TestExplorerEmptyStoreAndErrors(t *testing.T) {
	chromiumPath(t)
	bin := buildDipgraph(t)
	srv := startServe(t, bin, filepath.Join(t.TempDir(), "empty.db"), nil, "-create")
	base := "http://" + srv.addr
	requireExplorerBuilt(t, base)
	b := newBrowser(t, base)
	b.run("open the explorer on an empty store", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("#empty-store")))
	var text string
	b.eval(`document.querySelector('#empty-store').textContent`, &text)
	if !strings.Contains(text, "dipgraph ingest") || !strings.Contains(text, "POST /v1/articles") {
		t.Errorf("empty store says %q", text)
	}
	b.screenshot("10-empty-store")

	b.run("a link to an unknown entity", chromedp.Navigate(base+"/?entity=person:nobody"))
	b.waitFor("the error", `document.querySelector('#status.error') !== null`)
	var status string
	b.eval(`document.querySelector('#status').textContent`, &status)
	if !strings.Contains(status, "entity person:nobody not found") || !strings.Contains(status, "request ") {
		t.Errorf("error line %q, want the problem's detail and request ID", status)
	}
	b.screenshot("11-error")
}

// requireExplorerBuilt fails (CI) or skips when the binary was built
// without the explorer's bundle.
func requireExplorerBuilt(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return
	}
	msg := fmt.Sprintf("the binary has no explorer (/ is %s): run scripts/build-web.sh first", resp.Header.Get("Content-Type"))
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// TestExplorerFirstLoad measures the explorer's first load on a big store:
// from navigation to a drawn neighbourhood of 500 edges (the default
// limit) around the entity of highest degree, each in a new browser (no
// cache), and the bytes of the bundle sent. Run by hand on the
// synthetic store (scripts/bench-explorer.sh); skipped unless
// $DIPGRAPH_EXPLORER_BENCH_DB names a store.
func TestExplorerFirstLoad(t *testing.T) {
	db := os.Getenv("DIPGRAPH_EXPLORER_BENCH_DB")
	if db == "" {
		t.Skip("DIPGRAPH_EXPLORER_BENCH_DB is not set (scripts/bench-explorer.sh sets it)")
	}
	chromiumPath(t)
	bin := buildDipgraph(t)
	srv := startServe(t, bin, db, nil)
	base := "http://" + srv.addr
	requireExplorerBuilt(t, base)

	// The entity of highest degree, from every page of entities.
	best, bestDegree := "", -1
	cursor := ""
	for {
		var page struct {
			Items []struct {
				ID     string `json:"id"`
				Degree int    `json:"degree"`
			} `json:"items"`
			Next string `json:"next_cursor"`
		}
		apiGet(t, base, "/v1/entities?limit=1000&cursor="+url.QueryEscape(cursor), &page)
		for _, it := range page.Items {
			if it.Degree > bestDegree {
				best, bestDegree = it.ID, it.Degree
			}
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	const depth = 2
	params := fmt.Sprintf("center=%s&depth=%d", url.QueryEscape(best), depth)
	var g apiGraph
	apiGet(t, base, "/v1/graph?"+params, &g)
	t.Logf("entity %s (degree %d): depth %d, %d nodes, %d edges", best, bestDegree, depth, len(g.Nodes), len(g.Edges))

	runs := 5
	if n, err := strconv.Atoi(os.Getenv("DIPGRAPH_EXPLORER_BENCH_RUNS")); err == nil && n > 0 {
		runs = n
	}
	var drawn []float64
	for i := range runs {
		b := newBrowser(t, base)
		b.run("first load", chromedp.Navigate(fmt.Sprintf("%s/?entity=%s&depth=%d", base, url.QueryEscape(best), depth)))
		b.waitFor("the neighbourhood", `window.__dipgraph.graph.state === 'drawn'`)
		var m struct {
			Drawn, Fetch, Layout, Graph, Script float64
			Parts                               string
			Edges, Nodes, Bundles               int
			Bytes                               map[string]float64
		}
		b.eval(`(() => { const g = window.__dipgraph.graph; const res = performance.getEntriesByType('resource');
		  const graph = res.find((r) => r.name.includes('/v1/graph')); const bytes = {};
		  for (const r of res) if (r.name.includes('/assets/')) bytes[r.name.split('/assets/')[1]] = r.transferSize;
		  const nav = performance.getEntriesByType('navigation')[0]; bytes['index.html'] = nav.transferSize;
		  return { drawn: g.timings.sinceNavigation, fetch: g.timings.fetch, layout: g.timings.layout,
		    parts: JSON.stringify(g.timings), graph: graph ? graph.duration : -1, script: window.__dipgraph.t0, edges: g.edges, nodes: g.nodes,
		    bundles: window.__dipgraph.cy.edges().length, bytes }; })()`, &m)
		if m.Edges != len(g.Edges) || m.Nodes != len(g.Nodes) {
			t.Errorf("drawn %d nodes and %d edges, the API has %d and %d", m.Nodes, m.Edges, len(g.Nodes), len(g.Edges))
		}
		checkSpreadOut(t, b)
		t.Logf("run %d: navigation to drawn %.0f ms (script started at %.0f ms; GET /v1/graph %.0f ms; layout and paint %.0f ms: %s); %d nodes, %d edges in %d bundles; bytes sent %v",
			i+1, m.Drawn, m.Script, m.Graph, m.Layout, m.Parts, m.Nodes, m.Edges, m.Bundles, m.Bytes)
		drawn = append(drawn, m.Drawn)
		if i == 0 {
			b.screenshot("bench-first-load")
		}
	}
	sort.Float64s(drawn)
	load, _ := os.ReadFile("/proc/loadavg")
	t.Logf("navigation to a drawn neighbourhood of %d edges: median %.0f ms, min %.0f, max %.0f over %d first loads (load average %s)",
		len(g.Edges), drawn[len(drawn)/2], drawn[0], drawn[len(drawn)-1], runs, strings.Join(strings.Fields(string(load))[:3], " "))
}
