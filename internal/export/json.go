package export

import (
	"io"
	"strconv"
)

// jsonEncoder writes the three JSON flavours, one element a line:
//
//	json:      {"nodes":[{id,kind,name,country}],"edges":[{id,source,target,predicate,class,weight,first,last,score,symmetric}],"truncated":b,"limit":n}
//	cytoscape: {"elements":{"nodes":[{"data":{id,label,kind,country}}],"edges":[{"data":{id,source,target,label,predicate,class,weight,first,last,score,symmetric}}]},"truncated":b,"limit":n}
//	d3:        {"nodes":[{id,name,kind,country}],"links":[{source,target,predicate,class,value,first,last,score,symmetric}],"truncated":b,"limit":n}
//
// A "reason" member follows "limit" when the trailer has one, and a
// "next_cursor" member when it has a next page.
type jsonEncoder struct {
	out
	flavour string
}

func newJSONEncoder(flavour string, w io.Writer) *jsonEncoder {
	return &jsonEncoder{out: newOut(w), flavour: flavour}
}

func (j *jsonEncoder) begin() error {
	if j.flavour == Cytoscape {
		j.buf = append(j.buf, `{"elements":{"nodes":[`...)
	} else {
		j.buf = append(j.buf, `{"nodes":[`...)
	}
	return j.flushBuf()
}

func sep(b []byte, n int) []byte {
	if n == 0 {
		return append(b, '\n')
	}
	return append(b, ",\n"...)
}

func (j *jsonEncoder) node(nd Node, n int) error {
	b := sep(j.buf, n)
	switch j.flavour {
	case Cytoscape:
		b = append(b, `{"data":{"id":`...)
		b = appendJSONString(b, nd.ID)
		b = append(b, `,"label":`...)
		b = appendJSONString(b, nd.Name)
		b = append(b, `,"kind":`...)
		b = appendJSONString(b, nd.Kind)
	case D3:
		b = append(b, `{"id":`...)
		b = appendJSONString(b, nd.ID)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, nd.Name)
		b = append(b, `,"kind":`...)
		b = appendJSONString(b, nd.Kind)
	default:
		b = append(b, `{"id":`...)
		b = appendJSONString(b, nd.ID)
		b = append(b, `,"kind":`...)
		b = appendJSONString(b, nd.Kind)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, nd.Name)
	}
	if nd.Country != "" {
		b = append(b, `,"country":`...)
		b = appendJSONString(b, nd.Country)
	}
	if j.flavour == Cytoscape {
		b = append(b, '}')
	}
	j.buf = append(b, '}')
	return j.flushBuf()
}

func (j *jsonEncoder) startEdges() error {
	if j.flavour == D3 {
		j.buf = append(j.buf, "\n],\"links\":["...)
	} else {
		j.buf = append(j.buf, "\n],\"edges\":["...)
	}
	return j.flushBuf()
}

func (j *jsonEncoder) edge(e Edge, n int) error {
	b := sep(j.buf, n)
	switch j.flavour {
	case Cytoscape:
		b = append(b, `{"data":{"id":`...)
		b = appendJSONEdgeID(b, e)
		b = append(b, `,"source":`...)
	case D3:
		b = append(b, `{"source":`...)
	default:
		b = append(b, `{"id":`...)
		b = appendJSONEdgeID(b, e)
		b = append(b, `,"source":`...)
	}
	b = appendJSONString(b, e.Source)
	b = append(b, `,"target":`...)
	b = appendJSONString(b, e.Target)
	if j.flavour == Cytoscape {
		b = append(b, `,"label":`...)
		b = appendJSONString(b, e.Predicate)
	}
	b = append(b, `,"predicate":`...)
	b = appendJSONString(b, e.Predicate)
	b = append(b, `,"class":"`...)
	b = append(b, EdgeClass(e.Predicate)...)
	b = append(b, '"')
	if j.flavour == D3 {
		b = append(b, `,"value":`...)
	} else {
		b = append(b, `,"weight":`...)
	}
	b = strconv.AppendInt(b, int64(e.Weight), 10)
	if e.First != "" {
		b = append(b, `,"first":`...)
		b = appendJSONString(b, e.First)
	}
	if e.Last != "" {
		b = append(b, `,"last":`...)
		b = appendJSONString(b, e.Last)
	}
	if e.Score != nil {
		b = append(b, `,"score":`...)
		b = appendFloat(b, *e.Score)
	}
	if e.Symmetric {
		b = append(b, `,"symmetric":true`...)
	}
	if j.flavour == Cytoscape {
		b = append(b, '}')
	}
	j.buf = append(b, '}')
	return j.flushBuf()
}

func (j *jsonEncoder) end(t Trailer) error {
	b := append(j.buf, "\n]"...)
	if j.flavour == Cytoscape {
		b = append(b, '}')
	}
	b = append(b, `,"truncated":`...)
	b = strconv.AppendBool(b, t.Truncated)
	b = append(b, `,"limit":`...)
	b = strconv.AppendInt(b, int64(t.Limit), 10)
	if t.Reason != "" {
		b = append(b, `,"reason":`...)
		b = appendJSONString(b, t.Reason)
	}
	if t.Next != "" {
		b = append(b, `,"next_cursor":`...)
		b = appendJSONString(b, t.Next)
	}
	j.buf = append(b, "}\n"...)
	return j.close()
}

func appendJSONEdgeID(b []byte, e Edge) []byte {
	b = append(b, '"')
	b = appendEscapedEdgeID(b, e.Source, e.Predicate, e.Target, appendJSONChars)
	return append(b, '"')
}
