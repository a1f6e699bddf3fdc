package rawquery

import (
	"fmt"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// The worker and the server talk over the worker's stdin and stdout, one
// gob value at a time: the server sends a job, then the worker sends
// requests for the store (each answered by one reply, or by a run of
// replies with More set) and results, and ends with opDone.

type op uint8

const (
	opExists op = iota + 1 // is Val a node of the store?
	opSize                 // how many quads have Val in direction Dir?
	opOpen                 // open a scan (Scan); answered with its Stream ID
	opNext                 // the next chunk of Stream
	opClose                // forget Stream
	opStats                // the store's node and quad counts
	opResult               // one result of the query, JSON in Result
	opDone                 // the query ended; Err says why if it failed
)

type scanKind uint8

const (
	scanQuads    scanKind = iota + 1 // quads with Val in direction Dir
	scanAllNodes                     // every node
	scanAllQuads                     // every quad
)

// job is what the server asks of a worker.
type job struct {
	Language string
	Query    string
	Limit    int   // results at most
	MaxBytes int64 // bytes of JSON results at most
	Memory   int64 // bytes of the worker's data segment (RLIMIT_DATA)
}

// request goes from the worker to the server.
type request struct {
	Op     op
	Dir    quad.Direction
	Val    []byte
	Scan   scanKind
	Stream uint64
	Result []byte
	Err    string
	Kind   string // opDone: the kind of failure (see the err* kinds)
}

// reply goes from the server to the worker.
type reply struct {
	OK     bool
	N      int64 // opSize and opStats: quads
	Exact  bool
	Nodes  int64 // opStats
	Stream uint64
	Vals   [][]byte
	Quads  []wireQuad
	More   bool
	Err    string
}

// wireQuad is a quad with its values marshalled; an empty label is nil.
type wireQuad [4][]byte

// chunkSize is how many values or quads one reply carries.
const chunkSize = 512

func encodeValue(v quad.Value) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	b, err := pquads.MarshalValue(v)
	if err != nil {
		return nil, fmt.Errorf("encode value %v: %w", v, err)
	}
	return b, nil
}

func decodeValue(b []byte) (quad.Value, error) {
	if len(b) == 0 {
		return nil, nil
	}
	v, err := pquads.UnmarshalValue(b)
	if err != nil {
		return nil, fmt.Errorf("decode value: %w", err)
	}
	return v, nil
}

func encodeQuad(q quad.Quad) (wireQuad, error) {
	var w wireQuad
	for i, d := range quad.Directions {
		b, err := encodeValue(q.Get(d))
		if err != nil {
			return w, err
		}
		w[i] = b
	}
	return w, nil
}

func decodeQuad(w wireQuad) (quad.Quad, error) {
	var q quad.Quad
	for i, d := range quad.Directions {
		v, err := decodeValue(w[i])
		if err != nil {
			return q, err
		}
		q.Set(d, v)
	}
	return q, nil
}
