package rawquery

import (
	"context"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// scanShape is a Cayley iterator over a scan kept in the server: the
// quads of one node in one direction, every node, or every quad. It is
// read a chunk at a time, so g.V().Limit(5) reads five nodes of a store
// of millions, and Contains is answered from the candidate alone where it
// can be.
type scanShape struct {
	s     *remoteStore
	kind  scanKind
	dir   quad.Direction
	val   quad.Value
	empty bool // a scan of a node the store does not have
}

var _ cgraph.IteratorShape = (*scanShape)(nil)

func (it *scanShape) String() string {
	switch it.kind {
	case scanQuads:
		return fmt.Sprintf("RemoteQuads(%v=%v)", it.dir, it.val)
	case scanAllNodes:
		return "RemoteAllNodes"
	default:
		return "RemoteAllQuads"
	}
}

func (it *scanShape) Iterate() cgraph.Scanner { return &scanNext{shape: it} }
func (it *scanShape) Lookup() cgraph.Index    { return &scanContains{shape: it} }

func (it *scanShape) SubIterators() []cgraph.IteratorShape { return nil }

func (it *scanShape) Optimize(ctx context.Context) (cgraph.IteratorShape, bool) {
	return it, false
}

func (it *scanShape) Stats(ctx context.Context) (cgraph.IteratorCosts, error) {
	var size cgraph.Size
	var err error
	switch {
	case it.empty:
		size = cgraph.Size{Size: 0, Exact: true}
	case it.kind == scanQuads:
		size, err = it.s.QuadIteratorSize(ctx, it.dir, cgraph.PreFetched(it.val))
	default:
		var st cgraph.Stats
		st, err = it.s.Stats(ctx, false)
		size = st.Quads
		if it.kind == scanAllNodes {
			size = st.Nodes
		}
	}
	// A round trip to the server for each chunk: dear to scan, cheap to
	// check.
	return cgraph.IteratorCosts{NextCost: 4, ContainsCost: 1, Size: size}, err
}

// scanNext reads the scan from the server.
type scanNext struct {
	shape  *scanShape
	stream uint64
	opened bool
	buf    []cgraph.Ref
	more   bool
	result cgraph.Ref
	err    error
}

func (it *scanNext) Next(ctx context.Context) bool {
	if it.err != nil || it.shape.empty {
		return false
	}
	for len(it.buf) == 0 {
		if it.opened && !it.more {
			return false
		}
		if err := it.fetch(); err != nil {
			it.err = err
			return false
		}
	}
	it.result, it.buf = it.buf[0], it.buf[1:]
	return true
}

func (it *scanNext) fetch() error {
	w := it.shape.s.w
	req := request{Op: opNext, Stream: it.stream}
	if !it.opened {
		b, err := encodeValue(it.shape.val)
		if err != nil {
			return err
		}
		req = request{Op: opOpen, Scan: it.shape.kind, Dir: it.shape.dir, Val: b}
	}
	rep, err := w.call(req)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if !it.opened {
		it.opened, it.stream = true, rep.Stream
	}
	it.more = rep.More
	for _, b := range rep.Vals {
		v, err := decodeValue(b)
		if err != nil {
			return err
		}
		it.buf = append(it.buf, cgraph.PreFetched(v))
	}
	for _, wq := range rep.Quads {
		q, err := decodeQuad(wq)
		if err != nil {
			return err
		}
		it.buf = append(it.buf, quadRef{q})
	}
	return nil
}

func (it *scanNext) Result() cgraph.Ref                { return it.result }
func (it *scanNext) NextPath(ctx context.Context) bool { return false }
func (it *scanNext) TagResults(map[string]cgraph.Ref)  {}
func (it *scanNext) Err() error                        { return it.err }
func (it *scanNext) String() string                    { return it.shape.String() }
func (it *scanNext) Close() error {
	if it.opened && it.more {
		it.more = false
		if _, err := it.shape.s.w.call(request{Op: opClose, Stream: it.stream}); err != nil {
			return fmt.Errorf("store: %w", err)
		}
	}
	return nil
}

// scanContains answers whether a ref belongs to the scan.
type scanContains struct {
	shape  *scanShape
	result cgraph.Ref
}

func (it *scanContains) Contains(ctx context.Context, r cgraph.Ref) bool {
	it.result = nil
	if it.shape.empty || r == nil {
		return false
	}
	ok := false
	switch it.shape.kind {
	case scanQuads:
		if q, isQuad := r.(quadRef); isQuad {
			ok = q.q.Get(it.shape.dir) == it.shape.val
		}
	case scanAllNodes:
		if v := it.shape.s.NameOf(r); v != nil {
			ok = it.shape.s.ValueOf(v) != nil
		}
	case scanAllQuads:
		// Every quad ref came from the store.
		_, ok = r.(quadRef)
	}
	if ok {
		it.result = r
	}
	return ok
}

func (it *scanContains) Result() cgraph.Ref                { return it.result }
func (it *scanContains) NextPath(ctx context.Context) bool { return false }
func (it *scanContains) TagResults(map[string]cgraph.Ref)  {}
func (it *scanContains) Err() error                        { return nil }
func (it *scanContains) Close() error                      { return nil }
func (it *scanContains) String() string                    { return it.shape.String() }
