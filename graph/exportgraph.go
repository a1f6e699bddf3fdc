package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/schema"
)

// exportChunk is how many entities an export reads under one hold of the
// read lock: between chunks the lock is let go, so deletes are not held up
// by a long export, nor by a slow reader of its output.
const exportChunk = 256

// ExportOptions select what ExportGraph writes.
type ExportOptions struct {
	// Predicates keeps only edges with these predicates or predicate
	// groups (PredicatesEvents, PredicatesVerbs, PredicatesAll); empty
	// keeps all.
	Predicates []string
	// Limit, when above zero, makes the export one page: at most Limit
	// entities (in ID order, after Cursor) with their outgoing edges,
	// and the other ends of those edges as nodes too, so that each page
	// is a complete document; the pages together hold every edge once.
	// At most MaxExportLimit.
	Limit  int
	Cursor string
	// Articles fills each edge's Articles (ID and date of the supporting
	// articles), for the formats that write them (N-Quads).
	Articles bool
	// Start, when set, is called once before anything is written, with
	// the cursor of the next page ("" for the last page or an export
	// that is not paged): a server sets its headers there.
	Start func(next string)
}

// MaxExportLimit is the most entities a page of an export holds.
const MaxExportLimit = 10000

// ExportGraph writes the graph to w: every entity (countries, people,
// organisations, concepts; sorted by ID) as a node, then every analyst
// edge that opts keep with its weight (distinct supporting articles),
// first and last statement dates and, for event predicates, the PLOVER
// score of the type; then it closes w, with the next page's cursor in the
// trailer of a page. Edges come grouped by subject, in the order of the
// nodes, then by predicate and object. A symmetric edge (tension) is
// written once per pair, the smaller ID as source, with the articles that
// state it either way.
//
// Memory stays flat in the number of edges, statements and articles when
// the export is not paged: the edges are never gathered. The export keeps
// the list of entity IDs (a small fraction of a graph: a few thousand per
// million quads) and reads the edges one subject at a time: the
// statements whose subject is the entity (one prefix scan of the
// object–predicate–subject index), plus, for a country with tension
// stated towards it, those whose object it is; grouped by predicate and
// object in a map as large as that entity's degree, written, and dropped.
// A page gathers its entities' edges before writing, to list their other
// ends as nodes first. With opts.Articles the IDs and dates of the
// articles met are kept for the whole export. The read lock is taken per
// chunk of entities, not for the whole export, and never while writing to
// w. Writes made during an export may or may not show in it; an edge is
// written only when both its ends are entities.
func (s *Store) ExportGraph(ctx context.Context, w export.Writer, opts ExportOptions) error {
	if err := s.exportGraph(ctx, w, opts); err != nil {
		return fmt.Errorf("export graph: %w", err)
	}
	return nil
}

type exportEntity = idRef

// idRef is a node's ID with its store reference.
type idRef struct {
	id  string
	ref cgraph.Ref
}

func (s *Store) exportGraph(ctx context.Context, w export.Writer, opts ExportOptions) error {
	if opts.Limit < 0 || opts.Limit > MaxExportLimit {
		return fmt.Errorf("%w: limit %d is not 1..%d", ErrInvalid, opts.Limit, MaxExportLimit)
	}
	after, err := decodeCursor(opts.Cursor)
	if err != nil {
		return err
	}
	f, err := newEdgeFilter(opts.Predicates, "", "")
	if err != nil {
		return err
	}
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
	x := &exporter{s: s, f: f, has: has, articles: opts.Articles, arts: map[any]export.Article{}}

	page, next := ents, ""
	if opts.Limit > 0 || after != "" {
		start := sort.SearchStrings(ids, after)
		if after != "" && start < len(ids) && ids[start] == after {
			start++
		}
		page = ents[start:]
		if opts.Limit > 0 && len(page) > opts.Limit {
			page = page[:opts.Limit]
			next = encodeCursor(page[len(page)-1].id)
		}
	}
	if opts.Start != nil {
		opts.Start(next)
	}
	trailer := export.Trailer{Next: next}
	if opts.Limit == 0 && after == "" {
		if err := x.writeNodes(ctx, w, page); err != nil {
			return err
		}
		for _, e := range page {
			es, err := x.edgesOf(ctx, e)
			if err != nil {
				return err
			}
			for _, ed := range es {
				if err := w.Edge(ed); err != nil {
					return err
				}
			}
		}
		return w.Close(trailer)
	}

	// A page: its edges first, to add their other ends to its nodes.
	var edges []export.Edge
	for _, e := range page {
		es, err := x.edgesOf(ctx, e)
		if err != nil {
			return err
		}
		edges = append(edges, es...)
	}
	inPage := make(map[string]bool, len(page))
	for _, e := range page {
		inPage[e.id] = true
	}
	nodes := append([]exportEntity(nil), page...)
	for _, ed := range edges {
		if !inPage[ed.Target] {
			inPage[ed.Target] = true
			i := sort.SearchStrings(ids, ed.Target)
			nodes = append(nodes, ents[i])
		}
	}
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].id < nodes[j].id })
	if err := x.writeNodes(ctx, w, nodes); err != nil {
		return err
	}
	for _, ed := range edges {
		if err := w.Edge(ed); err != nil {
			return err
		}
	}
	return w.Close(trailer)
}

// exporter reads what an export writes.
type exporter struct {
	s        *Store
	f        edgeFilter
	has      func(id string) bool
	articles bool
	arts     map[any]export.Article // article label ref key → ID and date
}

// writeNodes writes the nodes of ents, reading them a chunk at a time.
func (x *exporter) writeNodes(ctx context.Context, w export.Writer, ents []exportEntity) error {
	nodes := make([]export.Node, 0, exportChunk)
	for lo := 0; lo < len(ents); lo += exportChunk {
		chunk := ents[lo:min(lo+exportChunk, len(ents))]
		nodes = nodes[:0]
		err := x.s.withView(ctx, func(v *view) error {
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
	return nil
}

// edgesOf returns the edges an export writes for entity e: those whose
// source it is and whose target is an entity, sorted by predicate and
// target.
func (x *exporter) edgesOf(ctx context.Context, e exportEntity) ([]export.Edge, error) {
	var out []export.Edge
	err := x.s.withView(ctx, func(v *view) error {
		hits, err := v.statementsOf(ctx, e.ref, quad.Subject)
		if err != nil {
			return err
		}
		if strings.HasPrefix(e.id, schema.PrefixCountry) && x.f.keepPred(schema.PredTension) {
			// Tension stated towards the country by a country after it
			// in ID order is written here, where the pair begins.
			towards := false
			err := v.each(ctx, quad.Object, e.ref, v.pred(schema.PredTension), func(rawQuad) bool {
				towards = true
				return false
			})
			if err != nil {
				return err
			}
			if towards {
				in, err := v.statementsOf(ctx, e.ref, quad.Object)
				if err != nil {
					return err
				}
				hits = append(hits, in...)
			}
		}
		// keep=false: an export would only churn the cache.
		es, err := v.edges(ctx, hits, x.f, false)
		if err != nil {
			return err
		}
		sort.Slice(es, func(i, j int) bool { return es[i].key() < es[j].key() })
		for _, ed := range es {
			if ed.s != e.id || !x.has(ed.o) {
				continue
			}
			xe := ed.export()
			if x.articles {
				if xe.Articles, err = v.edgeArticles(ctx, ed, x.arts); err != nil {
					return err
				}
			}
			out = append(out, xe)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("edges of %s: %w", e.id, err)
	}
	return out, nil
}

// edgeArticles returns the articles of an edge's statements, sorted by
// ID, with their dates; memo keeps the articles already read.
func (v *view) edgeArticles(ctx context.Context, e *edge, memo map[any]export.Article) ([]export.Article, error) {
	var miss []cgraph.Ref
	seen := map[any]bool{}
	for _, st := range e.stmts {
		k := refKey(st.label)
		if k == nil || seen[k] {
			continue
		}
		seen[k] = true
		if _, ok := memo[k]; !ok {
			miss = append(miss, st.label)
		}
	}
	if len(miss) > 0 {
		n, err := v.values(ctx, miss...)
		if err != nil {
			return nil, err
		}
		for _, l := range miss {
			a := export.Article{ID: str(n.of(l))}
			d, err := v.one(ctx, l, schema.PredDate)
			if err != nil {
				return nil, err
			}
			if d != nil {
				dn, err := v.values(ctx, d)
				if err != nil {
					return nil, err
				}
				a.Date = str(dn.of(d))
			}
			memo[refKey(l)] = a
		}
	}
	out := make([]export.Article, 0, len(seen))
	for k := range seen {
		if a := memo[k]; a.ID != "" {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
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
			refs, err := v.entitiesOfKind(ctx, pk, k)
			if err != nil {
				return err
			}
			ids, err := v.idsOf(ctx, refs, func(id string) bool {
				kk, ok := entityKindOf(id)
				return ok && kk == k
			})
			if err != nil {
				return err
			}
			out = append(out, ids...)
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out, err
}
