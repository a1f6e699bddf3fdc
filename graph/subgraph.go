package graph

import (
	"context"
	"fmt"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"

	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/schema"
)

// Subgraph bounds: SubgraphOptions.Depth 0 means DefaultSubgraphDepth;
// Limit <= 0 means DefaultSubgraphLimit and larger limits are cut to
// MaxSubgraphLimit.
const (
	DefaultSubgraphDepth = 1
	MaxSubgraphDepth     = 3
	DefaultSubgraphLimit = 500
	MaxSubgraphLimit     = 10000
)

// SubgraphOptions select the neighbourhood of an entity.
type SubgraphOptions struct {
	Center string // entity ID
	Depth  int    // hops from the center, 1..3
	// Kinds keeps only nodes of these kinds (Country, Person,
	// Organization, Concept; case-insensitive) besides the center; empty
	// keeps all. The search does not go through the nodes left out.
	Kinds []schema.Kind
	// Predicates keeps only edges with these predicates; empty keeps all.
	Predicates []string
	// From and To (YYYY-MM-DD, inclusive) bound the dates of the
	// statements an edge is made of: an edge with no statement in range
	// is left out, and its weight, first and last count only those in
	// range. Statements without a date are left out when either is set.
	From, To string
	// Limit is the most edges returned. Nodes need no limit of their own:
	// every node but the center is reached by a returned edge, so there
	// are at most Limit+1.
	Limit int
	// Articles fills each edge's Articles, for the formats that write
	// them (N-Quads).
	Articles bool
	// ViaConcepts walks on through the concepts reached ("troops",
	// "tariffs"). Without it a concept is a leaf: it joins the entities
	// that offer or reject it, not those entities to each other's
	// neighbours.
	ViaConcepts bool
}

// Subgraph is the neighbourhood of an entity: entity nodes and analyst
// edges, in breadth-first order from the center (the first node). An
// edge's Weight is the number of distinct articles that state it, First
// and Last the dates of its earliest and latest statements, and Score the
// PLOVER score of its type when the predicate is an event type (nil
// otherwise).
type Subgraph struct {
	Center    string        `json:"center"`
	Depth     int           `json:"depth"`
	Nodes     []export.Node `json:"nodes"`
	Edges     []export.Edge `json:"edges"`
	Truncated bool          `json:"truncated"` // some edge was left out for the limit
	Limit     int           `json:"limit"`     // the limit applied
}

// Subgraph returns the analyst edges within opts.Depth hops of an entity,
// walked in both directions: from each node at depth d < Depth, every edge
// in or out of it (that the filters keep) is taken and its other end
// becomes a node at depth d+1. Edges between two nodes at the last depth
// are not looked for. Events, statements, actor and article nodes are not
// walked: only analyst edges between entities. Each node's edges are
// taken strongest first (by weight, then by subject, predicate, object),
// so when the limit cuts the graph short (Truncated) the strongest ties of
// the nearest nodes are the ones kept. An unknown center is ErrNotFound;
// a bad depth, kind or date ErrInvalid.
func (s *Store) Subgraph(ctx context.Context, opts SubgraphOptions) (*Subgraph, error) {
	g, err := s.subgraph(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("subgraph of %s: %w", opts.Center, err)
	}
	return g, nil
}

func (s *Store) subgraph(ctx context.Context, opts SubgraphOptions) (*Subgraph, error) {
	depth := opts.Depth
	switch {
	case depth == 0:
		depth = DefaultSubgraphDepth
	case depth < 0 || depth > MaxSubgraphDepth:
		return nil, fmt.Errorf("%w: depth %d is not 1..%d", ErrInvalid, opts.Depth, MaxSubgraphDepth)
	}
	limit := opts.Limit
	switch {
	case limit <= 0:
		limit = DefaultSubgraphLimit
	case limit > MaxSubgraphLimit:
		limit = MaxSubgraphLimit
	}
	kinds, err := kindSet(opts.Kinds)
	if err != nil {
		return nil, err
	}
	f, err := newEdgeFilter(opts.Predicates, opts.From, opts.To)
	if err != nil {
		return nil, err
	}
	v, done, err := s.view()
	if err != nil {
		return nil, err
	}
	defer done()
	center, ok, err := v.entity(ctx, opts.Center)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}

	g := &Subgraph{Center: opts.Center, Depth: depth, Limit: limit, Nodes: []export.Node{}, Edges: []export.Edge{}}
	type node struct {
		id  string
		ref cgraph.Ref
	}
	nodes := []node{{opts.Center, center}}
	seen := map[string]bool{opts.Center: true}
	taken := map[string]bool{}
	arts := map[any]export.Article{}
	level := nodes
walk:
	for d := 0; d < depth && len(level) > 0; d++ {
		var next []node
		for _, n := range level {
			es, err := v.incident(ctx, n.ref, f)
			if err != nil {
				return nil, err
			}
			for _, e := range es {
				if taken[e.key()] {
					continue
				}
				other, oref := e.other(n.id)
				if !seen[other] && !kinds.has(other) {
					continue
				}
				if len(g.Edges) == limit {
					g.Truncated = true
					break walk
				}
				taken[e.key()] = true
				xe := e.export()
				if opts.Articles {
					if xe.Articles, err = v.edgeArticles(ctx, e, arts); err != nil {
						return nil, err
					}
				}
				g.Edges = append(g.Edges, xe)
				if !seen[other] {
					// Kept at once: a walk cut short by the limit must
					// still list both ends of every edge it returns.
					seen[other] = true
					if opts.ViaConcepts || !strings.HasPrefix(other, schema.PrefixConcept) {
						next = append(next, node{other, oref})
					}
					nodes = append(nodes, node{other, oref})
				}
			}
		}
		level = next
	}
	for _, n := range nodes {
		nd, err := v.node(ctx, n.id, n.ref)
		if err != nil {
			return nil, err
		}
		g.Nodes = append(g.Nodes, nd)
	}
	return g, nil
}

// kindFilter is a set of entity kinds; empty holds every kind.
type kindFilter map[schema.Kind]bool

func kindSet(ks []schema.Kind) (kindFilter, error) {
	out := kindFilter{}
	for _, k := range ks {
		found := false
		for _, e := range entityKinds {
			if strings.EqualFold(string(k), string(e)) {
				out[e], found = true, true
			}
		}
		if !found {
			return nil, fmt.Errorf("%w: kind %q is not an entity kind", ErrInvalid, k)
		}
	}
	return out, nil
}

// has reports whether the entity id is of a kind in the set.
func (ks kindFilter) has(id string) bool {
	if len(ks) == 0 {
		return true
	}
	k, ok := entityKindOf(id)
	return ok && ks[k]
}

func newEdgeFilter(preds []string, from, to string) (edgeFilter, error) {
	var f edgeFilter
	var err error
	if f.from, err = normDate(from); err != nil {
		return f, fmt.Errorf("from: %w", err)
	}
	if f.to, err = normDate(to); err != nil {
		return f, fmt.Errorf("to: %w", err)
	}
	if f.from != "" && f.to != "" && f.from > f.to {
		return f, fmt.Errorf("%w: from %s is after to %s", ErrInvalid, f.from, f.to)
	}
	for _, p := range preds {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
		case p == PredicatesAll:
			// Every edge: the same as no filter, unless other names
			// come with it, which it includes anyway.
			f.groups = map[string]bool{PredicatesEvents: true, PredicatesVerbs: true, predicatesRelations: true}
		case p == PredicatesEvents || p == PredicatesVerbs:
			if f.groups == nil {
				f.groups = map[string]bool{}
			}
			f.groups[p] = true
		default:
			if f.preds == nil {
				f.preds = map[string]bool{}
			}
			f.preds[p] = true
		}
	}
	return f, nil
}

// Predicate groups, which a predicates filter may name besides single
// predicates: every PLOVER event type, every plain verb edge, or all.
const (
	PredicatesEvents = "plover" // REJECT, AGREE, … (upper case, with a score)
	PredicatesVerbs  = "verbs"  // rejected, offered, … as the sentences say them
	PredicatesAll    = "all"

	predicatesRelations = "relations" // leads, tension: always named singly
)

// predicateGroup returns the group of an analyst predicate.
func predicateGroup(p string) string {
	switch export.EdgeClass(p) {
	case export.ClassEvent:
		return PredicatesEvents
	case export.ClassVerb:
		return PredicatesVerbs
	}
	return predicatesRelations
}

// symmetric reports whether a predicate holds both ways: tension.
func symmetric(p string) bool { return p == schema.PredTension }
