package graph

import (
	"errors"
	"reflect"
	"sort"
	"testing"

	"github.com/dipgraph/dipgraph/graph/storetest"
	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/schema"
)

func nodeIDs(g *Subgraph) []string {
	out := make([]string, len(g.Nodes))
	for i, n := range g.Nodes {
		out[i] = n.ID
	}
	sort.Strings(out)
	return out
}

func edgeIDs(es []export.Edge) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = export.EdgeID(e.Source, e.Predicate, e.Target)
	}
	sort.Strings(out)
	return out
}

func edgeByID(t *testing.T, g *Subgraph, s, p, o string) export.Edge {
	t.Helper()
	for _, e := range g.Edges {
		if e.Source == s && e.Predicate == p && e.Target == o {
			return e
		}
	}
	t.Fatalf("no edge %s %s %s in %v", s, p, o, edgeIDs(g.Edges))
	return export.Edge{}
}

func TestSubgraphDepth1(t *testing.T) {
	s := relationsStore(t)
	// On bolt the analyses read the kv indexes directly, not through the
	// fallback (which SQL backends take).
	v, done, err := s.view()
	if err != nil {
		t.Fatal(err)
	}
	usesIndexes := v.kv != nil
	done()
	if !usesIndexes && storetest.Backend() == "bolt" {
		t.Fatal("the store's subject–predicate and object–predicate–subject indexes were not found")
	}
	g, err := s.Subgraph(bg, SubgraphOptions{Center: idSheinbaum})
	if err != nil {
		t.Fatal(err)
	}
	if g.Nodes[0].ID != idSheinbaum || g.Truncated || g.Depth != 1 || g.Limit != DefaultSubgraphLimit {
		t.Fatalf("subgraph head: center %s truncated %v depth %d limit %d", g.Nodes[0].ID, g.Truncated, g.Depth, g.Limit)
	}
	if got, want := nodeIDs(g), []string{idTroops, idMEX, idSheinbaum, idTrump}; !reflect.DeepEqual(got, want) {
		t.Fatalf("nodes = %v, want %v", got, want)
	}
	want := []string{
		export.EdgeID(idSheinbaum, schema.Accuse, idTrump),
		export.EdgeID(idSheinbaum, schema.Consult, idTrump),
		export.EdgeID(idSheinbaum, schema.PredLeads, idMEX),
		export.EdgeID(idSheinbaum, "rejected", idTroops),
		export.EdgeID(idTrump, schema.Support, idSheinbaum),
	}
	sort.Strings(want)
	if got := edgeIDs(g.Edges); !reflect.DeepEqual(got, want) {
		t.Fatalf("edges = %v\nwant %v", got, want)
	}
	// The best supported edge comes first.
	rej := g.Edges[0]
	if rej.Predicate != "rejected" || rej.Weight != 2 || rej.First != "2025-02-14" || rej.Last != "2025-05-02" || rej.Score != nil {
		t.Fatalf("rejected edge = %+v", rej)
	}
	con := edgeByID(t, g, idSheinbaum, schema.Consult, idTrump)
	if con.Weight != 1 || con.First != "2025-01-10" || con.Last != "2025-01-10" || con.Score == nil || *con.Score != 2.5 {
		t.Fatalf("CONSULT edge = %+v", con)
	}
	if e := edgeByID(t, g, idSheinbaum, schema.PredLeads, idMEX); e.Score != nil {
		t.Fatalf("leads has a score: %+v", e)
	}
	for _, n := range g.Nodes {
		switch n.ID {
		case idSheinbaum:
			if n.Name != "Claudia Sheinbaum" || n.Kind != "Person" || n.Country != "MEX" {
				t.Fatalf("center node = %+v", n)
			}
		case idMEX:
			if n.Name != "Mexico" || n.Kind != "Country" || n.Country != "MEX" {
				t.Fatalf("MEX node = %+v", n)
			}
		case idTroops:
			if n.Name != "troops" || n.Kind != "Concept" || n.Country != "" {
				t.Fatalf("troops node = %+v", n)
			}
		}
	}
}

func TestSubgraphDepth2(t *testing.T) {
	s := relationsStore(t)
	g, err := s.Subgraph(bg, SubgraphOptions{Center: idSheinbaum, Depth: 2})
	if err != nil {
		t.Fatal(err)
	}
	// John Doe's event was never restated as a triple: he has no edge.
	wantNodes := []string{idTroops, idCAN, idMEX, idUSA, idSedena, idSheinbaum, idTrump, idCarney}
	sort.Strings(wantNodes)
	if got := nodeIDs(g); !reflect.DeepEqual(got, wantNodes) {
		t.Fatalf("nodes = %v\nwant %v", got, wantNodes)
	}
	// Rubio is three hops away (through Carney), de la Fuente four.
	for _, e := range g.Edges {
		if e.Source == idRubio || e.Target == idRubio {
			t.Fatalf("edge beyond depth 2: %+v", e)
		}
	}
	if e := edgeByID(t, g, idTrump, schema.PredLeads, idUSA); e.Weight != 2 || e.First != "2025-01-10" || e.Last != "2025-03-05" {
		t.Fatalf("Trump leads USA = %+v", e)
	}
	if e := edgeByID(t, g, idSedena, schema.Reject, idTrump); e.Weight != 1 || e.Score == nil || *e.Score != -2 {
		t.Fatalf("Sedena REJECT Trump = %+v", e)
	}
	// Tension, stated both ways, is one symmetric edge.
	if e := edgeByID(t, g, idMEX, schema.PredTension, idUSA); !e.Symmetric {
		t.Fatalf("MEX tension USA = %+v, not symmetric", e)
	}
	edgeByID(t, g, idUSA, schema.Cooperate, idMEX)
	// Every edge's ends are nodes, and no edge is listed twice.
	nodes := map[string]bool{}
	for _, n := range g.Nodes {
		nodes[n.ID] = true
	}
	seen := map[string]bool{}
	for _, e := range g.Edges {
		id := export.EdgeID(e.Source, e.Predicate, e.Target)
		if !nodes[e.Source] || !nodes[e.Target] || seen[id] {
			t.Fatalf("edge %s: dangling or repeated", id)
		}
		seen[id] = true
	}
	// Sheinbaum's 5 edges, Trump's 9 (3 shared), MEX's 5 (its tension
	// with the USA, stated both ways, is one edge; 2 shared with them),
	// troops' 2 (both shared): 14.
	if len(g.Edges) != 14 {
		t.Fatalf("%d edges: %v", len(g.Edges), edgeIDs(g.Edges))
	}
}

func TestSubgraphFilters(t *testing.T) {
	s := relationsStore(t)

	people, err := s.Subgraph(bg, SubgraphOptions{Center: idSheinbaum, Depth: 2, Kinds: []schema.Kind{"person"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := nodeIDs(people), []string{idSheinbaum, idTrump, idCarney}; !reflect.DeepEqual(got, want) {
		t.Fatalf("person nodes = %v, want %v", got, want)
	}
	for _, e := range people.Edges {
		for _, id := range []string{e.Source, e.Target} {
			if k, _ := schema.KindOf(id); k != schema.KindPerson {
				t.Fatalf("edge to a %s: %+v", k, e)
			}
		}
	}

	ties, err := s.Subgraph(bg, SubgraphOptions{Center: idSheinbaum, Depth: 2, Predicates: []string{schema.PredLeads, schema.PredTension}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		export.EdgeID(idMEX, schema.PredTension, idUSA),
		export.EdgeID(idSheinbaum, schema.PredLeads, idMEX),
	}
	sort.Strings(want)
	if got := edgeIDs(ties.Edges); !reflect.DeepEqual(got, want) {
		t.Fatalf("leads/tension edges = %v, want %v", got, want)
	}
	if got := nodeIDs(ties); !reflect.DeepEqual(got, []string{idMEX, idUSA, idSheinbaum}) {
		t.Fatalf("leads/tension nodes = %v", got)
	}

	// Dates bound the statements: only March onwards.
	late, err := s.Subgraph(bg, SubgraphOptions{Center: idSheinbaum, From: "2025-03-01"})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{export.EdgeID(idSheinbaum, schema.Accuse, idTrump), export.EdgeID(idSheinbaum, "rejected", idTroops)}
	if got := edgeIDs(late.Edges); !reflect.DeepEqual(got, want) {
		t.Fatalf("edges from March = %v, want %v", got, want)
	}
	if e := edgeByID(t, late, idSheinbaum, "rejected", idTroops); e.Weight != 1 || e.First != "2025-05-02" || e.Last != "2025-05-02" {
		t.Fatalf("rejected from March = %+v", e)
	}
	early, err := s.Subgraph(bg, SubgraphOptions{Center: idSheinbaum, To: "2025-01-31"})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(early.Edges); got != 3 {
		t.Fatalf("January edges = %v", edgeIDs(early.Edges))
	}
}

func TestSubgraphTruncated(t *testing.T) {
	s := relationsStore(t)
	g, err := s.Subgraph(bg, SubgraphOptions{Center: idSheinbaum, Depth: 2, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !g.Truncated || len(g.Edges) != 2 || g.Limit != 2 || len(g.Nodes) > 3 {
		t.Fatalf("limit 2: truncated %v, %d edges, %d nodes", g.Truncated, len(g.Edges), len(g.Nodes))
	}
	if g.Edges[0].Predicate != "rejected" || g.Edges[0].Weight != 2 {
		t.Fatalf("the strongest edge is not first: %+v", g.Edges[0])
	}
	// Cut short or not, every edge's ends are among the nodes.
	for _, limit := range []int{1, 2, 3, 4} {
		g, err := s.Subgraph(bg, SubgraphOptions{Center: idSheinbaum, Depth: 2, Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		listed := map[string]bool{}
		for _, n := range g.Nodes {
			listed[n.ID] = true
		}
		for _, e := range g.Edges {
			if !listed[e.Source] || !listed[e.Target] {
				t.Errorf("limit %d: edge %s→%s has an end missing from the nodes", limit, e.Source, e.Target)
			}
		}
	}
	// A limit the graph fits in is not truncated.
	g, err = s.Subgraph(bg, SubgraphOptions{Center: idSheinbaum, Limit: 5})
	if err != nil || g.Truncated || len(g.Edges) != 5 {
		t.Fatalf("limit 5: %v truncated %v edges %d", err, g.Truncated, len(g.Edges))
	}
}

func TestSubgraphErrors(t *testing.T) {
	s := relationsStore(t)
	for _, c := range []struct {
		opts SubgraphOptions
		want error
	}{
		{SubgraphOptions{Center: "person:nobody"}, ErrNotFound},
		{SubgraphOptions{Center: "article:0123456789abcdef"}, ErrNotFound},
		{SubgraphOptions{Center: idMEX, Depth: 4}, ErrInvalid},
		{SubgraphOptions{Center: idMEX, Depth: -1}, ErrInvalid},
		{SubgraphOptions{Center: idMEX, Kinds: []schema.Kind{schema.KindEvent}}, ErrInvalid},
		{SubgraphOptions{Center: idMEX, From: "May 2025"}, ErrInvalid},
		{SubgraphOptions{Center: idMEX, From: "2025-05-01", To: "2025-04-01"}, ErrInvalid},
	} {
		if _, err := s.Subgraph(bg, c.opts); !errors.Is(err, c.want) {
			t.Errorf("Subgraph(%+v) = %v, want %v", c.opts, err, c.want)
		}
	}
	// An entity with no edges is a graph of one node.
	d := newDoc("lonely", "Lonely", "2025-01-01", "Canada exists.")
	d.entity("country:ISL", "Iceland", "ISL", "")
	d.ingest(t, s)
	g, err := s.Subgraph(bg, SubgraphOptions{Center: "country:ISL", Depth: 3})
	if err != nil || len(g.Nodes) != 1 || len(g.Edges) != 0 || g.Nodes[0].Name != "Iceland" {
		t.Fatalf("lonely subgraph = %+v, %v", g, err)
	}
}

// A name read once is not kept past a write that changes it.
func TestSubgraphSeesWrites(t *testing.T) {
	s, _ := openTest(t)
	named := func(src, name string) *doc {
		d := newDoc(src, src, "2025-06-01", "The agency "+name+" spoke in "+src+".")
		d.r.Entities = append(d.r.Entities, schema.Entity{ID: "org:agency", Type: schema.KindOrganization, Name: name, Country: "MEX"})
		d.entity(idMEX, "Mexico", "MEX", "").triple(0, "org:agency", "spoke_in", idMEX, "")
		return d
	}
	check := func(name string, weight int) {
		t.Helper()
		g, err := s.Subgraph(bg, SubgraphOptions{Center: "org:agency"})
		if err != nil {
			t.Fatal(err)
		}
		if g.Nodes[0].Name != name || len(g.Edges) != 1 || g.Edges[0].Weight != weight {
			t.Fatalf("agency = %+v, edges %+v; want name %q weight %d", g.Nodes[0], g.Edges, name, weight)
		}
	}
	named("a", "Old Name").ingest(t, s)
	check("Old Name", 1)
	b, c := named("b", "New Name"), named("c", "New Name")
	b.ingest(t, s)
	c.ingest(t, s)
	check("New Name", 3)
	for _, d := range []*doc{b, c} {
		if err := s.DeleteArticle(bg, d.id()); err != nil {
			t.Fatal(err)
		}
	}
	check("Old Name", 1)
}

// Analyses run while articles come and go.
func TestAnalysesConcurrentWithWrites(t *testing.T) {
	s := relationsStore(t)
	extra := relationsFixture()
	for i := range extra {
		// Same cast, other texts: new articles.
		extra[i] = newRelDoc("again-"+extra[i].a.ID, extra[i].a.Date, extra[i].a.Text+" Again.")
		extra[i].ev(0, schema.Threaten, "", idTrump, idMEX, true)
	}
	done := make(chan struct{})
	errs := make(chan error, 4)
	for w := 0; w < 3; w++ {
		go func(w int) {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				var err error
				switch w {
				case 0:
					_, err = s.Subgraph(bg, SubgraphOptions{Center: idTrump, Depth: 2})
				case 1:
					_, err = s.Paths(bg, idFuente, idUSA, 6, 10)
				case 2:
					_, err = s.Dyad(bg, idMEX, idUSA, DyadOptions{})
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	for round := 0; round < 2; round++ {
		for _, d := range extra {
			d.ingest(t, s)
		}
		for _, d := range extra {
			if err := s.DeleteArticle(bg, d.id()); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(done)
	for w := 0; w < 3; w++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	// Back to the fixture alone.
	rep, err := s.Dyad(bg, idMEX, idUSA, DyadOptions{})
	if err != nil || rep.Totals.Events != 13 {
		t.Fatalf("after the writes: %v events, %v", rep.Totals.Events, err)
	}
}

// The generic path (QuadIterator and a predicate filter, for backends
// without the kv indexes) gives the same answers.
func TestAnalysesWithoutIndexes(t *testing.T) {
	s := relationsStore(t)
	run := func() (g *Subgraph, ps []Path, rep *DyadReport, ds []DyadSummary) {
		t.Helper()
		var err error
		if g, err = s.Subgraph(bg, SubgraphOptions{Center: idSheinbaum, Depth: 2}); err != nil {
			t.Fatal(err)
		}
		if ps, err = s.Paths(bg, idFuente, idTrump, 6, 10); err != nil {
			t.Fatal(err)
		}
		if rep, err = s.Dyad(bg, idMEX, idUSA, DyadOptions{}); err != nil {
			t.Fatal(err)
		}
		if ds, err = s.Dyads(bg, idUSA, "", 0); err != nil {
			t.Fatal(err)
		}
		return
	}
	g1, p1, r1, d1 := run()
	directIndexes = false
	defer func() { directIndexes = true }()
	s.cache = readCache{}
	g2, p2, r2, d2 := run()
	if !reflect.DeepEqual(g1, g2) || !reflect.DeepEqual(p1, p2) || !reflect.DeepEqual(r1, r2) || !reflect.DeepEqual(d1, d2) {
		t.Fatalf("with and without the indexes:\n%+v\n%+v", g1, g2)
	}
}
