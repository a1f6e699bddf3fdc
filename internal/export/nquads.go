package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/dipgraph/dipgraph/schema"
)

// nquadsEncoder writes RDF 1.1 N-Quads with the quad library's writer.
// Every IRI is absolute: the base followed by a node ID, "pred:" and a
// predicate, or an article ID. With the default base:
//
//	<urn:dipgraph:country:MEX> <urn:dipgraph:pred:name> "Mexico" .
//	<urn:dipgraph:country:MEX> <urn:dipgraph:pred:kind> "Country" .
//	<urn:dipgraph:person:x> <urn:dipgraph:pred:country> <urn:dipgraph:country:MEX> .   (or the literal "IGO", "NGO", "IMG")
//	<source> <urn:dipgraph:pred:REJECT> <target> <urn:dipgraph:article:0123456789abcdef> .
//	<urn:dipgraph:article:0123456789abcdef> <urn:dipgraph:pred:date> "2025-05-04"^^<http://www.w3.org/2001/XMLSchema#date> .
//	<urn:dipgraph:pred:REJECT> <urn:dipgraph:pred:score> "-2"^^<http://www.w3.org/2001/XMLSchema#decimal> .
//
// Node facts are in the default graph; an edge is written once for each of
// its articles, with the article as graph name (once in the default graph
// when it has none), so its weight is the number of graphs that state it.
// An article's kind and date, and an event type's PLOVER score, are
// written once, after the first edge that uses them: the encoder keeps the
// set of the articles and predicates written, which grows with the
// articles of the graph. Empty facts are left out. A truncated graph ends
// with a comment line: "# truncated at N" and the reason, if any; a page
// with "# next_cursor C".
type nquadsEncoder struct {
	w     io.Writer
	qw    *nquads.Writer
	base  string
	arts  map[string]bool
	preds map[string]bool
}

const (
	xsdDate    = quad.IRI("http://www.w3.org/2001/XMLSchema#date")
	xsdDecimal = quad.IRI("http://www.w3.org/2001/XMLSchema#decimal")
)

func newNQuadsEncoder(w io.Writer, base string) *nquadsEncoder {
	return &nquadsEncoder{w: w, qw: nquads.NewWriter(w), base: base, arts: map[string]bool{}, preds: map[string]bool{}}
}

// iri checks id and returns base+id as an IRI.
func (q *nquadsEncoder) iri(what, id string) (quad.IRI, error) {
	if err := checkIRI(what, id); err != nil {
		return "", err
	}
	return quad.IRI(q.base + id), nil
}

func (q *nquadsEncoder) pred(p string) quad.IRI { return quad.IRI(q.base + "pred:" + p) }

func (q *nquadsEncoder) begin() error { return nil }

// checkIRI reports an error wrapping ErrInvalid when s cannot be written
// as an N-Quads IRI.
func checkIRI(what, s string) error {
	if s == "" {
		return fmt.Errorf("empty %s: %w", what, ErrInvalid)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s %q is not valid UTF-8: %w", what, s, ErrInvalid)
	}
	for _, r := range s {
		if r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
			return fmt.Errorf("%s %q holds %q, not allowed in an IRI: %w", what, s, r, ErrInvalid)
		}
	}
	return nil
}

// literal makes s a string literal: the quad writer escapes quotes,
// backslashes and line breaks, but passes invalid UTF-8 through.
func literal(s string) quad.String {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return quad.String(s)
}

// countryValue is the object of a country fact: the country node for an
// ISO3 code (or a country ID), the literal code for IGO, NGO and IMG.
func (q *nquadsEncoder) countryValue(c string) (quad.Value, error) {
	switch c {
	case schema.CodeIGO, schema.CodeNGO, schema.CodeIMG:
		return quad.String(c), nil
	}
	id := c
	if !strings.HasPrefix(c, schema.PrefixCountry) {
		id = schema.CountryID(c)
	}
	return q.iri("country", id)
}

func (q *nquadsEncoder) node(nd Node, _ int) error {
	id, err := q.iri("id", nd.ID)
	if err != nil {
		return err
	}
	var country quad.Value
	if nd.Country != "" {
		if country, err = q.countryValue(nd.Country); err != nil {
			return err
		}
	}
	if nd.Name != "" {
		if err := q.qw.WriteQuad(quad.Quad{Subject: id, Predicate: q.pred(schema.PredName), Object: literal(nd.Name)}); err != nil {
			return err
		}
	}
	if nd.Kind != "" {
		if err := q.qw.WriteQuad(quad.Quad{Subject: id, Predicate: q.pred(schema.PredKind), Object: literal(nd.Kind)}); err != nil {
			return err
		}
	}
	if country != nil {
		return q.qw.WriteQuad(quad.Quad{Subject: id, Predicate: q.pred(schema.PredCountry), Object: country})
	}
	return nil
}

func (q *nquadsEncoder) startEdges() error { return nil }

func (q *nquadsEncoder) edge(e Edge, _ int) error {
	src, err := q.iri("source", e.Source)
	if err != nil {
		return err
	}
	if err := checkIRI("predicate", e.Predicate); err != nil {
		return err
	}
	dst, err := q.iri("target", e.Target)
	if err != nil {
		return err
	}
	labels := make([]quad.Value, 0, max(1, len(e.Articles)))
	for _, a := range e.Articles {
		l, err := q.iri("article", a.ID)
		if err != nil {
			return err
		}
		if a.Date != "" && !validDate(a.Date) {
			return fmt.Errorf("article %s: date %q is not YYYY-MM-DD: %w", a.ID, a.Date, ErrInvalid)
		}
		labels = append(labels, l)
	}
	if len(labels) == 0 {
		labels = append(labels, nil)
	}
	p := q.pred(e.Predicate)
	for _, l := range labels {
		if err := q.qw.WriteQuad(quad.Quad{Subject: src, Predicate: p, Object: dst, Label: l}); err != nil {
			return err
		}
	}
	for i, a := range e.Articles {
		if q.arts[a.ID] {
			continue
		}
		q.arts[a.ID] = true
		if err := q.qw.WriteQuad(quad.Quad{Subject: labels[i], Predicate: q.pred(schema.PredKind), Object: quad.String(schema.KindArticle)}); err != nil {
			return err
		}
		if a.Date != "" {
			if err := q.qw.WriteQuad(quad.Quad{Subject: labels[i], Predicate: q.pred(schema.PredDate), Object: quad.TypedString{Value: quad.String(a.Date), Type: xsdDate}}); err != nil {
				return err
			}
		}
	}
	if e.Score != nil && !q.preds[e.Predicate] {
		q.preds[e.Predicate] = true
		v := quad.TypedString{Value: quad.String(strconv.FormatFloat(*e.Score, 'f', -1, 64)), Type: xsdDecimal}
		if err := q.qw.WriteQuad(quad.Quad{Subject: p, Predicate: q.pred(schema.PredScore), Object: v}); err != nil {
			return err
		}
	}
	return nil
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil && len(s) == len(time.DateOnly)
}

func (q *nquadsEncoder) end(t Trailer) error {
	if err := q.qw.Close(); err != nil { // flushes, does not close q.w
		return err
	}
	if t.Truncated {
		b := []byte("# truncated")
		if t.Limit != 0 {
			b = append(b, " at "...)
			b = strconv.AppendInt(b, int64(t.Limit), 10)
		}
		if t.Reason != "" {
			b = append(b, ": "...)
			b = append(b, strings.Join(strings.Fields(strings.ToValidUTF8(t.Reason, "\uFFFD")), " ")...)
		}
		b = append(b, '\n')
		if _, err := q.w.Write(b); err != nil {
			return err
		}
	}
	if t.Next != "" {
		if _, err := io.WriteString(q.w, "# next_cursor "+t.Next+"\n"); err != nil {
			return err
		}
	}
	return nil
}
