package export

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// Decoders for every format, reading documents back with real parsers
// (encoding/json, encoding/xml, the quad library's N-Quads reader) and
// checking each format's structure on the way.

// --- JSON formats -------------------------------------------------------

type jsonTrailer struct {
	Truncated *bool  `json:"truncated"`
	Limit     *int   `json:"limit"`
	Reason    string `json:"reason"`
	Next      string `json:"next_cursor"`
}

func (j jsonTrailer) trailer(t *testing.T) Trailer {
	t.Helper()
	if j.Truncated == nil || j.Limit == nil {
		t.Fatalf("truncated or limit missing: %+v", j)
	}
	return Trailer{Truncated: *j.Truncated, Limit: *j.Limit, Reason: j.Reason, Next: j.Next}
}

// checkClass checks an edge's class is its predicate's.
func checkClass(t *testing.T, predicate, class string) {
	t.Helper()
	if want := EdgeClass(predicate); class != want {
		t.Errorf("edge %s: class %q, want %q", predicate, class, want)
	}
}

func strictUnmarshal(t *testing.T, doc []byte, v any) {
	t.Helper()
	if !json.Valid(doc) {
		t.Fatalf("invalid JSON:\n%s", doc)
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if dec.More() {
		t.Fatal("data after the JSON document")
	}
}

func decodeJSON(t *testing.T, doc []byte) graph {
	var v struct {
		Nodes []struct {
			ID      string `json:"id"`
			Kind    string `json:"kind"`
			Name    string `json:"name"`
			Country string `json:"country"`
		} `json:"nodes"`
		Edges []struct {
			ID        string   `json:"id"`
			Source    string   `json:"source"`
			Target    string   `json:"target"`
			Predicate string   `json:"predicate"`
			Class     string   `json:"class"`
			Weight    int      `json:"weight"`
			First     string   `json:"first"`
			Last      string   `json:"last"`
			Score     *float64 `json:"score"`
			Symmetric bool     `json:"symmetric"`
		} `json:"edges"`
		jsonTrailer
	}
	strictUnmarshal(t, doc, &v)
	var g graph
	for _, n := range v.Nodes {
		g.nodes = append(g.nodes, Node{ID: n.ID, Kind: n.Kind, Name: n.Name, Country: n.Country})
	}
	for _, e := range v.Edges {
		checkClass(t, e.Predicate, e.Class)
		g.edges = append(g.edges, Edge{Source: e.Source, Target: e.Target, Predicate: e.Predicate, Weight: e.Weight, First: e.First, Last: e.Last, Score: e.Score, Symmetric: e.Symmetric})
		g.edgeIDs = append(g.edgeIDs, e.ID)
	}
	g.trailer = v.trailer(t)
	return g
}

func decodeCytoscape(t *testing.T, doc []byte) graph {
	var v struct {
		Elements struct {
			Nodes []struct {
				Data struct {
					ID      string `json:"id"`
					Label   string `json:"label"`
					Kind    string `json:"kind"`
					Country string `json:"country"`
				} `json:"data"`
			} `json:"nodes"`
			Edges []struct {
				Data struct {
					ID        string   `json:"id"`
					Source    string   `json:"source"`
					Target    string   `json:"target"`
					Label     string   `json:"label"`
					Predicate string   `json:"predicate"`
					Class     string   `json:"class"`
					Weight    int      `json:"weight"`
					First     string   `json:"first"`
					Last      string   `json:"last"`
					Score     *float64 `json:"score"`
					Symmetric bool     `json:"symmetric"`
				} `json:"data"`
			} `json:"edges"`
		} `json:"elements"`
		jsonTrailer
	}
	strictUnmarshal(t, doc, &v)
	var g graph
	for _, n := range v.Elements.Nodes {
		d := n.Data
		g.nodes = append(g.nodes, Node{ID: d.ID, Kind: d.Kind, Name: d.Label, Country: d.Country})
	}
	for _, e := range v.Elements.Edges {
		d := e.Data
		if d.Label != d.Predicate {
			t.Errorf("edge %s: label %q != predicate %q", d.ID, d.Label, d.Predicate)
		}
		checkClass(t, d.Predicate, d.Class)
		g.edges = append(g.edges, Edge{Source: d.Source, Target: d.Target, Predicate: d.Predicate, Weight: d.Weight, First: d.First, Last: d.Last, Score: d.Score, Symmetric: d.Symmetric})
		g.edgeIDs = append(g.edgeIDs, d.ID)
	}
	if len(g.edges) > 0 && len(g.edgeIDs) != len(g.edges) {
		t.Error("edge without id")
	}
	g.trailer = v.trailer(t)
	return g
}

func decodeD3(t *testing.T, doc []byte) graph {
	var v struct {
		Nodes []struct {
			ID      string `json:"id"`
			Name    string `json:"name"`
			Kind    string `json:"kind"`
			Country string `json:"country"`
		} `json:"nodes"`
		Links []struct {
			Source    string   `json:"source"`
			Target    string   `json:"target"`
			Predicate string   `json:"predicate"`
			Class     string   `json:"class"`
			Value     int      `json:"value"`
			First     string   `json:"first"`
			Last      string   `json:"last"`
			Score     *float64 `json:"score"`
			Symmetric bool     `json:"symmetric"`
		} `json:"links"`
		jsonTrailer
	}
	strictUnmarshal(t, doc, &v)
	var g graph
	for _, n := range v.Nodes {
		g.nodes = append(g.nodes, Node{ID: n.ID, Kind: n.Kind, Name: n.Name, Country: n.Country})
	}
	for _, l := range v.Links {
		checkClass(t, l.Predicate, l.Class)
		g.edges = append(g.edges, Edge{Source: l.Source, Target: l.Target, Predicate: l.Predicate, Weight: l.Value, First: l.First, Last: l.Last, Score: l.Score, Symmetric: l.Symmetric})
	}
	g.trailer = v.trailer(t)
	return g
}

// --- XML formats --------------------------------------------------------

// xmlShape scans a document with encoding/xml and returns the local names
// of the children of each element, in order, keyed by the element's path
// ("graphml/graph"), and the comments found anywhere.
func xmlShape(t *testing.T, doc []byte) (children map[string][]string, comments []string) {
	t.Helper()
	children = map[string][]string{}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var path []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("XML not well formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			parent := strings.Join(path, "/")
			children[parent] = append(children[parent], tok.Name.Local)
			path = append(path, tok.Name.Local)
		case xml.EndElement:
			path = path[:len(path)-1]
		case xml.Comment:
			comments = append(comments, string(tok))
		}
	}
	return children, comments
}

type xmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type graphMLDoc struct {
	XMLName xml.Name `xml:"graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graphs []struct {
		ID          string    `xml:"id,attr"`
		EdgeDefault string    `xml:"edgedefault,attr"`
		Data        []xmlData `xml:"data"`
		Nodes       []struct {
			ID   string    `xml:"id,attr"`
			Data []xmlData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string    `xml:"id,attr"`
			Source string    `xml:"source,attr"`
			Target string    `xml:"target,attr"`
			Data   []xmlData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

func decodeGraphML(t *testing.T, doc []byte) graph {
	var d graphMLDoc
	if err := xml.Unmarshal(doc, &d); err != nil {
		t.Fatalf("unmarshal GraphML: %v", err)
	}
	if d.XMLName.Space != GraphMLNamespace {
		t.Errorf("namespace %q, want %q", d.XMLName.Space, GraphMLNamespace)
	}
	wantKeys := map[string][3]string{ // id: for, attr.name, attr.type
		"label": {"node", "label", "string"}, "kind": {"node", "kind", "string"}, "country": {"node", "country", "string"},
		"key": {"edge", "key", "string"}, "predicate": {"edge", "predicate", "string"}, "class": {"edge", "class", "string"},
		"weight": {"edge", "weight", "int"}, "first": {"edge", "first", "string"}, "last": {"edge", "last", "string"},
		"score": {"edge", "score", "double"}, "symmetric": {"edge", "symmetric", "boolean"},
		"truncated": {"graph", "truncated", "boolean"}, "limit": {"graph", "limit", "int"}, "reason": {"graph", "reason", "string"},
		"next_cursor": {"graph", "next_cursor", "string"},
	}
	keys := map[string][3]string{}
	for _, k := range d.Keys {
		if _, dup := keys[k.ID]; dup {
			t.Errorf("key %q declared twice", k.ID)
		}
		keys[k.ID] = [3]string{k.For, k.Name, k.Type}
	}
	if !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("keys = %v, want %v", keys, wantKeys)
	}
	elems, _ := xmlShape(t, doc)
	if root := elems["graphml"]; len(root) == 0 || root[len(root)-1] != "graph" || len(root) != len(d.Keys)+1 {
		t.Errorf("graphml children = %v, want keys then graph", root)
	}
	edgeSeen := false
	for _, name := range elems["graphml/graph"] {
		switch {
		case name == "edge":
			edgeSeen = true
		case name == "node" && edgeSeen:
			t.Fatal("node after edge")
		}
	}
	if len(d.Graphs) != 1 {
		t.Fatalf("%d graphs, want 1", len(d.Graphs))
	}
	gr := d.Graphs[0]
	if gr.EdgeDefault != "directed" {
		t.Errorf("edgedefault = %q", gr.EdgeDefault)
	}
	// data reads the values of a data list, checking each key is declared
	// for the element's domain and each value parses as its type.
	data := func(domain string, ds []xmlData) map[string]string {
		m := map[string]string{}
		for _, dt := range ds {
			k, ok := keys[dt.Key]
			if !ok || k[0] != domain {
				t.Errorf("%s data key %q not declared for %s", domain, dt.Key, domain)
			}
			var err error
			switch k[2] {
			case "int":
				_, err = strconv.Atoi(dt.Value)
			case "double":
				_, err = strconv.ParseFloat(dt.Value, 64)
			case "boolean":
				_, err = strconv.ParseBool(dt.Value)
			}
			if err != nil {
				t.Errorf("%s data %s=%q is not %s", domain, dt.Key, dt.Value, k[2])
			}
			m[dt.Key] = dt.Value
		}
		return m
	}
	var g graph
	for _, n := range gr.Nodes {
		m := data("node", n.Data)
		g.nodes = append(g.nodes, Node{ID: n.ID, Kind: m["kind"], Name: m["label"], Country: m["country"]})
	}
	for _, e := range gr.Edges {
		m := data("edge", e.Data)
		ed := Edge{Source: e.Source, Target: e.Target, Predicate: m["predicate"], First: m["first"], Last: m["last"], Symmetric: m["symmetric"] == "true"}
		checkClass(t, ed.Predicate, m["class"])
		if want := XMLEdgeID(e.Source, ed.Predicate, e.Target); e.ID != want || !xmlName(e.ID) {
			t.Errorf("edge id %q, want %q, a valid XML name", e.ID, want)
		}
		if want := EdgeID(e.Source, ed.Predicate, e.Target); m["key"] != want {
			t.Errorf("edge key %q, want %q", m["key"], want)
		}
		ed.Weight, _ = strconv.Atoi(m["weight"])
		if s, ok := m["score"]; ok {
			f, _ := strconv.ParseFloat(s, 64)
			ed.Score = &f
		}
		g.edges = append(g.edges, ed)
	}
	m := data("graph", gr.Data)
	if _, ok := m["truncated"]; !ok {
		t.Error("no truncated data on the graph")
	}
	g.trailer.Truncated, _ = strconv.ParseBool(m["truncated"])
	g.trailer.Limit, _ = strconv.Atoi(m["limit"])
	g.trailer.Reason = m["reason"]
	g.trailer.Next = m["next_cursor"]
	return g
}

// xmlName reports whether s is an XML NCName made of ASCII (what an ID
// attribute needs): a letter or "_" first, then letters, digits, "-",
// "." or "_".
func xmlName(s string) bool {
	for i, c := range s {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

type gexfAttValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfDoc struct {
	XMLName xml.Name `xml:"gexf"`
	Version string   `xml:"version,attr"`
	Meta    struct {
		Creator string `xml:"creator"`
	} `xml:"meta"`
	Graph struct {
		DefaultEdgeType string `xml:"defaultedgetype,attr"`
		Mode            string `xml:"mode,attr"`
		Attributes      []struct {
			Class string `xml:"class,attr"`
			Attrs []struct {
				ID    string `xml:"id,attr"`
				Title string `xml:"title,attr"`
				Type  string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes []struct {
			ID        string         `xml:"id,attr"`
			Label     string         `xml:"label,attr"`
			AttValues []gexfAttValue `xml:"attvalues>attvalue"`
		} `xml:"nodes>node"`
		Edges []struct {
			ID        string         `xml:"id,attr"`
			Source    string         `xml:"source,attr"`
			Target    string         `xml:"target,attr"`
			Label     string         `xml:"label,attr"`
			Kind      string         `xml:"kind,attr"`
			Weight    string         `xml:"weight,attr"`
			AttValues []gexfAttValue `xml:"attvalues>attvalue"`
		} `xml:"edges>edge"`
	} `xml:"graph"`
}

func decodeGEXF(t *testing.T, doc []byte) graph {
	var d gexfDoc
	if err := xml.Unmarshal(doc, &d); err != nil {
		t.Fatalf("unmarshal GEXF: %v", err)
	}
	v13 := d.Version == "1.3"
	if !(d.XMLName.Space == GEXF12Namespace && d.Version == "1.2" || v13 && d.XMLName.Space == GEXFNamespace) {
		t.Errorf("namespace %q version %q, want %q 1.2 or %q 1.3", d.XMLName.Space, d.Version, GEXF12Namespace, GEXFNamespace)
	}
	elems, comments := xmlShape(t, doc)
	if want := []string{"meta", "graph"}; !reflect.DeepEqual(elems["gexf"], want) {
		t.Errorf("gexf children = %v, want %v", elems["gexf"], want)
	}
	if want := []string{"attributes", "attributes", "nodes", "edges"}; !reflect.DeepEqual(elems["gexf/graph"], want) {
		t.Errorf("graph children = %v, want %v", elems["gexf/graph"], want)
	}
	gr := d.Graph
	if gr.DefaultEdgeType != "directed" || gr.Mode != "static" {
		t.Errorf("graph defaultedgetype=%q mode=%q", gr.DefaultEdgeType, gr.Mode)
	}
	attrs := map[string]map[string]string{} // class: id: type
	for _, as := range gr.Attributes {
		attrs[as.Class] = map[string]string{}
		for _, a := range as.Attrs {
			if a.Title == "" {
				t.Errorf("attribute %q has no title", a.ID)
			}
			attrs[as.Class][a.ID] = a.Type
		}
	}
	wantAttrs := map[string]map[string]string{
		"node": {"kind": "string", "country": "string"},
		"edge": {"predicate": "string", "first": "string", "last": "string", "score": "double", "class": "string", "symmetric": "boolean"},
	}
	if !reflect.DeepEqual(attrs, wantAttrs) {
		t.Errorf("attributes = %v, want %v", attrs, wantAttrs)
	}
	values := func(class string, avs []gexfAttValue) map[string]string {
		m := map[string]string{}
		for _, av := range avs {
			typ, ok := attrs[class][av.For]
			if !ok {
				t.Errorf("%s attvalue for undeclared %q", class, av.For)
			}
			if typ == "double" {
				if _, err := strconv.ParseFloat(av.Value, 64); err != nil {
					t.Errorf("%s attvalue %s=%q is not a double", class, av.For, av.Value)
				}
			}
			m[av.For] = av.Value
		}
		return m
	}
	var g graph
	for _, n := range gr.Nodes {
		m := values("node", n.AttValues)
		g.nodes = append(g.nodes, Node{ID: n.ID, Kind: m["kind"], Name: n.Label, Country: m["country"]})
	}
	for _, e := range gr.Edges {
		m := values("edge", e.AttValues)
		wantKind := ""
		if v13 {
			wantKind = m["predicate"]
		}
		if e.Label != m["predicate"] || e.Kind != wantKind {
			t.Errorf("edge %s: label %q kind %q, want the predicate %q (kind %q)", e.ID, e.Label, e.Kind, m["predicate"], wantKind)
		}
		checkClass(t, m["predicate"], m["class"])
		w, err := strconv.ParseFloat(e.Weight, 64)
		if err != nil {
			t.Errorf("edge %s weight %q: %v", e.ID, e.Weight, err)
		}
		ed := Edge{Source: e.Source, Target: e.Target, Predicate: m["predicate"], Weight: int(w), First: m["first"], Last: m["last"], Symmetric: m["symmetric"] == "true"}
		if s, ok := m["score"]; ok {
			f, _ := strconv.ParseFloat(s, 64)
			ed.Score = &f
		}
		g.edges = append(g.edges, ed)
		g.edgeIDs = append(g.edgeIDs, e.ID)
	}
	for _, c := range comments {
		c = strings.TrimSpace(c)
		if next, ok := strings.CutPrefix(c, "next_cursor="); ok {
			g.trailer.Next = next
			continue
		}
		rest, ok := strings.CutPrefix(c, "truncated: limit=")
		if !ok {
			continue
		}
		g.trailer.Truncated = true
		lim, reason, _ := strings.Cut(rest, " reason=")
		g.trailer.Limit, _ = strconv.Atoi(lim)
		if reason != "" {
			// The comment holds the reason as escaped text with "--" spaced out.
			var s string
			if err := xml.Unmarshal([]byte("<r>"+strings.Trim(reason, `"`)+"</r>"), &s); err != nil {
				t.Errorf("reason %q: %v", reason, err)
			}
			g.trailer.Reason = strings.ReplaceAll(s, "- -", "--")
		}
	}
	return g
}

// --- N-Quads ------------------------------------------------------------

func decodeNQuads(t *testing.T, doc []byte) graph {
	// The quads read back must be exactly the ones expected from the
	// test graph, in order.
	const b = DefaultBase
	iri := func(s string) quad.IRI { return quad.IRI(b + s) }
	pred := func(s string) quad.IRI { return quad.IRI(b + "pred:" + s) }
	var want []quad.Quad
	for _, n := range testNodes {
		id := iri(n.ID)
		if n.Name != "" {
			want = append(want, quad.Make(id, pred("name"), quad.String(n.Name), nil))
		}
		if n.Kind != "" {
			want = append(want, quad.Make(id, pred("kind"), quad.String(n.Kind), nil))
		}
		switch n.Country {
		case "":
		case "IGO", "NGO", "IMG":
			want = append(want, quad.Make(id, pred("country"), quad.String(n.Country), nil))
		default:
			want = append(want, quad.Make(id, pred("country"), iri("country:"+n.Country), nil))
		}
	}
	arts, scored := map[string]bool{}, map[string]bool{}
	for _, e := range testEdges {
		if len(e.Articles) == 0 {
			want = append(want, quad.Make(iri(e.Source), pred(e.Predicate), iri(e.Target), nil))
		}
		for _, a := range e.Articles {
			want = append(want, quad.Make(iri(e.Source), pred(e.Predicate), iri(e.Target), iri(a.ID)))
		}
		for _, a := range e.Articles {
			if arts[a.ID] {
				continue
			}
			arts[a.ID] = true
			want = append(want, quad.Make(iri(a.ID), pred("kind"), quad.String("Article"), nil))
			if a.Date != "" {
				want = append(want, quad.Make(iri(a.ID), pred("date"), quad.TypedString{Value: quad.String(a.Date), Type: xsdDate}, nil))
			}
		}
		if e.Score != nil && !scored[e.Predicate] {
			scored[e.Predicate] = true
			want = append(want, quad.Make(pred(e.Predicate), pred("score"),
				quad.TypedString{Value: quad.String(strconv.FormatFloat(*e.Score, 'f', -1, 64)), Type: xsdDecimal}, nil))
		}
	}

	r := nquads.NewReader(bytes.NewReader(doc), true)
	var got []quad.Quad
	for {
		q, err := r.ReadQuad()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read quad %d: %v", len(got), err)
		}
		got = append(got, q)
	}
	if len(got) != len(want) {
		t.Errorf("read %d quads, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("quad %d = %.300v, want %.300v", i, got[i], want[i])
		}
	}

	// Rebuild the graph from the quads.
	un := func(v quad.Value) string {
		iri, ok := v.(quad.IRI)
		if !ok || !strings.HasPrefix(string(iri), b) {
			t.Fatalf("%v is not an IRI under the base %q", v, b)
		}
		return strings.TrimPrefix(string(iri), b)
	}
	var g graph
	index := map[string]int{}
	dates := map[string]string{}
	scores := map[string]float64{}
	edges := map[string]int{}
	for _, q := range got {
		s, p := un(q.Subject), un(q.Predicate)
		switch {
		case strings.HasPrefix(s, "article:"):
			if p == "pred:date" {
				dates[s] = string(q.Object.(quad.TypedString).Value)
			}
			continue
		case strings.HasPrefix(s, "pred:"):
			f, err := strconv.ParseFloat(string(q.Object.(quad.TypedString).Value), 64)
			if err != nil {
				t.Errorf("score %v: %v", q.Object, err)
			}
			scores[strings.TrimPrefix(s, "pred:")] = f
			continue
		}
		p = strings.TrimPrefix(p, "pred:")
		if q.Label == nil && (p == "name" || p == "kind" || p == "country") {
			i, ok := index[s]
			if !ok {
				i = len(g.nodes)
				index[s] = i
				g.nodes = append(g.nodes, Node{ID: s})
			}
			switch o := q.Object.(type) {
			case quad.String:
				switch p {
				case "name":
					g.nodes[i].Name = string(o)
				case "kind":
					g.nodes[i].Kind = string(o)
				default:
					g.nodes[i].Country = string(o)
				}
			case quad.IRI:
				g.nodes[i].Country = strings.TrimPrefix(un(o), "country:")
			}
			continue
		}
		k := EdgeID(s, p, un(q.Object))
		i, ok := edges[k]
		if !ok {
			i = len(g.edges)
			edges[k] = i
			g.edges = append(g.edges, Edge{Source: s, Predicate: p, Target: un(q.Object)})
		}
		if q.Label != nil {
			g.edges[i].Articles = append(g.edges[i].Articles, Article{ID: un(q.Label)})
		}
	}
	for i, e := range g.edges {
		for j, a := range e.Articles {
			g.edges[i].Articles[j].Date = dates[a.ID]
		}
		if f, ok := scores[e.Predicate]; ok {
			g.edges[i].Score = &f
		}
	}
	for _, line := range strings.Split(string(doc), "\n") {
		if next, ok := strings.CutPrefix(line, "# next_cursor "); ok {
			g.trailer.Next = next
			continue
		}
		rest, ok := strings.CutPrefix(line, "# truncated at ")
		if !ok {
			continue
		}
		g.trailer.Truncated = true
		lim, reason, _ := strings.Cut(rest, ": ")
		g.trailer.Limit, _ = strconv.Atoi(lim)
		g.trailer.Reason = reason
	}
	if !g.trailer.Truncated {
		g.trailer.Limit = 0
	}
	return g
}

// --- JSON-LD ------------------------------------------------------------

// decodeJSONLD reads a JSON-LD document as the RDF dataset it states (the
// flat form the encoder writes: node objects with IRIs, strings, typed
// values and node references, and named graphs as nodes with "@graph"),
// writes it as N-Quads and reads that with decodeNQuads, which checks the
// quads are exactly those of the test graph, in order.
func decodeJSONLD(t *testing.T, doc []byte) graph { return decodeNQuads(t, jsonldToNQuads(t, doc)) }

// jsonldToNQuads reads a JSON-LD document as decodeJSONLD does and writes
// its quads as N-Quads, with the trailer as N-Quads comments.
func jsonldToNQuads(t *testing.T, doc []byte) []byte {
	var top map[string]json.RawMessage
	strictUnmarshal(t, doc, &top)
	if len(top) != 1 || top["@graph"] == nil {
		t.Fatalf("top-level keys %v, want only @graph", top)
	}
	var elems []map[string]json.RawMessage
	if err := json.Unmarshal(top["@graph"], &elems); err != nil {
		t.Fatal(err)
	}
	var qs []quad.Quad
	var trailer []string
	var objects func(id quad.IRI, obj map[string]json.RawMessage, label quad.Value)
	objects = func(id quad.IRI, obj map[string]json.RawMessage, label quad.Value) {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		// The encoder writes name, kind, country, date, score in order;
		// a map loses it, so put them back in that order.
		rank := map[string]int{"name": 0, "kind": 1, "country": 2, "date": 3, "score": 4}
		sort.Slice(keys, func(i, j int) bool {
			pi, pj := strings.TrimPrefix(keys[i], DefaultBase+"pred:"), strings.TrimPrefix(keys[j], DefaultBase+"pred:")
			return rank[pi] < rank[pj]
		})
		for _, k := range keys {
			if k == "@id" {
				continue
			}
			raw := obj[k]
			var v quad.Value
			var s string
			var ref struct {
				ID    string `json:"@id"`
				Value string `json:"@value"`
				Type  string `json:"@type"`
			}
			switch {
			case json.Unmarshal(raw, &s) == nil:
				v = quad.String(s)
			case json.Unmarshal(raw, &ref) == nil && ref.ID != "":
				v = quad.IRI(ref.ID)
			case ref.Type != "":
				v = quad.TypedString{Value: quad.String(ref.Value), Type: quad.IRI(ref.Type)}
			default:
				v = quad.String(string(raw))
			}
			if id == quad.IRI(DefaultBase+"export") {
				trailer = append(trailer, strings.TrimPrefix(k, DefaultBase+"pred:")+"="+string(raw))
				continue
			}
			qs = append(qs, quad.Quad{Subject: id, Predicate: quad.IRI(k), Object: v, Label: label})
		}
	}
	for _, el := range elems {
		var id string
		if err := json.Unmarshal(el["@id"], &id); err != nil || id == "" {
			t.Fatalf("element without @id: %v", el)
		}
		if g, ok := el["@graph"]; ok {
			var inner []map[string]json.RawMessage
			if err := json.Unmarshal(g, &inner); err != nil || len(el) != 2 {
				t.Fatalf("named graph %s: %v", id, el)
			}
			for _, n := range inner {
				var sid string
				_ = json.Unmarshal(n["@id"], &sid)
				objects(quad.IRI(sid), n, quad.IRI(id))
			}
			continue
		}
		objects(quad.IRI(id), el, nil)
	}
	var buf bytes.Buffer
	w := nquads.NewWriter(&buf)
	for _, q := range qs {
		if err := w.WriteQuad(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var tr Trailer
	for _, kv := range trailer {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "truncated":
			tr.Truncated = v == "true"
		case "limit":
			tr.Limit, _ = strconv.Atoi(v)
		case "reason":
			_ = json.Unmarshal([]byte(v), &tr.Reason)
		case "nextCursor":
			_ = json.Unmarshal([]byte(v), &tr.Next)
		}
	}
	if tr.Truncated {
		fmt.Fprintf(&buf, "# truncated at %d: %s\n", tr.Limit, tr.Reason)
	}
	if tr.Next != "" {
		fmt.Fprintf(&buf, "# next_cursor %s\n", tr.Next)
	}
	return buf.Bytes()
}
