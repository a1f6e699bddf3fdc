package graph

import (
	"context"
	"fmt"
	"sort"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/schema"
)

// exportChunk is how many entities an export reads under one hold of the
// read lock: between chunks the lock is let go, so deletes are not held up
// by a long export, nor by a slow reader of its output.
const exportChunk = 256

// ExportGraph writes the whole graph to w: every entity (countries,
// people, organisations, concepts; sorted by ID) as a node, then every
// analyst edge with its weight (distinct supporting articles), first and
// last statement dates and, for event predicates, the PLOVER score of the
// type; then it closes w with an empty trailer. Edges come grouped by
// subject, in the order of the nodes, then by predicate and object.
//
// Memory stays flat in the number of edges, statements and articles: the
// edges are never gathered. The export keeps the list of entity IDs (a
// small fraction of a graph: a few thousand per million quads) and reads
// the edges one subject at a time: the statements whose subject is the
// entity (one prefix scan of the object–predicate–subject index), grouped
// by predicate and object in a map as large as that entity's out-degree,
// written, and dropped. The read lock is taken per chunk of entities, not
// for the whole export, and never while writing to w. Writes made during
// an export may or may not show in it; an edge is written only when both
// its ends were written as nodes.
func (s *Store) ExportGraph(ctx context.Context, w export.Writer) error {
	if err := s.exportGraph(ctx, w); err != nil {
		return fmt.Errorf("export graph: %w", err)
	}
	return nil
}

type exportEntity struct {
	id  string
	ref cgraph.Ref
}

func (s *Store) exportGraph(ctx context.Context, w export.Writer) error {
	ents, err := s.exportEntities(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, len(ents))
	for i, e := range ents {
		ids[i] = e.id
	}
	has := func(id string) bool {
		i := sort.SearchStrings(ids, id)
		return i < len(ids) && ids[i] == id
	}

	nodes := make([]export.Node, 0, exportChunk)
	for lo := 0; lo < len(ents); lo += exportChunk {
		chunk := ents[lo:min(lo+exportChunk, len(ents))]
		nodes = nodes[:0]
		err := s.withView(ctx, func(v *view) error {
			for _, e := range chunk {
				n, err := v.node(ctx, e.id, e.ref)
				if err != nil {
					return fmt.Errorf("node %s: %w", e.id, err)
				}
				nodes = append(nodes, n)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, n := range nodes {
			if err := w.Node(n); err != nil {
				return err
			}
		}
	}

	for _, e := range ents {
		var es []*edge
		err := s.withView(ctx, func(v *view) error {
			hits, err := v.statementsOf(ctx, e.ref, quad.Subject)
			if err != nil {
				return err
			}
			// keep=false: an export would only churn the cache.
			es, err = v.edges(ctx, hits, edgeFilter{}, false)
			return err
		})
		if err != nil {
			return fmt.Errorf("edges of %s: %w", e.id, err)
		}
		sort.Slice(es, func(i, j int) bool { return es[i].key() < es[j].key() })
		for _, ed := range es {
			if ed.s != e.id || !has(ed.o) {
				continue
			}
			if err := w.Edge(ed.export()); err != nil {
				return err
			}
		}
	}
	return w.Close(export.Trailer{})
}

// withView runs fn under the read lock, after checking ctx.
func (s *Store) withView(ctx context.Context, fn func(*view) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v, done, err := s.view()
	if err != nil {
		return err
	}
	defer done()
	return fn(v)
}

// exportEntities lists every entity, sorted by ID: the subjects of the
// kind facts of the four entity kinds, each a prefix scan of the
// object–predicate–subject index.
func (s *Store) exportEntities(ctx context.Context) ([]exportEntity, error) {
	var out []exportEntity
	err := s.withView(ctx, func(v *view) error {
		pk := v.pred(schema.PredKind)
		for _, k := range entityKinds {
			// One kind fact per article that mentions the entity, and the
			// index keeps a subject's together: streamed, not gathered.
			var refs []cgraph.Ref
			var last any
			err := v.each(ctx, quad.Object, v.ref(quad.String(k)), pk, func(q rawQuad) bool {
				if key := refKey(q.s); key != last {
					refs = append(refs, q.s)
					last = key
				}
				return true
			})
			if err != nil {
				return err
			}
			n, err := v.values(ctx, refs...)
			if err != nil {
				return err
			}
			seen := map[string]bool{}
			for _, ref := range refs {
				id := str(n.of(ref))
				if kk, ok := entityKindOf(id); ok && kk == k && !seen[id] {
					seen[id] = true
					out = append(out, exportEntity{id, ref})
				}
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out, err
}
