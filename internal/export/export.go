// Package export writes a graph of nodes and edges in the formats
// graph viewers and RDF tools read: dipgraph's own JSON, Cytoscape.js
// elements, GraphML, GEXF (Gephi), D3 node-link JSON, N-Quads and JSON-LD.
//
// Writers stream: a node or edge is encoded and handed to the underlying
// io.Writer (through a fixed-size buffer) as soon as it is written, and
// nothing is kept about it afterwards, so memory stays flat whether the
// graph has twenty edges or millions. The caller writes every node first,
// then every edge, then calls Close with a Trailer that says whether the
// graph was cut short. Because nothing is remembered, a writer cannot check
// that an edge's ends were written as nodes, nor that IDs are unique: that
// is the caller's side of the contract.
//
// The formats, and how each says the graph was truncated:
//
//   - json: {"nodes":[…],"edges":[…],"truncated":b,"limit":n,"reason":s}.
//   - cytoscape: Cytoscape.js {"elements":{"nodes":[{"data":…}],"edges":[…]}}
//     with the same truncated, limit and reason members.
//   - d3: {"nodes":[…],"links":[{source,target,predicate,value,…}]}, same trailer.
//   - graphml: GraphML 1.0 with a <key> per attribute; the trailer is
//     graph-level <data> after the edges. Edge ids are XMLEdgeID's (EdgeID
//     made a valid XML name); the EdgeID itself is the edge's "key" data.
//   - gexf: GEXF 1.2draft by default (what networkx 2.8 and Gephi read),
//     or 1.3 (Options.GEXFVersion); edge label (and kind, in 1.3) is the
//     predicate, weight is the GEXF weight. GEXF's meta comes first, so a
//     truncated graph ends with a comment instead:
//     <!-- truncated: limit=N reason="…" -->.
//   - nquads: RDF 1.1 N-Quads with absolute IRIs under Options.Base
//     (DefaultBase, "urn:dipgraph:", when empty): node facts (name, kind,
//     country) in the default graph, each edge once per supporting article
//     with the article as graph name, and the articles' dates
//     (xsd:date) and the event types' PLOVER scores (xsd:decimal) in the
//     default graph. A truncated graph ends with the comment line
//     "# truncated at N: reason".
//   - jsonld: the same RDF dataset as nquads in JSON-LD 1.1, each
//     article's statements in a node with "@graph" (its named graph); the
//     trailer, when there is one, is the node <BASE export>.
//
// Every format gives an edge its class (EdgeClass: "event" for a PLOVER
// type, "verb" for a plain verb edge, "relation" for leads and tension)
// and marks a symmetric edge (tension, written once per pair with the
// smaller ID as source) as such: "symmetric" in the JSON formats and as
// data or an attribute in GraphML and GEXF. networkx reads no mixed graph,
// so the XML formats stay directed graphs.
//
// In the JSON formats the optional fields (country, first, last, score,
// symmetric) are left out when empty; the others are always present. Edge
// IDs, where a format has them, are EdgeID's (XMLEdgeID's in GraphML). A
// page of a paged export carries the cursor of the next page in its
// trailer: "next_cursor" in the JSON formats, graph-level data in GraphML,
// a closing comment in GEXF and N-Quads.
package export

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/dipgraph/dipgraph/schema"
)

// Node is a node of the graph.
type Node struct {
	ID      string // "country:MEX"
	Kind    string // schema kind: Country, Person, Organization, Concept, Article, Event
	Name    string
	Country string // ISO3 or IGO/NGO/IMG, may be empty
}

// Edge is a directed edge of the graph, or a symmetric one.
type Edge struct {
	Source, Target string
	Predicate      string   // "leads", "REJECT", "tension", "offered", …
	Weight         int      // number of supporting articles
	First, Last    string   // first and last date seen, YYYY-MM-DD, may be empty
	Score          *float64 // PLOVER conflict–cooperation score for event predicates, else nil
	// Symmetric says the edge holds both ways (tension): it is written
	// once per pair, Source the smaller ID.
	Symmetric bool
	// Articles are the supporting articles, for the formats that write
	// each statement with its article (N-Quads); others ignore them.
	Articles []Article
}

// Article is a supporting article of an edge: its ID (article:…) and date.
type Article struct {
	ID   string
	Date string // YYYY-MM-DD, may be empty
}

// Edge classes (EdgeClass).
const (
	ClassEvent    = "event"    // a PLOVER event type: REJECT, AGREE, …
	ClassVerb     = "verb"     // a plain verb edge as the sentence says it: rejected, offered, …
	ClassRelation = "relation" // leads, tension
)

// EdgeClass returns the class of an edge predicate: ClassEvent for a PLOVER
// type, ClassRelation for leads and tension, ClassVerb for the rest.
func EdgeClass(predicate string) string {
	if schema.IsEventType(predicate) {
		return ClassEvent
	}
	if predicate == schema.PredLeads || predicate == schema.PredTension {
		return ClassRelation
	}
	return ClassVerb
}

// Trailer ends a graph: whether it was truncated, at what limit and why,
// and, for one page of a paged graph, the cursor of the next page.
type Trailer struct {
	Truncated bool
	Limit     int
	Reason    string
	Next      string
}

// Options tune a format.
type Options struct {
	// GEXFVersion is "1.2" (GEXF 1.2draft, the default) or "1.3".
	GEXFVersion string
	// Base is the IRI every N-Quads IRI starts with: node IDs, predicates
	// ("pred:leads") and articles are appended to it. Empty is
	// DefaultBase. It must be an absolute IRI ending in ":", "/" or "#".
	Base string
}

// DefaultBase is the N-Quads IRI base when none is given:
// <urn:dipgraph:country:MEX>, <urn:dipgraph:pred:leads>.
const DefaultBase = "urn:dipgraph:"

// GEXF versions.
const (
	GEXF12 = "1.2"
	GEXF13 = "1.3"
)

// GEXFVersions lists the GEXF versions written, the default first.
var GEXFVersions = []string{GEXF12, GEXF13}

// CheckBase reports why base cannot be an N-Quads IRI base.
func CheckBase(base string) error {
	if err := checkIRI("base", base); err != nil {
		return err
	}
	i := strings.IndexByte(base, ':')
	if i < 1 || !isScheme(base[:i]) {
		return fmt.Errorf("base %q is not an absolute IRI: want a scheme such as urn: or https://: %w", base, ErrInvalid)
	}
	if !strings.HasSuffix(base, ":") && !strings.HasSuffix(base, "/") && !strings.HasSuffix(base, "#") {
		return fmt.Errorf("base %q must end in \":\", \"/\" or \"#\": %w", base, ErrInvalid)
	}
	return nil
}

func isScheme(s string) bool {
	for i, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// Writer writes a graph: all nodes first, then all edges, then Close.
// A Writer is not safe for concurrent use.
type Writer interface {
	// Node writes a node. It fails with ErrNodeAfterEdge once an edge
	// has been written.
	Node(Node) error
	// Edge writes an edge.
	Edge(Edge) error
	// Close finishes the document and flushes it to the underlying
	// io.Writer, which it does not close.
	Close(t Trailer) error
}

// Format names.
const (
	JSON      = "json"
	Cytoscape = "cytoscape"
	GraphML   = "graphml"
	GEXF      = "gexf"
	D3        = "d3"
	NQuads    = "nquads"
	JSONLD    = "jsonld"
)

// Formats lists the supported format names.
var Formats = []string{JSON, Cytoscape, GraphML, GEXF, D3, NQuads, JSONLD}

var formatInfo = map[string]struct{ contentType, ext string }{
	JSON:      {"application/json", ".json"},
	Cytoscape: {"application/json", ".cyjs"},
	GraphML:   {"application/graphml+xml", ".graphml"},
	GEXF:      {"application/gexf+xml", ".gexf"},
	D3:        {"application/json", ".d3.json"},
	NQuads:    {"application/n-quads", ".nq"},
	JSONLD:    {"application/ld+json", ".jsonld"},
}

// Errors returned (wrapped) by writers.
var (
	// ErrUnknownFormat: the format name is not one of Formats.
	ErrUnknownFormat = errors.New("unknown format")
	// ErrNodeAfterEdge: Node was called after the first Edge.
	ErrNodeAfterEdge = errors.New("node after edge")
	// ErrClosed: the writer was used after Close.
	ErrClosed = errors.New("writer closed")
	// ErrInvalid: a node or edge cannot be written (empty ID, NaN score,
	// an ID that is no valid IRI in N-Quads, …). Nothing of it was
	// written and the writer can go on.
	ErrInvalid = errors.New("invalid element")
)

func normFormat(format string) string { return strings.ToLower(strings.TrimSpace(format)) }

// ContentType returns the media type of a format.
func ContentType(format string) (string, bool) {
	fi, ok := formatInfo[normFormat(format)]
	return fi.contentType, ok
}

// WantsArticles reports whether a format writes each edge's articles
// (Edge.Articles): the RDF formats, nquads and jsonld.
func WantsArticles(format string) bool {
	f := normFormat(format)
	return f == NQuads || f == JSONLD
}

// Extension returns the usual file name extension of a format, with its dot.
func Extension(format string) (string, bool) {
	fi, ok := formatInfo[normFormat(format)]
	return fi.ext, ok
}

// NewWriter returns a Writer that writes the format (case-insensitive) to w
// with the default Options.
// Output is buffered: nothing may reach w before the buffer fills or Close.
func NewWriter(format string, w io.Writer) (Writer, error) {
	return NewWriterOptions(format, w, Options{})
}

// NewWriterOptions is NewWriter with options; a bad option is an error
// wrapping ErrInvalid.
func NewWriterOptions(format string, w io.Writer, o Options) (Writer, error) {
	f := normFormat(format)
	var enc encoder
	switch f {
	case JSON, Cytoscape, D3:
		enc = newJSONEncoder(f, w)
	case GraphML:
		enc = newGraphMLEncoder(w)
	case GEXF:
		switch o.GEXFVersion {
		case "", GEXF12, "1.2draft":
			enc = newGEXFEncoder(w, false)
		case GEXF13:
			enc = newGEXFEncoder(w, true)
		default:
			return nil, fmt.Errorf("export: GEXF version %q: want %s: %w", o.GEXFVersion, strings.Join(GEXFVersions, " or "), ErrInvalid)
		}
	case NQuads, JSONLD:
		base := o.Base
		if base == "" {
			base = DefaultBase
		}
		if err := CheckBase(base); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		if f == NQuads {
			enc = newNQuadsEncoder(w, base)
		} else {
			enc = newJSONLDEncoder(w, base)
		}
	default:
		return nil, fmt.Errorf("export: %w %q (valid: %s)", ErrUnknownFormat, format, strings.Join(Formats, ", "))
	}
	return &writer{format: f, enc: enc}, nil
}

// EdgeID returns the stable ID of the edge source -predicate-> target:
// the three joined with "|", where "%" and "|" inside them are written
// "%25" and "%7C" so that different edges never share an ID.
// EdgeID("person:claudia-sheinbaum", "leads", "country:MEX") is
// "person:claudia-sheinbaum|leads|country:MEX".
func EdgeID(source, predicate, target string) string {
	return string(appendEscapedEdgeID(nil, source, predicate, target, appendRaw))
}

func appendRaw(b []byte, s string) []byte { return append(b, s...) }

// XMLEdgeID returns EdgeID(source, predicate, target) as a valid XML ID
// (an NCName, which GraphML's NMTOKEN ids accept too): "e." followed by
// the EdgeID with every byte other than an ASCII letter, digit, "-" or "."
// written "_XX" in hex. It is as stable as EdgeID and as unique.
// XMLEdgeID("person:a", "leads", "country:MEX") is
// "e.person_3Aa_7Cleads_7Ccountry_3AMEX".
func XMLEdgeID(source, predicate, target string) string {
	return string(appendXMLEdgeID(nil, source, predicate, target))
}

func appendXMLEdgeID(b []byte, source, predicate, target string) []byte {
	b = append(b, "e."...)
	for i, part := range [3]string{source, predicate, target} {
		if i > 0 {
			b = append(b, "_7C"...)
		}
		if strings.ContainsAny(part, "%|") {
			part = string(appendIDPart(nil, part))
		}
		for j := 0; j < len(part); j++ {
			c := part[j]
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' {
				b = append(b, c)
				continue
			}
			b = append(b, '_', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&0xF])
		}
	}
	return b
}

// appendEscapedEdgeID appends EdgeID(source, predicate, target) escaped
// with esc, which must leave "%" and "|" alone.
func appendEscapedEdgeID(b []byte, source, predicate, target string, esc func([]byte, string) []byte) []byte {
	for i, part := range [3]string{source, predicate, target} {
		if i > 0 {
			b = append(b, '|')
		}
		if strings.ContainsAny(part, "%|") {
			part = string(appendIDPart(nil, part))
		}
		b = esc(b, part)
	}
	return b
}

func appendIDPart(b []byte, s string) []byte {
	if !strings.ContainsAny(s, "%|") {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '%':
			b = append(b, "%25"...)
		case '|':
			b = append(b, "%7C"...)
		default:
			b = append(b, s[i])
		}
	}
	return b
}

// encoder is one format. The writer calls begin once, node for each node,
// startEdges once before the first edge (or before end when there are
// none), edge for each edge, and end once. n counts the elements of the
// same kind written before, so n == 0 is the first. Errors wrapping
// ErrInvalid must be returned before anything of the element is written.
type encoder interface {
	begin() error
	node(nd Node, n int) error
	startEdges() error
	edge(e Edge, n int) error
	end(t Trailer) error
}

type state int

const (
	stateNew state = iota
	stateNodes
	stateEdges
	stateClosed
)

type writer struct {
	format       string
	enc          encoder
	state        state
	nodes, edges int
	err          error // first write error; every later call returns it
}

func (w *writer) fail(err error) error {
	if errors.Is(err, ErrInvalid) {
		return err
	}
	w.err = err
	return err
}

func (w *writer) open() error {
	switch {
	case w.err != nil:
		return w.err
	case w.state == stateClosed:
		return fmt.Errorf("export %s: %w", w.format, ErrClosed)
	case w.state == stateNew:
		w.state = stateNodes
		if err := w.enc.begin(); err != nil {
			return w.fail(fmt.Errorf("export %s: begin document: %w", w.format, err))
		}
	}
	return nil
}

func (w *writer) Node(nd Node) error {
	if err := w.open(); err != nil {
		return err
	}
	if w.state == stateEdges {
		return fmt.Errorf("export %s: node %q: %w", w.format, nd.ID, ErrNodeAfterEdge)
	}
	if nd.ID == "" {
		return fmt.Errorf("export %s: node %d: empty id: %w", w.format, w.nodes, ErrInvalid)
	}
	if err := w.enc.node(nd, w.nodes); err != nil {
		return w.fail(fmt.Errorf("export %s: node %q: %w", w.format, nd.ID, err))
	}
	w.nodes++
	return nil
}

func (w *writer) Edge(e Edge) error {
	if err := w.open(); err != nil {
		return err
	}
	if err := checkEdge(e); err != nil {
		return fmt.Errorf("export %s: edge %d (%s): %w", w.format, w.edges, EdgeID(e.Source, e.Predicate, e.Target), err)
	}
	if w.state == stateNodes {
		w.state = stateEdges
		if err := w.enc.startEdges(); err != nil {
			return w.fail(fmt.Errorf("export %s: start edges: %w", w.format, err))
		}
	}
	if err := w.enc.edge(e, w.edges); err != nil {
		return w.fail(fmt.Errorf("export %s: edge %s: %w", w.format, EdgeID(e.Source, e.Predicate, e.Target), err))
	}
	w.edges++
	return nil
}

func checkEdge(e Edge) error {
	switch {
	case e.Source == "":
		return fmt.Errorf("empty source: %w", ErrInvalid)
	case e.Target == "":
		return fmt.Errorf("empty target: %w", ErrInvalid)
	case e.Predicate == "":
		return fmt.Errorf("empty predicate: %w", ErrInvalid)
	case e.Score != nil && (math.IsNaN(*e.Score) || math.IsInf(*e.Score, 0)):
		return fmt.Errorf("score %v is not a finite number: %w", *e.Score, ErrInvalid)
	}
	return nil
}

func (w *writer) Close(t Trailer) error {
	if err := w.open(); err != nil {
		return err
	}
	if w.state == stateNodes {
		if err := w.enc.startEdges(); err != nil {
			return w.fail(fmt.Errorf("export %s: start edges: %w", w.format, err))
		}
	}
	w.state = stateClosed
	if err := w.enc.end(t); err != nil {
		return w.fail(fmt.Errorf("export %s: finish document: %w", w.format, err))
	}
	return nil
}
