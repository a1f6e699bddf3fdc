package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dipgraph/dipgraph/schema"
)

// jsonldEncoder writes JSON-LD 1.1: the same RDF dataset as N-Quads, with
// the same absolute IRIs, one element a line inside the top-level
// "@graph":
//
//	{"@id":"urn:dipgraph:country:MEX","urn:dipgraph:pred:name":"Mexico","urn:dipgraph:pred:kind":"Country",…}
//	{"@id":"urn:dipgraph:article:…","@graph":[{"@id":SOURCE,"urn:dipgraph:pred:REJECT":{"@id":TARGET}}]}
//	{"@id":"urn:dipgraph:article:…","urn:dipgraph:pred:kind":"Article","urn:dipgraph:pred:date":{"@value":"2025-05-04","@type":"…#date"}}
//
// A node with "@graph" is the named graph of its article: an edge is
// written once per supporting article, in its graph. JSON-LD has no place
// for anything but the graph, so the trailer, when there is one, is a
// node of its own, <BASE export>, with pred:truncated, pred:limit,
// pred:reason and pred:nextCursor.
type jsonldEncoder struct {
	out
	base  string
	arts  map[string]bool
	preds map[string]bool
	n     int // elements written
}

func newJSONLDEncoder(w io.Writer, base string) *jsonldEncoder {
	return &jsonldEncoder{out: newOut(w), base: base, arts: map[string]bool{}, preds: map[string]bool{}}
}

func (j *jsonldEncoder) begin() error {
	j.buf = append(j.buf, `{"@graph":[`...)
	return j.flushBuf()
}

// open starts an element of "@graph".
func (j *jsonldEncoder) open(b []byte) []byte {
	b = sep(b, j.n)
	j.n++
	return b
}

func (j *jsonldEncoder) appendIRI(b []byte, id string) []byte {
	return appendJSONString(b, j.base+id)
}

// appendProp appends ,"BASE pred:p":
func (j *jsonldEncoder) appendProp(b []byte, p string) []byte {
	b = append(b, ',')
	b = appendJSONString(b, j.base+"pred:"+p)
	return append(b, ':')
}

func (j *jsonldEncoder) appendRef(b []byte, id string) []byte {
	b = append(b, `{"@id":`...)
	b = j.appendIRI(b, id)
	return append(b, '}')
}

func appendTyped(b []byte, value, typ string) []byte {
	b = append(b, `{"@value":`...)
	b = appendJSONString(b, value)
	b = append(b, `,"@type":"`...)
	b = append(b, typ...)
	return append(b, `"}`...)
}

func (j *jsonldEncoder) node(nd Node, _ int) error {
	if err := checkIRI("id", nd.ID); err != nil {
		return err
	}
	var country string
	literal := false
	switch c := nd.Country; c {
	case "":
	case schema.CodeIGO, schema.CodeNGO, schema.CodeIMG:
		country, literal = c, true
	default:
		country = c
		if !strings.HasPrefix(c, schema.PrefixCountry) {
			country = schema.CountryID(c)
		}
		if err := checkIRI("country", country); err != nil {
			return err
		}
	}
	b := j.open(j.buf)
	b = append(b, `{"@id":`...)
	b = j.appendIRI(b, nd.ID)
	if nd.Name != "" {
		b = j.appendProp(b, schema.PredName)
		b = appendJSONString(b, nd.Name)
	}
	if nd.Kind != "" {
		b = j.appendProp(b, schema.PredKind)
		b = appendJSONString(b, nd.Kind)
	}
	if country != "" {
		b = j.appendProp(b, schema.PredCountry)
		if literal {
			b = appendJSONString(b, country)
		} else {
			b = j.appendRef(b, country)
		}
	}
	j.buf = append(b, '}')
	return j.flushBuf()
}

func (j *jsonldEncoder) startEdges() error { return nil }

func (j *jsonldEncoder) edge(e Edge, _ int) error {
	for _, c := range [][2]string{{"source", e.Source}, {"predicate", e.Predicate}, {"target", e.Target}} {
		if err := checkIRI(c[0], c[1]); err != nil {
			return err
		}
	}
	for _, a := range e.Articles {
		if err := checkIRI("article", a.ID); err != nil {
			return err
		}
		if a.Date != "" && !validDate(a.Date) {
			return fmt.Errorf("article %s: date %q is not YYYY-MM-DD: %w", a.ID, a.Date, ErrInvalid)
		}
	}
	stmt := func(b []byte) []byte {
		b = append(b, `{"@id":`...)
		b = j.appendIRI(b, e.Source)
		b = j.appendProp(b, e.Predicate)
		b = j.appendRef(b, e.Target)
		return append(b, '}')
	}
	b := j.buf
	if len(e.Articles) == 0 {
		b = stmt(j.open(b))
	}
	for _, a := range e.Articles {
		b = j.open(b)
		b = append(b, `{"@id":`...)
		b = j.appendIRI(b, a.ID)
		b = append(b, `,"@graph":[`...)
		b = stmt(b)
		b = append(b, "]}"...)
	}
	for _, a := range e.Articles {
		if j.arts[a.ID] {
			continue
		}
		j.arts[a.ID] = true
		b = j.open(b)
		b = append(b, `{"@id":`...)
		b = j.appendIRI(b, a.ID)
		b = j.appendProp(b, schema.PredKind)
		b = appendJSONString(b, string(schema.KindArticle))
		if a.Date != "" {
			b = j.appendProp(b, schema.PredDate)
			b = appendTyped(b, a.Date, string(xsdDate))
		}
		b = append(b, '}')
	}
	if e.Score != nil && !j.preds[e.Predicate] {
		j.preds[e.Predicate] = true
		b = j.open(b)
		b = append(b, `{"@id":`...)
		b = appendJSONString(b, j.base+"pred:"+e.Predicate)
		b = j.appendProp(b, schema.PredScore)
		b = appendTyped(b, strconv.FormatFloat(*e.Score, 'f', -1, 64), string(xsdDecimal))
		b = append(b, '}')
	}
	j.buf = b
	return j.flushBuf()
}

func (j *jsonldEncoder) end(t Trailer) error {
	b := j.buf
	if t.Truncated || t.Next != "" {
		b = j.open(b)
		b = append(b, `{"@id":`...)
		b = appendJSONString(b, j.base+"export")
		b = j.appendProp(b, "truncated")
		b = strconv.AppendBool(b, t.Truncated)
		if t.Limit != 0 {
			b = j.appendProp(b, "limit")
			b = strconv.AppendInt(b, int64(t.Limit), 10)
		}
		if t.Reason != "" {
			b = j.appendProp(b, "reason")
			b = appendJSONString(b, t.Reason)
		}
		if t.Next != "" {
			b = j.appendProp(b, "nextCursor")
			b = appendJSONString(b, t.Next)
		}
		b = append(b, '}')
	}
	j.buf = append(b, "\n]}\n"...)
	return j.close()
}
