package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"

	"github.com/dipgraph/dipgraph/schema"
)

// Path search bounds: maxHops 0 means DefaultPathHops; limit <= 0 means
// DefaultPathLimit and larger limits are cut to MaxPathLimit. Each hop
// carries at most MaxHopEvidence statements as evidence.
const (
	DefaultPathHops  = 4
	MaxPathHops      = 6
	DefaultPathLimit = 10
	MaxPathLimit     = 100
	MaxHopEvidence   = 3
)

// PathHop is one step of a path: the analyst edge between From and To.
// Forward is true when the edge reads From -Predicate-> To, false when it
// reads To -Predicate-> From (paths may walk edges backwards).
type PathHop struct {
	From      string            `json:"from"`
	To        string            `json:"to"`
	Predicate string            `json:"predicate"`
	Forward   bool              `json:"forward"`
	Support   int               `json:"support"`  // distinct articles stating the edge
	Evidence  []schema.Evidence `json:"evidence"` // its latest statements, at most MaxHopEvidence
}

// Path is a chain of entities from one end to the other: Nodes[0] is the
// start, Nodes[len(Nodes)-1] the end, and Hops[i] joins Nodes[i] and
// Nodes[i+1].
type Path struct {
	Nodes []string  `json:"nodes"`
	Hops  []PathHop `json:"hops"`
}

// Paths returns the shortest paths from one entity to another over
// analyst edges walked in either direction, at most maxHops long (1..6):
// every path of the minimum length, up to limit of them, in a stable
// order. A path is a sequence of distinct entities; where two of them are
// joined by several edges, the hop is the best supported one (then forward
// before backward, then by predicate). Unknown endpoints are ErrNotFound;
// no path within maxHops is an empty result, not an error. A path from an
// entity to itself has no hops.
//
// The search is breadth-first from both ends at once, always widening the
// side with the smaller frontier, and stops at the first level where the
// two meet: every shortest path crosses the level just reached at exactly
// one node, so the paths are enumerated through those meeting nodes.
//
// A concept ("troops", "tariffs") is a path's end, never a step on it,
// unless the option ViaConcepts is given.
func (s *Store) Paths(ctx context.Context, from, to string, maxHops, limit int, opts ...PathOption) ([]Path, error) {
	ps, err := s.paths(ctx, from, to, maxHops, limit, opts)
	if err != nil {
		return nil, fmt.Errorf("paths from %s to %s: %w", from, to, err)
	}
	return ps, nil
}

// PathOption changes how Paths searches.
type PathOption func(*pathSearch)

// ViaConcepts lets paths step through concepts.
func ViaConcepts() PathOption { return func(ps *pathSearch) { ps.viaConcepts = true } }

// bfsSide is one end of a bidirectional search.
type bfsSide struct {
	root  string
	dist  map[string]int
	preds map[string][]string // neighbours one step nearer the root
	refs  map[string]cgraph.Ref
	level []string
	depth int
}

func newSide(root string, ref cgraph.Ref) *bfsSide {
	return &bfsSide{
		root:  root,
		dist:  map[string]int{root: 0},
		preds: map[string][]string{},
		refs:  map[string]cgraph.Ref{root: ref},
		level: []string{root},
	}
}

// pathSearch holds one call's adjacency lists.
type pathSearch struct {
	v   *view
	adj map[string][]*edge
	// ends are the search's endpoints: a concept ("troops", "tariffs")
	// joins the entities that mention it, not entities to each other, so a
	// path passes through one only when it starts or ends there
	ends        map[string]bool
	viaConcepts bool
}

func (ps *pathSearch) incident(ctx context.Context, id string, ref cgraph.Ref) ([]*edge, error) {
	if es, ok := ps.adj[id]; ok {
		return es, nil
	}
	es, err := ps.v.incident(ctx, ref, edgeFilter{})
	if err != nil {
		return nil, err
	}
	ps.adj[id] = es
	return es, nil
}

// expand widens side b by one level.
func (ps *pathSearch) expand(ctx context.Context, b *bfsSide) error {
	var next []string
	for _, u := range b.level {
		es, err := ps.incident(ctx, u, b.refs[u])
		if err != nil {
			return err
		}
		for _, e := range es {
			w, wref := e.other(u)
			if w == u || strings.HasPrefix(w, schema.PrefixConcept) && !ps.ends[w] && !ps.viaConcepts {
				continue
			}
			d, ok := b.dist[w]
			switch {
			case !ok:
				b.dist[w] = b.depth + 1
				b.preds[w] = []string{u}
				b.refs[w] = wref
				next = append(next, w)
			case d == b.depth+1:
				if p := b.preds[w]; p[len(p)-1] != u {
					b.preds[w] = append(p, u)
				}
			}
		}
	}
	for _, w := range next {
		sort.Strings(b.preds[w])
	}
	sort.Strings(next)
	b.level = next
	b.depth++
	return nil
}

func (s *Store) paths(ctx context.Context, from, to string, maxHops, limit int, opts []PathOption) ([]Path, error) {
	switch {
	case maxHops == 0:
		maxHops = DefaultPathHops
	case maxHops < 0 || maxHops > MaxPathHops:
		return nil, fmt.Errorf("%w: maxHops %d is not 1..%d", ErrInvalid, maxHops, MaxPathHops)
	}
	switch {
	case limit <= 0:
		limit = DefaultPathLimit
	case limit > MaxPathLimit:
		limit = MaxPathLimit
	}
	v, done, err := s.view()
	if err != nil {
		return nil, err
	}
	defer done()
	fref, ok, err := v.entity(ctx, from)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s: %w", from, ErrNotFound)
	}
	tref, ok, err := v.entity(ctx, to)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s: %w", to, ErrNotFound)
	}
	if from == to {
		return []Path{{Nodes: []string{from}, Hops: []PathHop{}}}, nil
	}

	ps := &pathSearch{v: v, adj: map[string][]*edge{}, ends: map[string]bool{from: true, to: true}}
	for _, o := range opts {
		o(ps)
	}
	fw, bw := newSide(from, fref), newSide(to, tref)
	for fw.depth+bw.depth < maxHops && len(fw.level) > 0 && len(bw.level) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		grow, other := fw, bw
		if len(bw.level) < len(fw.level) {
			grow, other = bw, fw
		}
		if err := ps.expand(ctx, grow); err != nil {
			return nil, err
		}
		best := -1
		var meet []string
		for _, m := range grow.level {
			d, ok := other.dist[m]
			if !ok {
				continue
			}
			switch total := grow.depth + d; {
			case best < 0 || total < best:
				best, meet = total, []string{m}
			case total == best:
				meet = append(meet, m)
			}
		}
		if best >= 0 {
			return ps.collect(ctx, fw, bw, meet, limit)
		}
	}
	return []Path{}, nil
}

// chains lists up to limit shortest chains from b's root to n, each
// starting at the root and ending at n.
func chains(b *bfsSide, n string, limit int) [][]string {
	if n == b.root {
		return [][]string{{n}}
	}
	var out [][]string
	for _, p := range b.preds[n] {
		for _, c := range chains(b, p, limit-len(out)) {
			out = append(out, append(c, n))
			if len(out) >= limit {
				return out
			}
		}
	}
	return out
}

// collect builds the paths through the meeting nodes, with their hops.
func (ps *pathSearch) collect(ctx context.Context, fw, bw *bfsSide, meet []string, limit int) ([]Path, error) {
	out := []Path{}
	for _, m := range meet {
		heads := chains(fw, m, limit)
		tails := chains(bw, m, limit)
		for _, h := range heads {
			for _, t := range tails {
				nodes := append([]string(nil), h...)
				for i := len(t) - 2; i >= 0; i-- {
					nodes = append(nodes, t[i])
				}
				out = append(out, Path{Nodes: nodes})
				if len(out) == limit {
					return ps.hops(ctx, out, fw, bw)
				}
			}
		}
	}
	return ps.hops(ctx, out, fw, bw)
}

// hops fills in each path's hops: the best supported edge between each
// two consecutive nodes, with its evidence.
func (ps *pathSearch) hops(ctx context.Context, paths []Path, fw, bw *bfsSide) ([]Path, error) {
	ref := func(id string) cgraph.Ref {
		if r, ok := fw.refs[id]; ok {
			return r
		}
		return bw.refs[id]
	}
	done := map[[2]string]PathHop{}
	for i := range paths {
		p := &paths[i]
		p.Hops = make([]PathHop, 0, len(p.Nodes)-1)
		for j := 0; j+1 < len(p.Nodes); j++ {
			a, b := p.Nodes[j], p.Nodes[j+1]
			h, ok := done[[2]string{a, b}]
			if !ok {
				e, err := ps.between(ctx, a, ref(a), b, ref(b))
				if err != nil {
					return nil, err
				}
				if e == nil {
					return nil, fmt.Errorf("no edge between %s and %s on a found path", a, b)
				}
				ev, err := ps.v.evidence(ctx, e, MaxHopEvidence)
				if err != nil {
					return nil, err
				}
				h = PathHop{From: a, To: b, Predicate: e.p, Forward: e.s == a, Support: e.weight(), Evidence: ev}
				done[[2]string{a, b}] = h
			}
			p.Hops = append(p.Hops, h)
		}
	}
	return paths, nil
}

// between returns the best supported edge joining a and b, nil when none:
// by weight, then forward (a to b) first, then by predicate.
func (ps *pathSearch) between(ctx context.Context, a string, aref cgraph.Ref, b string, bref cgraph.Ref) (*edge, error) {
	es, ok := ps.adj[a]
	if !ok {
		if es, ok = ps.adj[b]; !ok {
			var err error
			if es, err = ps.incident(ctx, a, aref); err != nil {
				return nil, err
			}
		}
	}
	var best *edge
	for _, e := range es {
		if !(e.s == a && e.o == b || e.s == b && e.o == a) {
			continue
		}
		if best == nil || betterHop(e, best, a) {
			best = e
		}
	}
	return best, nil
}

func betterHop(x, y *edge, from string) bool {
	if x.weight() != y.weight() {
		return x.weight() > y.weight()
	}
	if fx, fy := x.s == from, y.s == from; fx != fy {
		return fx
	}
	return x.p < y.p
}
