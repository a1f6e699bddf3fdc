package export

import (
	"io"
	"strconv"
)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// XML namespaces of the two XML formats.
const (
	GraphMLNamespace = "http://graphml.graphdrawing.org/xmlns"
	GEXFNamespace    = "http://gexf.net/1.3"
	// GEXF12Namespace is the namespace of GEXF 1.2draft, the default.
	GEXF12Namespace = "http://www.gexf.net/1.2draft"
)

// graphMLEncoder writes GraphML 1.0. Every attribute has a <key>; data
// with an empty value is left out. Edge ids are XMLEdgeID's, valid XML
// IDs; the EdgeID is the "key" data. The trailer becomes graph-level
// <data> (truncated always, limit, reason and next_cursor when set),
// which GraphML allows after the edges.
type graphMLEncoder struct{ out }

func newGraphMLEncoder(w io.Writer) *graphMLEncoder { return &graphMLEncoder{newOut(w)} }

const graphMLBegin = xmlHeader +
	`<graphml xmlns="` + GraphMLNamespace + `" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
	`xsi:schemaLocation="` + GraphMLNamespace + ` http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="kind" for="node" attr.name="kind" attr.type="string"/>
  <key id="country" for="node" attr.name="country" attr.type="string"/>
  <key id="key" for="edge" attr.name="key" attr.type="string"/>
  <key id="predicate" for="edge" attr.name="predicate" attr.type="string"/>
  <key id="class" for="edge" attr.name="class" attr.type="string"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>
  <key id="first" for="edge" attr.name="first" attr.type="string"/>
  <key id="last" for="edge" attr.name="last" attr.type="string"/>
  <key id="score" for="edge" attr.name="score" attr.type="double"/>
  <key id="symmetric" for="edge" attr.name="symmetric" attr.type="boolean"/>
  <key id="truncated" for="graph" attr.name="truncated" attr.type="boolean"/>
  <key id="limit" for="graph" attr.name="limit" attr.type="int"/>
  <key id="reason" for="graph" attr.name="reason" attr.type="string"/>
  <key id="next_cursor" for="graph" attr.name="next_cursor" attr.type="string"/>
  <graph id="dipgraph" edgedefault="directed">
`

func (g *graphMLEncoder) begin() error {
	g.buf = append(g.buf, graphMLBegin...)
	return g.flushBuf()
}

// appendData appends <data key="key">value</data> when value is not empty.
func appendData(b []byte, key, value string) []byte {
	if value == "" {
		return b
	}
	b = append(b, `<data key="`...)
	b = append(b, key...)
	b = append(b, `">`...)
	b = appendXML(b, value)
	return append(b, "</data>"...)
}

func (g *graphMLEncoder) node(nd Node, _ int) error {
	b := append(g.buf, `    <node id="`...)
	b = appendXML(b, nd.ID)
	b = append(b, `">`...)
	b = appendData(b, "label", nd.Name)
	b = appendData(b, "kind", nd.Kind)
	b = appendData(b, "country", nd.Country)
	g.buf = append(b, "</node>\n"...)
	return g.flushBuf()
}

func (g *graphMLEncoder) startEdges() error { return nil }

func (g *graphMLEncoder) edge(e Edge, _ int) error {
	b := append(g.buf, `    <edge id="`...)
	b = appendXMLEdgeID(b, e.Source, e.Predicate, e.Target)
	b = append(b, `" source="`...)
	b = appendXML(b, e.Source)
	b = append(b, `" target="`...)
	b = appendXML(b, e.Target)
	b = append(b, `"><data key="key">`...)
	b = appendEscapedEdgeID(b, e.Source, e.Predicate, e.Target, appendXML)
	b = append(b, "</data>"...)
	b = appendData(b, "predicate", e.Predicate)
	b = appendData(b, "class", EdgeClass(e.Predicate))
	b = append(b, `<data key="weight">`...)
	b = strconv.AppendInt(b, int64(e.Weight), 10)
	b = append(b, "</data>"...)
	b = appendData(b, "first", e.First)
	b = appendData(b, "last", e.Last)
	if e.Score != nil {
		b = append(b, `<data key="score">`...)
		b = appendFloat(b, *e.Score)
		b = append(b, "</data>"...)
	}
	if e.Symmetric {
		b = append(b, `<data key="symmetric">true</data>`...)
	}
	g.buf = append(b, "</edge>\n"...)
	return g.flushBuf()
}

func (g *graphMLEncoder) end(t Trailer) error {
	b := append(g.buf, `    <data key="truncated">`...)
	b = strconv.AppendBool(b, t.Truncated)
	b = append(b, "</data>\n"...)
	if t.Limit != 0 {
		b = append(b, `    <data key="limit">`...)
		b = strconv.AppendInt(b, int64(t.Limit), 10)
		b = append(b, "</data>\n"...)
	}
	if t.Reason != "" {
		b = append(b, "    "...)
		b = appendData(b, "reason", t.Reason)
		b = append(b, '\n')
	}
	if t.Next != "" {
		b = append(b, "    "...)
		b = appendData(b, "next_cursor", t.Next)
		b = append(b, '\n')
	}
	g.buf = append(b, "  </graph>\n</graphml>\n"...)
	return g.close()
}

// gexfEncoder writes GEXF 1.2draft (the default: networkx 2.8 reads only
// the 1.1 and 1.2 drafts, Gephi and later networkx read it too) or 1.3
// for Gephi. The edge label is the predicate, and in 1.3 its kind too
// (Gephi keeps parallel edges of different kinds apart; 1.2draft has no
// edge kind), weight is GEXF's own edge weight, and the rest are declared
// attributes. GEXF has no place for graph facts after the edges, so a
// truncated graph ends with a comment: <!-- truncated: limit=N
// reason="…" -->, and a page with <!-- next_cursor=… -->.
type gexfEncoder struct {
	out
	v13 bool
}

func newGEXFEncoder(w io.Writer, v13 bool) *gexfEncoder { return &gexfEncoder{newOut(w), v13} }

const gexf13Open = `<gexf xmlns="` + GEXFNamespace + `" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
	`xsi:schemaLocation="` + GEXFNamespace + ` http://gexf.net/1.3/gexf.xsd" version="1.3">`

const gexf12Open = `<gexf xmlns="` + GEXF12Namespace + `" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
	`xsi:schemaLocation="` + GEXF12Namespace + ` http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">`

const gexfBegin = `
  <meta>
    <creator>dipgraph</creator>
    <description>diplomatic relations</description>
  </meta>
  <graph defaultedgetype="directed" mode="static">
    <attributes class="node">
      <attribute id="kind" title="kind" type="string"/>
      <attribute id="country" title="country" type="string"/>
    </attributes>
    <attributes class="edge">
      <attribute id="predicate" title="predicate" type="string"/>
      <attribute id="first" title="first" type="string"/>
      <attribute id="last" title="last" type="string"/>
      <attribute id="score" title="score" type="double"/>
      <attribute id="class" title="class" type="string"/>
      <attribute id="symmetric" title="symmetric" type="boolean"/>
    </attributes>
    <nodes>
`

func (g *gexfEncoder) begin() error {
	g.buf = append(g.buf, xmlHeader...)
	if g.v13 {
		g.buf = append(g.buf, gexf13Open...)
	} else {
		g.buf = append(g.buf, gexf12Open...)
	}
	g.buf = append(g.buf, gexfBegin...)
	return g.flushBuf()
}

// appendAttValue appends <attvalue for="key" value="value"/>, opening
// <attvalues> first if open is false. It reports whether <attvalues> is open.
func appendAttValue(b []byte, open bool, key, value string) ([]byte, bool) {
	if value == "" {
		return b, open
	}
	if !open {
		b = append(b, "<attvalues>"...)
	}
	b = append(b, `<attvalue for="`...)
	b = append(b, key...)
	b = append(b, `" value="`...)
	b = appendXML(b, value)
	return append(b, `"/>`...), true
}

func (g *gexfEncoder) node(nd Node, _ int) error {
	b := append(g.buf, `      <node id="`...)
	b = appendXML(b, nd.ID)
	if nd.Name != "" {
		b = append(b, `" label="`...)
		b = appendXML(b, nd.Name)
	}
	b = append(b, `">`...)
	open := false
	b, open = appendAttValue(b, open, "kind", nd.Kind)
	b, open = appendAttValue(b, open, "country", nd.Country)
	if open {
		b = append(b, "</attvalues>"...)
	}
	g.buf = append(b, "</node>\n"...)
	return g.flushBuf()
}

func (g *gexfEncoder) startEdges() error {
	g.buf = append(g.buf, "    </nodes>\n    <edges>\n"...)
	return g.flushBuf()
}

func (g *gexfEncoder) edge(e Edge, _ int) error {
	b := append(g.buf, `      <edge id="`...)
	b = appendEscapedEdgeID(b, e.Source, e.Predicate, e.Target, appendXML)
	b = append(b, `" source="`...)
	b = appendXML(b, e.Source)
	b = append(b, `" target="`...)
	b = appendXML(b, e.Target)
	b = append(b, `" label="`...)
	b = appendXML(b, e.Predicate)
	if g.v13 {
		b = append(b, `" kind="`...)
		b = appendXML(b, e.Predicate)
	}
	b = append(b, `" weight="`...)
	b = strconv.AppendInt(b, int64(e.Weight), 10)
	b = append(b, `"><attvalues>`...)
	b, _ = appendAttValue(b, true, "predicate", e.Predicate)
	b, _ = appendAttValue(b, true, "first", e.First)
	b, _ = appendAttValue(b, true, "last", e.Last)
	if e.Score != nil {
		b = append(b, `<attvalue for="score" value="`...)
		b = appendFloat(b, *e.Score)
		b = append(b, `"/>`...)
	}
	b, _ = appendAttValue(b, true, "class", EdgeClass(e.Predicate))
	if e.Symmetric {
		b = append(b, `<attvalue for="symmetric" value="true"/>`...)
	}
	g.buf = append(b, "</attvalues></edge>\n"...)
	return g.flushBuf()
}

func (g *gexfEncoder) end(t Trailer) error {
	b := append(g.buf, "    </edges>\n  </graph>\n"...)
	if t.Truncated {
		b = append(b, "  <!-- truncated: limit="...)
		b = strconv.AppendInt(b, int64(t.Limit), 10)
		if t.Reason != "" {
			b = append(b, ` reason="`...)
			b = appendXMLComment(b, t.Reason)
			b = append(b, '"')
		}
		b = append(b, " -->\n"...)
	}
	if t.Next != "" {
		b = append(b, "  <!-- next_cursor="...)
		b = appendXMLComment(b, t.Next)
		b = append(b, " -->\n"...)
	}
	g.buf = append(b, "</gexf>\n"...)
	return g.close()
}

// appendXMLComment appends s for the inside of a comment: escaped as
// character data (a comment has no entities, but the text stays
// unambiguous and its characters legal), with a space put between two
// hyphens in a row, since a comment must not hold "--".
func appendXMLComment(b []byte, s string) []byte {
	for _, c := range appendXML(nil, s) {
		if c == '-' && len(b) > 0 && b[len(b)-1] == '-' {
			b = append(b, ' ')
		}
		b = append(b, c)
	}
	return b
}
