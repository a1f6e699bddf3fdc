package httpapi_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/httpapi"
	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/schema"
)

// IDs of the analysis fixture.
const (
	anSheinbaum = "person:claudia-sheinbaum"
	anTrump     = "person:donald-trump"
	anHegseth   = "person:pete-hegseth"
	anFuente    = "person:juan-ramon-de-la-fuente"
	anArmy      = "org:us-army"
	anTroops    = "concept:troops"
	anMEX       = "country:MEX"
	anUSA       = "country:USA"
	anCAN       = "country:CAN"
	anBRA       = "country:BRA"
	anCHN       = "country:CHN"
)

var anCast = []schema.Entity{
	{ID: anSheinbaum, Type: schema.KindPerson, Name: "Claudia Sheinbaum", Country: "MEX", Role: "President"},
	{ID: anFuente, Type: schema.KindPerson, Name: "Juan Ramón de la Fuente", Country: "MEX", Role: "Foreign Minister"},
	{ID: anTrump, Type: schema.KindPerson, Name: "Donald Trump", Country: "USA", Role: "President"},
	{ID: anHegseth, Type: schema.KindPerson, Name: "Pete Hegseth", Country: "USA", Role: "Defense Secretary"},
	{ID: anArmy, Type: schema.KindOrganization, Name: "U.S. Army", Country: "USA", OrgKind: "military"},
	{ID: anTroops, Type: schema.KindConcept, Name: "troops"},
	{ID: anMEX, Type: schema.KindCountry, Name: "Mexico", Country: "MEX"},
	{ID: anUSA, Type: schema.KindCountry, Name: "United States", Country: "USA"},
	{ID: anCAN, Type: schema.KindCountry, Name: "Canada", Country: "CAN"},
	{ID: anBRA, Type: schema.KindCountry, Name: "Brazil", Country: "BRA"},
	{ID: anCHN, Type: schema.KindCountry, Name: "China", Country: "CHN"},
}

// anFact is one sentence of a fixture article: subject, predicate, object.
// When the predicate is a PLOVER type it is also an event of that type
// from the subject to the object.
type anFact struct{ s, p, o string }

// anArticle builds an article of one sentence per fact, with its
// extraction: the cast, an event per PLOVER fact and a triple per fact.
func anArticle(id, date string, facts ...anFact) (schema.Article, schema.Result) {
	var sentences []string
	for _, f := range facts {
		sentences = append(sentences, f.s+" "+f.p+" "+f.o+".")
	}
	text := id + ": " + strings.Join(sentences, " ")
	art := schema.ArticleID(text)
	a := schema.Article{ID: id, Title: "Report " + id, Date: date, Text: text}
	r := schema.Result{ID: id, Article: art, Title: a.Title, Date: date, Entities: anCast}
	for i, f := range facts {
		start := strings.Index(text, sentences[i])
		ev := schema.Evidence{Article: art, Sentence: sentences[i], SentenceIndex: i,
			Start: start, End: start + len(sentences[i]), Date: date}
		tr := schema.Triple{Subject: f.s, Predicate: f.p, Object: f.o, Evidence: ev}
		if t, ok := schema.LookupEventType(f.p); ok {
			actor := func(id string) []schema.Actor {
				at := strings.Index(text[start:], id) + start
				return []schema.Actor{{Entity: id, ActorText: id, Start: at, End: at + len(id)}}
			}
			trig := start + len(f.s) + 1
			tr.Event = schema.EventID(art, len(r.Events)+1)
			r.Events = append(r.Events, schema.Event{
				ID: tr.Event, Event: t.Name, CAMEO: t.CAMEO, Score: t.Score,
				Source: actor(f.s), Target: actor(f.o),
				Trigger: f.p, TriggerStart: trig, TriggerEnd: trig + len(f.p),
				Confidence: 0.9, Date: date, Evidence: ev,
			})
		}
		r.Triples = append(r.Triples, tr)
	}
	return a, r
}

// analysisFixture is four months of Mexico–United States relations,
// cooperative in January and February, conflictual in March and April,
// with the people around them and a few other countries:
//
//	2025-01  AGREE +2.5, COOPERATE +9.5        → T = -6
//	2025-02  CONSULT +2.5, SUPPORT +5          → T = -3.75
//	2025-03  THREATEN -3.5, SANCTION -6        → T = +4.75
//	2025-04  REJECT -2, ACCUSE -3              → T = +2.5
//
// Sheinbaum reaches the U.S. Army in two hops: REJECT Trump, who commands
// it (not through the concept troops, which she rejected and the Army
// deploys: a path passes a concept only as an end). De la
// Fuente reaches it in four: AGREE Hegseth, who visited Mexico, which Trump
// threatened.
func analysisFixture() [][2]any {
	docs := [][]anFact{
		{{anFuente, schema.Agree, anHegseth}, {anUSA, schema.Cooperate, anMEX}, {anSheinbaum, schema.PredLeads, anMEX},
			{anHegseth, "visited", anMEX}},
		{{anSheinbaum, schema.Consult, anTrump}, {anTrump, schema.Support, anSheinbaum}, {anTrump, schema.PredLeads, anUSA}},
		{{anTrump, schema.Threaten, anMEX}, {anUSA, schema.Sanction, anMEX}, {anUSA, schema.PredTension, anMEX},
			{anTrump, "commands", anArmy}, {anArmy, "deploys", anTroops}},
		{{anSheinbaum, schema.Reject, anTrump}, {anMEX, schema.Accuse, anUSA}, {anSheinbaum, "rejected", anTroops},
			{anUSA, schema.Threaten, anCAN}, {anTrump, schema.Threaten, anBRA}, {anCHN, schema.Consult, anUSA},
			{anUSA, schema.Threaten, anBRA}},
	}
	dates := []string{"2025-01-15", "2025-02-12", "2025-03-05", "2025-04-20"}
	var out [][2]any
	for i, facts := range docs {
		a, r := anArticle("an-"+dates[i], dates[i], facts...)
		out = append(out, [2]any{a, r})
	}
	return out
}

// newAnalysisEnv serves the analysis fixture.
func newAnalysisEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t, nil)
	for _, d := range analysisFixture() {
		a, r := d[0].(schema.Article), d[1].(schema.Result)
		if _, err := e.store.Ingest(context.Background(), a, r); err != nil {
			t.Fatalf("ingest %s: %v", a.ID, err)
		}
	}
	return e
}

// getGraph GETs /v1/graph with the query, wants 200 with the format's
// content type, and returns the body.
func (e *env) getGraph(format string, q url.Values) (*http.Response, []byte) {
	e.t.Helper()
	q = cloneValues(q)
	q.Set("format", format)
	resp, body := e.get("/v1/graph?" + q.Encode())
	wantStatus(e.t, resp, body, http.StatusOK)
	ct, _ := export.ContentType(format)
	if got := resp.Header.Get("Content-Type"); got != ct {
		e.t.Fatalf("format %s: Content-Type %q, want %q", format, got, ct)
	}
	return resp, body
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// jsonGraph is the json format.
type jsonGraph struct {
	Nodes []struct {
		ID, Kind, Name, Country string
	} `json:"nodes"`
	Edges []struct {
		ID, Source, Target, Predicate string
		Weight                        int
		Score                         *float64
	} `json:"edges"`
	Truncated bool   `json:"truncated"`
	Limit     int    `json:"limit"`
	Reason    string `json:"reason"`
}

type edgeKey struct{ s, p, o string }

// TestGraphFormats asks for the same two-hop neighbourhood in every format
// and reads each the way its consumer would, checking each holds the same
// nodes and edges as the json answer.
func TestGraphFormats(t *testing.T) {
	e := newAnalysisEnv(t)
	q := url.Values{"center": {anTrump}, "depth": {"2"}}

	resp, body := e.getGraph(export.JSON, q)
	var g jsonGraph
	mustDecode(t, body, &g)
	if g.Truncated || g.Limit != graph.DefaultSubgraphLimit || len(g.Nodes) < 8 || len(g.Edges) < 10 {
		t.Fatalf("json: truncated %v, limit %d, %d nodes, %d edges", g.Truncated, g.Limit, len(g.Nodes), len(g.Edges))
	}
	if g.Nodes[0].ID != anTrump {
		t.Errorf("first node %s, want the center", g.Nodes[0].ID)
	}
	if resp.Header.Get(httpapi.HeaderTruncated) != "false" || resp.Header.Get(httpapi.HeaderLimit) != "500" ||
		resp.Header.Get(httpapi.HeaderNodes) != itoa(len(g.Nodes)) || resp.Header.Get(httpapi.HeaderEdges) != itoa(len(g.Edges)) {
		t.Errorf("headers %v", resp.Header)
	}
	nodes := map[string]bool{}
	for _, n := range g.Nodes {
		nodes[n.ID] = true
	}
	edges := map[edgeKey]bool{}
	for _, ed := range g.Edges {
		if !nodes[ed.Source] || !nodes[ed.Target] {
			t.Errorf("json edge %s has an end that is no node", ed.ID)
		}
		edges[edgeKey{ed.Source, ed.Predicate, ed.Target}] = true
	}
	for _, want := range []edgeKey{{anTrump, "commands", anArmy}, {anArmy, "deploys", anTroops}, {anTrump, schema.Threaten, anMEX}} {
		if !edges[want] {
			t.Errorf("json misses edge %v", want)
		}
	}
	sameGraph := func(format string, gotNodes []string, gotEdges []edgeKey) {
		t.Helper()
		if len(gotNodes) != len(nodes) {
			t.Errorf("%s: %d nodes, json has %d", format, len(gotNodes), len(nodes))
		}
		seen := map[string]bool{}
		for _, n := range gotNodes {
			if !nodes[n] || seen[n] {
				t.Errorf("%s: node %q unknown or repeated", format, n)
			}
			seen[n] = true
		}
		if len(gotEdges) != len(edges) {
			t.Errorf("%s: %d edges, json has %d", format, len(gotEdges), len(edges))
		}
		for _, ed := range gotEdges {
			if !edges[ed] {
				t.Errorf("%s: edge %v not in the json answer", format, ed)
			}
			if !seen[ed.s] || !seen[ed.o] {
				t.Errorf("%s: edge %v does not resolve to its nodes", format, ed)
			}
		}
	}

	t.Run("cytoscape", func(t *testing.T) {
		_, body := e.getGraph(export.Cytoscape, q)
		var doc struct {
			Elements *struct {
				Nodes []struct {
					Data struct{ ID, Label, Kind string } `json:"data"`
				} `json:"nodes"`
				Edges []struct {
					Data struct{ ID, Source, Target, Predicate string } `json:"data"`
				} `json:"edges"`
			} `json:"elements"`
			Truncated *bool `json:"truncated"`
		}
		mustDecode(t, body, &doc)
		if doc.Elements == nil || doc.Truncated == nil || *doc.Truncated {
			t.Fatalf("not a Cytoscape.js elements document: %s", body)
		}
		var ns []string
		var es []edgeKey
		for _, n := range doc.Elements.Nodes {
			ns = append(ns, n.Data.ID)
			if n.Data.Label == "" || n.Data.Kind == "" {
				t.Errorf("node %s without label or kind", n.Data.ID)
			}
		}
		for _, ed := range doc.Elements.Edges {
			es = append(es, edgeKey{ed.Data.Source, ed.Data.Predicate, ed.Data.Target})
			if ed.Data.ID != export.EdgeID(ed.Data.Source, ed.Data.Predicate, ed.Data.Target) {
				t.Errorf("edge id %q", ed.Data.ID)
			}
		}
		sameGraph("cytoscape", ns, es)
	})

	t.Run("d3", func(t *testing.T) {
		_, body := e.getGraph(export.D3, q)
		var doc struct {
			Nodes []struct{ ID, Name string } `json:"nodes"`
			Links []struct {
				Source, Target, Predicate string
				Value                     int
			} `json:"links"`
		}
		mustDecode(t, body, &doc)
		var ns []string
		var es []edgeKey
		for _, n := range doc.Nodes {
			ns = append(ns, n.ID)
		}
		for _, l := range doc.Links {
			es = append(es, edgeKey{l.Source, l.Predicate, l.Target})
			if l.Value < 1 {
				t.Errorf("link %v: value %d", l, l.Value)
			}
		}
		sameGraph("d3", ns, es)
	})

	t.Run("graphml", func(t *testing.T) {
		_, body := e.getGraph(export.GraphML, q)
		var doc struct {
			XMLName xml.Name
			Keys    []struct {
				ID   string `xml:"id,attr"`
				For  string `xml:"for,attr"`
				Name string `xml:"attr.name,attr"`
				Type string `xml:"attr.type,attr"`
			} `xml:"key"`
			Graph struct {
				EdgeDefault string `xml:"edgedefault,attr"`
				Nodes       []struct {
					ID   string        `xml:"id,attr"`
					Data []graphMLData `xml:"data"`
				} `xml:"node"`
				Edges []struct {
					Source string        `xml:"source,attr"`
					Target string        `xml:"target,attr"`
					Data   []graphMLData `xml:"data"`
				} `xml:"edge"`
				Data []graphMLData `xml:"data"`
			} `xml:"graph"`
		}
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatalf("GraphML does not parse: %v", err)
		}
		if doc.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" || doc.XMLName.Local != "graphml" {
			t.Fatalf("root %v", doc.XMLName)
		}
		keys := map[string]string{}
		for _, k := range doc.Keys {
			keys[k.ID] = k.For
			if k.Name == "" || k.Type == "" {
				t.Errorf("key %s lacks attr.name or attr.type", k.ID)
			}
		}
		if doc.Graph.EdgeDefault != "directed" {
			t.Errorf("edgedefault %q", doc.Graph.EdgeDefault)
		}
		checkData := func(what, want string, ds []graphMLData) map[string]string {
			m := map[string]string{}
			for _, d := range ds {
				if keys[d.Key] != want {
					t.Errorf("%s: data key %q is not a declared %s key", what, d.Key, want)
				}
				m[d.Key] = d.Value
			}
			return m
		}
		var ns []string
		var es []edgeKey
		for _, n := range doc.Graph.Nodes {
			ns = append(ns, n.ID)
			if checkData("node "+n.ID, "node", n.Data)["kind"] == "" {
				t.Errorf("node %s without kind", n.ID)
			}
		}
		for _, ed := range doc.Graph.Edges {
			d := checkData("edge", "edge", ed.Data)
			es = append(es, edgeKey{ed.Source, d["predicate"], ed.Target})
		}
		sameGraph("graphml", ns, es)
		if gd := checkData("graph", "graph", doc.Graph.Data); gd["truncated"] != "false" {
			t.Errorf("graph data %v, want truncated false", gd)
		}
	})

	t.Run("gexf", func(t *testing.T) {
		_, body := e.getGraph(export.GEXF, q)
		var doc struct {
			XMLName xml.Name
			Version string `xml:"version,attr"`
			Graph   struct {
				Attributes []struct {
					Class string `xml:"class,attr"`
					Attrs []struct {
						ID string `xml:"id,attr"`
					} `xml:"attribute"`
				} `xml:"attributes"`
				Nodes []struct {
					ID     string    `xml:"id,attr"`
					Label  string    `xml:"label,attr"`
					Values []attrVal `xml:"attvalues>attvalue"`
				} `xml:"nodes>node"`
				Edges []struct {
					ID     string    `xml:"id,attr"`
					Source string    `xml:"source,attr"`
					Target string    `xml:"target,attr"`
					Label  string    `xml:"label,attr"`
					Weight string    `xml:"weight,attr"`
					Values []attrVal `xml:"attvalues>attvalue"`
				} `xml:"edges>edge"`
			} `xml:"graph"`
		}
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatalf("GEXF does not parse: %v", err)
		}
		if doc.XMLName.Space != "http://www.gexf.net/1.2draft" || doc.XMLName.Local != "gexf" || doc.Version != "1.2" {
			t.Fatalf("root %v version %q", doc.XMLName, doc.Version)
		}
		attrs := map[string]map[string]bool{}
		for _, a := range doc.Graph.Attributes {
			attrs[a.Class] = map[string]bool{}
			for _, at := range a.Attrs {
				attrs[a.Class][at.ID] = true
			}
		}
		var ns []string
		var es []edgeKey
		for _, n := range doc.Graph.Nodes {
			ns = append(ns, n.ID)
			for _, v := range n.Values {
				if !attrs["node"][v.For] {
					t.Errorf("node %s: attvalue for undeclared %q", n.ID, v.For)
				}
			}
		}
		for _, ed := range doc.Graph.Edges {
			es = append(es, edgeKey{ed.Source, ed.Label, ed.Target})
			if ed.Weight == "" {
				t.Errorf("edge %s without weight", ed.ID)
			}
			for _, v := range ed.Values {
				if !attrs["edge"][v.For] {
					t.Errorf("edge %s: attvalue for undeclared %q", ed.ID, v.For)
				}
			}
		}
		sameGraph("gexf", ns, es)
	})

	t.Run("nquads", func(t *testing.T) {
		_, body := e.getGraph(export.NQuads, q)
		r := nquads.NewReader(strings.NewReader(string(body)), false)
		var ns []string
		var es []edgeKey
		seen := map[edgeKey]bool{}
		for {
			qd, err := r.ReadQuad()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("N-Quads do not read back: %v", err)
			}
			s, p := iriOf(t, qd.Subject), strings.TrimPrefix(iriOf(t, qd.Predicate), "pred:")
			switch {
			case strings.HasPrefix(s, "article:") || strings.HasPrefix(s, "pred:"):
				// The articles' kinds and dates, the types' scores.
			case p == schema.PredKind:
				ns = append(ns, s)
			case p == schema.PredName || p == schema.PredCountry:
			default:
				// Once per supporting article, each in its graph.
				if qd.Label == nil || !strings.HasPrefix(iriOf(t, qd.Label), "article:") {
					t.Errorf("edge quad %v without its article", qd)
				}
				k := edgeKey{s, p, iriOf(t, qd.Object)}
				if !seen[k] {
					seen[k] = true
					es = append(es, k)
				}
			}
		}
		sameGraph("nquads", ns, es)
	})
}

type graphMLData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type attrVal struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

// iriOf returns an N-Quads IRI without the export's base.
func iriOf(t *testing.T, v quad.Value) string {
	t.Helper()
	iri, ok := v.(quad.IRI)
	if !ok || !strings.HasPrefix(string(iri), export.DefaultBase) {
		t.Fatalf("%v is not an IRI under %s", v, export.DefaultBase)
	}
	return strings.TrimPrefix(string(iri), export.DefaultBase)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestGraphTruncated: at a small limit the cut is said in a header and in
// the body of every format.
func TestGraphTruncated(t *testing.T) {
	e := newAnalysisEnv(t)
	q := url.Values{"center": {anUSA}, "depth": {"2"}, "limit": {"3"}}
	for _, format := range export.Formats {
		resp, body := e.getGraph(format, q)
		if resp.Header.Get(httpapi.HeaderTruncated) != "true" || resp.Header.Get(httpapi.HeaderLimit) != "3" ||
			resp.Header.Get(httpapi.HeaderEdges) != "3" {
			t.Errorf("%s: headers truncated=%q limit=%q edges=%q", format, resp.Header.Get(httpapi.HeaderTruncated),
				resp.Header.Get(httpapi.HeaderLimit), resp.Header.Get(httpapi.HeaderEdges))
		}
		s := string(body)
		switch format {
		case export.JSON, export.Cytoscape, export.D3:
			var tr struct {
				Truncated bool   `json:"truncated"`
				Limit     int    `json:"limit"`
				Reason    string `json:"reason"`
			}
			mustDecode(t, body, &tr)
			if !tr.Truncated || tr.Limit != 3 || !strings.Contains(tr.Reason, "limit") {
				t.Errorf("%s: trailer %+v", format, tr)
			}
			if format == export.JSON {
				// Cut short or not, every edge joins two listed nodes.
				var g jsonGraph
				mustDecode(t, body, &g)
				nodes := map[string]bool{}
				for _, n := range g.Nodes {
					nodes[n.ID] = n.Name != "" && n.Kind != ""
				}
				for _, ed := range g.Edges {
					if !nodes[ed.Source] || !nodes[ed.Target] {
						t.Errorf("truncated graph: edge %s has an end that is no node (nodes %v)", ed.ID, nodes)
					}
				}
				if resp.Header.Get(httpapi.HeaderNodes) != itoa(len(g.Nodes)) {
					t.Errorf("%s header %q, %d nodes", httpapi.HeaderNodes, resp.Header.Get(httpapi.HeaderNodes), len(g.Nodes))
				}
			}
		case export.GraphML:
			if !strings.Contains(s, `<data key="truncated">true</data>`) || !strings.Contains(s, `<data key="limit">3</data>`) {
				t.Errorf("graphml without the truncation data: %s", s)
			}
		case export.GEXF:
			if !strings.Contains(s, "<!-- truncated: limit=3") {
				t.Errorf("gexf without the truncation comment: %s", s)
			}
		case export.NQuads:
			if !strings.Contains(s, "# truncated at 3") {
				t.Errorf("nquads without the truncation line: %s", s)
			}
		case export.JSONLD:
			if !strings.Contains(s, `{"@id":"urn:dipgraph:export","urn:dipgraph:pred:truncated":true,"urn:dipgraph:pred:limit":3,`) {
				t.Errorf("jsonld without the truncation node: %s", s)
			}
		default:
			t.Errorf("format %s not checked", format)
		}
	}
	// Large enough: not truncated.
	var g jsonGraph
	resp, body := e.getGraph(export.JSON, url.Values{"center": {anUSA}, "depth": {"1"}})
	mustDecode(t, body, &g)
	if g.Truncated || resp.Header.Get(httpapi.HeaderTruncated) != "false" {
		t.Errorf("depth 1 at the default limit is truncated")
	}
}

// TestGraphFilters: types, predicates and dates narrow the subgraph.
func TestGraphFilters(t *testing.T) {
	e := newAnalysisEnv(t)
	var g jsonGraph
	_, body := e.getGraph(export.JSON, url.Values{"center": {anUSA}, "types": {"Country"}})
	mustDecode(t, body, &g)
	for _, n := range g.Nodes {
		if !strings.HasPrefix(n.ID, "country:") {
			t.Errorf("types=Country kept %s", n.ID)
		}
	}
	_, body = e.getGraph(export.JSON, url.Values{"center": {anUSA}, "predicates": {"THREATEN, SANCTION"}})
	mustDecode(t, body, &g)
	if len(g.Edges) != 3 { // USA THREATEN CAN, THREATEN BRA, SANCTION MEX
		t.Errorf("predicates=THREATEN,SANCTION: %d edges, want 3: %+v", len(g.Edges), g.Edges)
	}
	_, body = e.getGraph(export.JSON, url.Values{"center": {anUSA}, "from": {"2025-04-01"}, "to": {"2025-04-30"}})
	mustDecode(t, body, &g)
	for _, ed := range g.Edges {
		if ed.Predicate == schema.Sanction || ed.Predicate == schema.Cooperate {
			t.Errorf("April only kept %s", ed.ID)
		}
	}
}

type pathsBody struct {
	From, To  string
	Max       int
	Limit     int
	Length    int
	Truncated bool
	Paths     []struct {
		Nodes []string `json:"nodes"`
		Hops  []struct {
			From, To, Predicate, Direction string
			Forward                        bool
			Support                        int
			Evidence                       []schema.Evidence
		} `json:"hops"`
	}
}

// TestPaths: who connects Sheinbaum to the U.S. Army? Trump, in two hops,
// each with its evidence; the concept both mention joins nobody. From the
// concept itself, two ways back to Trump, walking edges backwards.
func TestPaths(t *testing.T) {
	e := newAnalysisEnv(t)
	checkHops := func(p pathsBody) {
		t.Helper()
		for _, path := range p.Paths {
			for i, h := range path.Hops {
				if h.From != path.Nodes[i] || h.To != path.Nodes[i+1] || h.Predicate == "" || h.Support < 1 || len(h.Evidence) == 0 {
					t.Errorf("hop %+v", h)
				}
				if want := map[bool]string{true: "forward", false: "backward"}[h.Forward]; h.Direction != want {
					t.Errorf("hop %s→%s: direction %q, forward %v", h.From, h.To, h.Direction, h.Forward)
				}
				if !strings.Contains(h.Evidence[0].Sentence, h.Predicate) {
					t.Errorf("hop %s %s %s: evidence %q", h.From, h.Predicate, h.To, h.Evidence[0].Sentence)
				}
			}
			for _, n := range path.Nodes[1 : len(path.Nodes)-1] {
				if strings.HasPrefix(n, schema.PrefixConcept) {
					t.Errorf("path %v passes through the concept %s", path.Nodes, n)
				}
			}
		}
	}
	var p pathsBody
	e.getOK("/v1/paths?from="+anSheinbaum+"&to="+anArmy, &p)
	if p.Length != 2 || len(p.Paths) != 1 || p.Truncated || p.Max != graph.DefaultPathHops ||
		strings.Join(p.Paths[0].Nodes, " ") != strings.Join([]string{anSheinbaum, anTrump, anArmy}, " ") {
		t.Fatalf("paths: %+v", p)
	}
	checkHops(p)

	e.getOK("/v1/paths?from="+anTroops+"&to="+anTrump, &p)
	if p.Length != 2 || len(p.Paths) != 2 {
		t.Fatalf("from the concept: %+v", p)
	}
	checkHops(p)
	for _, path := range p.Paths {
		if path.Hops[0].Forward {
			t.Errorf("from troops the first hop is walked backwards: %+v", path.Hops)
		}
	}

	// The limit cuts the list, and says so.
	e.getOK("/v1/paths?from="+anTroops+"&to="+anTrump+"&limit=1", &p)
	if len(p.Paths) != 1 || !p.Truncated {
		t.Errorf("limit=1: %d paths, truncated %v", len(p.Paths), p.Truncated)
	}
	// Four hops needed, three allowed: none, and no error.
	e.getOK("/v1/paths?from="+anFuente+"&to="+anArmy+"&max=3", &p)
	if len(p.Paths) != 0 || p.Length != -1 {
		t.Errorf("max=3: %+v", p)
	}
	e.getOK("/v1/paths?from="+anFuente+"&to="+anArmy+"&max=6", &p)
	if p.Length != 4 || len(p.Paths) != 1 ||
		strings.Join(p.Paths[0].Nodes, " ") != strings.Join([]string{anFuente, anHegseth, anMEX, anTrump, anArmy}, " ") {
		t.Errorf("max=6: %+v", p)
	}
}

type dyadBody struct {
	A, B     string
	Interval string
	Formula  string
	Buckets  []struct {
		Key      string
		Events   int
		Tension  float64
		Evidence []graph.DyadEvent
	}
	Totals  graph.DyadStats
	Tension []graph.TripleInfo
}

// TestDyad: how are Mexico and the United States getting along? Tension
// below zero in the cooperative months, above in the conflictual ones.
func TestDyad(t *testing.T) {
	e := newAnalysisEnv(t)
	var d dyadBody
	e.getOK("/v1/dyads/MEX/country:USA", &d)
	if d.A != anMEX || d.B != anUSA || d.Interval != graph.IntervalMonth || d.Formula != graph.TensionFormula {
		t.Fatalf("dyad header: %+v", d)
	}
	want := []struct {
		key     string
		events  int
		tension float64
	}{{"2025-01", 2, -6}, {"2025-02", 2, -3.75}, {"2025-03", 2, 4.75}, {"2025-04", 2, 2.5}}
	if len(d.Buckets) != len(want) {
		t.Fatalf("%d buckets, want %d: %+v", len(d.Buckets), len(want), d.Buckets)
	}
	for i, w := range want {
		b := d.Buckets[i]
		if b.Key != w.key || b.Events != w.events || b.Tension != w.tension || len(b.Evidence) != w.events {
			t.Errorf("bucket %s: %d events, T = %v; want %s: %d, %v", b.Key, b.Events, b.Tension, w.key, w.events, w.tension)
		}
	}
	if d.Buckets[0].Tension >= 0 || d.Buckets[1].Tension >= 0 || d.Buckets[2].Tension <= 0 || d.Buckets[3].Tension <= 0 {
		t.Errorf("tension does not follow the events: %+v", d.Buckets)
	}
	if d.Totals.Events != 8 || len(d.Tension) != 1 {
		t.Errorf("totals %+v, %d tension statements", d.Totals, len(d.Tension))
	}

	// Weeks, and a date range: only March.
	e.getOK("/v1/dyads/usa/mex?interval=week&from=2025-03-01&to=2025-03-31", &d)
	if len(d.Buckets) != 1 || d.Buckets[0].Key != "2025-W10" || d.Totals.Events != 2 || d.Totals.Tension <= 0 {
		t.Errorf("March by week: %+v", d.Buckets)
	}
}

// TestDyadsPagination walks the ranking of the United States' counterparts
// page by page through next_cursor and Link, for both orders.
func TestDyadsPagination(t *testing.T) {
	e := newAnalysisEnv(t)
	type dyadList struct {
		Items      []graph.DyadSummary `json:"items"`
		NextCursor string              `json:"next_cursor"`
	}
	for _, sortBy := range []string{"events", "tension"} {
		var all dyadList
		e.getOK("/v1/dyads?country=USA&sort="+sortBy, &all)
		if len(all.Items) != 4 || all.NextCursor != "" {
			t.Fatalf("sort=%s: %+v", sortBy, all)
		}
		if sortBy == "events" && (all.Items[0].Country != anMEX || all.Items[0].Events != 8) {
			t.Errorf("sort=events: first %+v", all.Items[0])
		}
		for i := 1; i < len(all.Items); i++ {
			x, y := all.Items[i-1], all.Items[i]
			if sortBy == "tension" && x.Tension < y.Tension || sortBy == "events" && x.Events < y.Events {
				t.Errorf("sort=%s: %+v before %+v", sortBy, x, y)
			}
		}
		var paged []graph.DyadSummary
		next := "/v1/dyads?country=country:USA&limit=1&sort=" + sortBy
		for pages := 0; next != ""; pages++ {
			if pages > len(all.Items) {
				t.Fatalf("sort=%s: more pages than items", sortBy)
			}
			var l dyadList
			resp := e.getOK(next, &l)
			if len(l.Items) != 1 {
				t.Fatalf("page %d: %d items", pages, len(l.Items))
			}
			paged = append(paged, l.Items...)
			link := resp.Header.Get("Link")
			if l.NextCursor == "" {
				if link != "" {
					t.Errorf("last page has Link %q", link)
				}
				break
			}
			m := linkNext.FindStringSubmatch(link)
			if m == nil {
				t.Fatalf("page with next_cursor has Link %q", link)
			}
			u, err := url.Parse(m[1])
			if err != nil || u.Query().Get("cursor") != l.NextCursor {
				t.Fatalf("Link %q does not carry next_cursor %q", link, l.NextCursor)
			}
			next = m[1]
		}
		if len(paged) != len(all.Items) {
			t.Fatalf("sort=%s: %d items paged, %d in one page", sortBy, len(paged), len(all.Items))
		}
		for i := range paged {
			if paged[i].Country != all.Items[i].Country {
				t.Errorf("sort=%s: item %d is %s paged, %s whole", sortBy, i, paged[i].Country, all.Items[i].Country)
			}
		}
	}
	// A cursor of one order is refused by the other.
	var l dyadList
	e.getOK("/v1/dyads?country=USA&limit=1&sort=events", &l)
	resp, body := e.get("/v1/dyads?country=USA&sort=tension&cursor=" + l.NextCursor)
	wantProblem(t, resp, body, http.StatusBadRequest)
}

// TestExportEndpoint streams the whole graph as GraphML and as N-Quads.
func TestExportEndpoint(t *testing.T) {
	e := newAnalysisEnv(t)
	resp, body := e.get("/v1/export?format=graphml")
	wantStatus(t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "application/graphml+xml" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="dipgraph.graphml"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	var doc struct {
		Graph struct {
			Nodes []struct {
				ID string `xml:"id,attr"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("GraphML does not parse: %v", err)
	}
	var tr tripleList
	e.getOK("/v1/triples?limit=1000", &tr)
	if len(doc.Graph.Nodes) != len(anCast) || len(doc.Graph.Edges) != len(tr.Items) {
		t.Errorf("%d nodes, %d edges; want %d and %d", len(doc.Graph.Nodes), len(doc.Graph.Edges), len(anCast), len(tr.Items))
	}

	resp, body = e.get("/v1/export?format=NQuads")
	wantStatus(t, resp, body, http.StatusOK)
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="dipgraph.nq"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	qs, err := quad.ReadAll(nquads.NewReader(strings.NewReader(string(body)), false))
	if err != nil || len(qs) == 0 {
		t.Fatalf("N-Quads: %d quads, %v", len(qs), err)
	}

	// Default format: json.
	resp, body = e.get("/v1/export")
	wantStatus(t, resp, body, http.StatusOK)
	var g jsonGraph
	mustDecode(t, body, &g)
	if len(g.Nodes) != len(anCast) || g.Truncated {
		t.Errorf("json export: %d nodes, truncated %v", len(g.Nodes), g.Truncated)
	}
}

// TestAnalysisProblems: malformed parameters are 400, unknown entities 404.
func TestAnalysisProblems(t *testing.T) {
	e := newAnalysisEnv(t)
	for _, c := range []struct {
		path   string
		status int
		detail string
	}{
		{"/v1/graph", 400, "center is missing"},
		{"/v1/graph?center=nobody", 400, "malformed"},
		{"/v1/graph?center=" + anMEX + "&depth=4", 400, "depth=4 is out of range"},
		{"/v1/graph?center=" + anMEX + "&depth=0", 400, "out of range"},
		{"/v1/graph?center=" + anMEX + "&depth=x", 400, "not an integer"},
		{"/v1/graph?center=" + anMEX + "&limit=10001", 400, "out of range"},
		{"/v1/graph?center=" + anMEX + "&format=svg", 400, "not an export format"},
		{"/v1/graph?center=" + anMEX + "&types=Country,Event", 400, "not an entity type"},
		{"/v1/graph?center=" + anMEX + "&predicates=bad%20one", 400, "not a valid predicate"},
		{"/v1/graph?center=" + anMEX + "&from=2025-05-01&to=2025-04-01", 400, "after"},
		{"/v1/graph?center=" + anMEX + "&from=May", 400, "not a valid date"},
		{"/v1/graph?center=person:nobody", 404, "person:nobody not found"},
		{"/v1/graph?center=" + anMEX + "&via_concepts=yes", 400, "not a boolean"},
		{"/v1/paths?from=" + anMEX + "&to=" + anUSA + "&via_concepts=2", 400, "not a boolean"},
		{"/v1/paths?to=" + anMEX, 400, "from is missing"},
		{"/v1/paths?from=" + anMEX, 400, "to is missing"},
		{"/v1/paths?from=" + anMEX + "&to=" + anUSA + "&max=7", 400, "max=7 is out of range"},
		{"/v1/paths?from=" + anMEX + "&to=" + anUSA + "&limit=101", 400, "out of range"},
		{"/v1/paths?from=" + anMEX + "&to=person:nobody", 404, "person:nobody not found"},
		{"/v1/paths?from=org:nothing&to=" + anMEX, 404, "org:nothing not found"},
		{"/v1/dyads/MEX/MEX", 400, "two different countries"},
		{"/v1/dyads/MEX/country:mex", 400, "two different countries"},
		{"/v1/dyads/MEX/Mexico", 400, "not a country"},
		{"/v1/dyads/person:claudia-sheinbaum/USA", 400, "not a country"},
		{"/v1/dyads/MEX/USA?interval=year", 400, "not day, week or month"},
		{"/v1/dyads/MEX/USA?from=2025-13-01", 400, "not a valid date"},
		{"/v1/dyads/MEX/ZZZ", 404, "country:ZZZ not found"},
		{"/v1/dyads", 400, "country is missing"},
		{"/v1/dyads?country=Mexico", 400, "not a country"},
		{"/v1/dyads?country=MEX&sort=name", 400, "not events or tension"},
		{"/v1/dyads?country=MEX&limit=0", 400, "out of range"},
		{"/v1/dyads?country=MEX&cursor=%21%21", 400, "cursor"},
		{"/v1/dyads?country=ZZZ", 404, "country:ZZZ not found"},
		{"/v1/export?format=pdf", 400, "not an export format"},
	} {
		resp, body := e.get(c.path)
		p := wantProblem(t, resp, body, c.status)
		if !strings.Contains(p.Detail, c.detail) {
			t.Errorf("%s: detail %q, want it to say %q", c.path, p.Detail, c.detail)
		}
	}
}

// TestAnalysisReadsNeedKeyWhenProtected: the analysis routes are reads.
func TestAnalysisReadsNeedKeyWhenProtected(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) { c.ProtectReads = true })
	e.key = ""
	for _, p := range []string{"/v1/graph?center=" + anMEX, "/v1/paths?from=" + anMEX + "&to=" + anUSA,
		"/v1/dyads?country=MEX", "/v1/dyads/MEX/USA", "/v1/export"} {
		resp, body := e.get(p)
		wantProblem(t, resp, body, http.StatusUnauthorized)
	}
}

// TestViaConcepts: a concept is a leaf of neighbourhoods and paths; with
// via_concepts=true the walk goes on through it. Sheinbaum rejected the
// troops the Army deploys: a second way from her to the Army, and an edge
// of the Army's two-hop neighbourhood reached only through the troops.
func TestViaConcepts(t *testing.T) {
	e := newAnalysisEnv(t)
	var p pathsBody
	e.getOK("/v1/paths?from="+anSheinbaum+"&to="+anArmy, &p)
	if len(p.Paths) != 1 {
		t.Fatalf("default: %d paths, want 1 (not through %s)", len(p.Paths), anTroops)
	}
	e.getOK("/v1/paths?from="+anSheinbaum+"&to="+anArmy+"&via_concepts=true", &p)
	through := false
	for _, path := range p.Paths {
		through = through || strings.Join(path.Nodes, " ") == strings.Join([]string{anSheinbaum, anTroops, anArmy}, " ")
	}
	if p.Length != 2 || len(p.Paths) != 2 || !through {
		t.Fatalf("via_concepts: %+v", p)
	}

	rejected := func(g jsonGraph) bool {
		for _, ed := range g.Edges {
			if ed.Source == anSheinbaum && ed.Target == anTroops {
				return true
			}
		}
		return false
	}
	var g jsonGraph
	e.getOK("/v1/graph?center="+anArmy+"&depth=2", &g)
	if rejected(g) {
		t.Errorf("default neighbourhood walks through %s: %+v", anTroops, g.Edges)
	}
	g = jsonGraph{}
	e.getOK("/v1/graph?center="+anArmy+"&depth=2&via_concepts=true", &g)
	if !rejected(g) {
		t.Errorf("via_concepts neighbourhood misses %s rejected %s: %+v", anSheinbaum, anTroops, g.Edges)
	}
}
