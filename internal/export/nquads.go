package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/dipgraph/dipgraph/schema"
)

// nquadsEncoder writes N-Quads (triples, no graph label) with the quad
// library's writer, in the store's vocabulary:
//
//	<id> <name> "Name" .
//	<id> <kind> "Country" .
//	<id> <country> <country:MEX> .     (or the literal "IGO", "NGO", "IMG")
//	<source> <predicate> <target> .
//
// Empty facts are left out. Edge weight, dates and score have no place in
// a plain triple and are not written. A truncated graph ends with a
// comment line: "# truncated at N" and the reason, if any.
type nquadsEncoder struct {
	w  io.Writer
	qw *nquads.Writer
}

func newNQuadsEncoder(w io.Writer) *nquadsEncoder {
	return &nquadsEncoder{w: w, qw: nquads.NewWriter(w)}
}

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

var (
	iriName    = quad.IRI(schema.PredName)
	iriKind    = quad.IRI(schema.PredKind)
	iriCountry = quad.IRI(schema.PredCountry)
)

// countryValue is the object of a country fact: the country node for an
// ISO3 code (or a country ID), the literal code for IGO, NGO and IMG.
func countryValue(c string) (quad.Value, error) {
	switch c {
	case schema.CodeIGO, schema.CodeNGO, schema.CodeIMG:
		return quad.String(c), nil
	}
	id := c
	if !strings.HasPrefix(c, schema.PrefixCountry) {
		id = schema.CountryID(c)
	}
	if err := checkIRI("country", id); err != nil {
		return nil, err
	}
	return quad.IRI(id), nil
}

func (q *nquadsEncoder) node(nd Node, _ int) error {
	if err := checkIRI("id", nd.ID); err != nil {
		return err
	}
	var country quad.Value
	if nd.Country != "" {
		var err error
		if country, err = countryValue(nd.Country); err != nil {
			return err
		}
	}
	id := quad.IRI(nd.ID)
	if nd.Name != "" {
		if err := q.qw.WriteQuad(quad.Quad{Subject: id, Predicate: iriName, Object: literal(nd.Name)}); err != nil {
			return err
		}
	}
	if nd.Kind != "" {
		if err := q.qw.WriteQuad(quad.Quad{Subject: id, Predicate: iriKind, Object: literal(nd.Kind)}); err != nil {
			return err
		}
	}
	if country != nil {
		return q.qw.WriteQuad(quad.Quad{Subject: id, Predicate: iriCountry, Object: country})
	}
	return nil
}

func (q *nquadsEncoder) startEdges() error { return nil }

func (q *nquadsEncoder) edge(e Edge, _ int) error {
	if err := checkIRI("source", e.Source); err != nil {
		return err
	}
	if err := checkIRI("predicate", e.Predicate); err != nil {
		return err
	}
	if err := checkIRI("target", e.Target); err != nil {
		return err
	}
	return q.qw.WriteQuad(quad.Quad{Subject: quad.IRI(e.Source), Predicate: quad.IRI(e.Predicate), Object: quad.IRI(e.Target)})
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
	return nil
}
