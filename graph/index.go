package graph

import (
	"context"
	"runtime"
	"sort"
	"strings"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/schema"
)

// The analyses (subgraphs, paths, dyads, export) read the kv indexes
// directly: a node's quads with one predicate are a prefix scan of the
// subject–predicate index (out) or of the object–predicate–subject index
// (in), so "the statements whose subject is X" costs one scan of exactly
// those quads, where QuadIterator(Object, X) would read every quad that
// points at X (mentions, actors, country facts, …).
var (
	indexSP  = kv.QuadIndex{Dirs: []quad.Direction{quad.Subject, quad.Predicate}}
	indexOPS = kv.QuadIndex{Dirs: []quad.Direction{quad.Object, quad.Predicate, quad.Subject}}
)

// directIndexes lets the analyses use the two indexes when the store has
// them; tests turn it off to run the generic path other backends take.
var directIndexes = true

// nodeFactCap bounds the name and country facts read for a node of an
// analysis: the display name and country are the values most often stated
// among the first nodeFactCap articles that state one (Entity reads them
// all), so a hub stated by ten thousand articles costs no more than one
// stated by a hundred.
const nodeFactCap = 128

// view is a read-locked reader for one analysis call, with the store's
// cache of facts that never change.
type view struct {
	reader
	cache *readCache
	kv    *kv.QuadStore // nil unless the store has both indexes above
	preds map[string]cgraph.Ref
}

// view returns a view under the read lock, and the unlock.
func (s *Store) view() (*view, func(), error) {
	r, done, err := s.read()
	if err != nil {
		return nil, nil, err
	}
	v := &view{reader: r, cache: &s.cache, preds: map[string]cgraph.Ref{}}
	if kqs, ok := r.qs.(*kv.QuadStore); ok && directIndexes && hasIndex(kqs, indexSP) && hasIndex(kqs, indexOPS) {
		v.kv = kqs
	}
	return v, done, nil
}

// hasIndex reports whether the kv store keeps index ind: the store's own
// optimiser picks it for a lookup of all its directions.
func hasIndex(qs *kv.QuadStore, ind kv.QuadIndex) bool {
	filter := map[quad.Direction]cgraph.Ref{}
	for _, d := range ind.Dirs {
		filter[d] = kv.Int64Value(1)
	}
	sh, ok := qs.OptimizeShape(shape.QuadsAction{Result: ind.Dirs[0], Filter: filter})
	if !ok {
		return false
	}
	nf, ok := sh.(shape.NodesFrom)
	if !ok {
		return false
	}
	scan, ok := nf.Quads.(kv.IndexScan)
	if !ok || len(scan.Index.Dirs) != len(ind.Dirs) {
		return false
	}
	for i, d := range ind.Dirs {
		if scan.Index.Dirs[i] != d {
			return false
		}
	}
	return true
}

// pred returns the ref of a predicate, nil when no quad uses it.
func (v *view) pred(p string) cgraph.Ref {
	if ref, ok := v.preds[p]; ok {
		return ref
	}
	ref := v.ref(quad.IRI(p))
	v.preds[p] = ref
	return ref
}

// pairs lists the quads with node in direction dir (quad.Subject or
// quad.Object) and predicate pred, at most max of them (0: all).
func (v *view) pairs(ctx context.Context, dir quad.Direction, node, pred cgraph.Ref, max int) ([]rawQuad, error) {
	var out []rawQuad
	err := v.each(ctx, dir, node, pred, func(q rawQuad) bool {
		out = append(out, q)
		return max <= 0 || len(out) < max
	})
	return out, err
}

// each calls fn with each quad with node in direction dir (quad.Subject
// or quad.Object) and predicate pred, in index order, until fn returns
// false.
func (v *view) each(ctx context.Context, dir quad.Direction, node, pred cgraph.Ref, fn func(rawQuad) bool) error {
	if node == nil || pred == nil {
		return nil
	}
	var it cgraph.Iterator
	filter := true
	if v.kv != nil {
		n, ok1 := node.(kv.Int64Value)
		p, ok2 := pred.(kv.Int64Value)
		if ok1 && ok2 {
			ind := indexSP
			if dir == quad.Object {
				ind = indexOPS
			}
			it, filter = kv.NewQuadIterator(v.kv, ind, []uint64{uint64(n), uint64(p)}), false
		}
	}
	if it == nil {
		it = v.qs.QuadIterator(dir, node)
	}
	defer it.Close()
	pk := refKey(pred)
	for it.Next(ctx) {
		q := it.Result()
		rq := rawQuad{
			s: v.qs.QuadDirection(q, quad.Subject),
			p: v.qs.QuadDirection(q, quad.Predicate),
			o: v.qs.QuadDirection(q, quad.Object),
			l: v.qs.QuadDirection(q, quad.Label),
		}
		if filter && refKey(rq.p) != pk {
			continue
		}
		if !fn(rq) {
			break
		}
	}
	if err := it.Err(); err != nil {
		return err
	}
	return ctx.Err()
}

// hasQuad reports whether some article states <s> <p> <o>: one key of
// the object–predicate–subject index.
func (v *view) hasQuad(ctx context.Context, s, p, o cgraph.Ref) (bool, error) {
	if s == nil || p == nil || o == nil {
		return false, nil
	}
	sv, ok1 := s.(kv.Int64Value)
	pv, ok2 := p.(kv.Int64Value)
	ov, ok3 := o.(kv.Int64Value)
	if v.kv == nil || !ok1 || !ok2 || !ok3 {
		found := false
		err := v.each(ctx, quad.Subject, s, p, func(q rawQuad) bool {
			found = refKey(q.o) == refKey(o)
			return !found
		})
		return found, err
	}
	it := kv.NewQuadIterator(v.kv, indexOPS, []uint64{uint64(ov), uint64(pv), uint64(sv)})
	defer it.Close()
	found := it.Next(ctx)
	if err := it.Err(); err != nil {
		return false, err
	}
	return found, ctx.Err()
}

// one returns the object of the first quad <node> <pred> ?, nil when none.
func (v *view) one(ctx context.Context, node cgraph.Ref, pred string) (cgraph.Ref, error) {
	qs, err := v.pairs(ctx, quad.Subject, node, v.pred(pred), 1)
	if err != nil || len(qs) == 0 {
		return nil, err
	}
	return qs[0].o, nil
}

// facts reads the first value of each of a node's facts preds, out[i]
// for preds[i] (nil when the node has none): one scan of the node's quads,
// whose predicates are told apart by ref, and the values read through the
// cache.
func (v *view) facts(ctx context.Context, node cgraph.Ref, preds ...string) ([]quad.Value, error) {
	if node == nil {
		return make([]quad.Value, len(preds)), nil
	}
	want := make(map[any]int, len(preds))
	for i, p := range preds {
		if ref := v.pred(p); ref != nil {
			want[refKey(ref)] = i
		}
	}
	objs := make([]cgraph.Ref, len(preds))
	raw, err := v.scan(ctx, quad.Subject, node)
	if err != nil {
		return nil, err
	}
	for _, q := range raw {
		if i, ok := want[refKey(q.p)]; ok && objs[i] == nil {
			objs[i] = q.o
		}
	}
	n, err := v.values(ctx, objs...)
	if err != nil {
		return nil, err
	}
	out := make([]quad.Value, len(preds))
	for i, o := range objs {
		out[i] = n.of(o)
	}
	return out, nil
}

// values reads the values of refs through the cache.
// idsOf resolves refs to their IDs and keeps, once each and in order,
// those keep accepts.
func (v *view) idsOf(ctx context.Context, refs []cgraph.Ref, keep func(id string) bool) ([]idRef, error) {
	n, err := v.values(ctx, refs...)
	if err != nil {
		return nil, err
	}
	var out []idRef
	seen := map[string]bool{}
	for _, ref := range refs {
		id := str(n.of(ref))
		if keep(id) && !seen[id] {
			seen[id] = true
			out = append(out, idRef{id, ref})
		}
	}
	return out, nil
}

func (v *view) values(ctx context.Context, refs ...cgraph.Ref) (names, error) {
	out := make(names, len(refs))
	var miss []cgraph.Ref
	var keys []any
	v.cache.mu.RLock()
	for _, ref := range refs {
		k := refKey(ref)
		if k == nil {
			continue
		}
		if _, ok := out[k]; ok {
			continue
		}
		if val, ok := v.cache.vals[k]; ok {
			out[k] = val
			continue
		}
		out[k] = nil
		miss = append(miss, ref)
		keys = append(keys, k)
	}
	v.cache.mu.RUnlock()
	if len(miss) == 0 {
		return out, nil
	}
	vals, err := cgraph.ValuesOf(ctx, v.qs, miss)
	if err != nil {
		return nil, err
	}
	for i, val := range vals {
		out[keys[i]] = val
	}
	v.cache.putValues(keys, vals)
	return out, nil
}

// iri returns the IRI of ref ("" when it is no IRI), through the cache.
func (v *view) iri(ctx context.Context, ref cgraph.Ref) (string, error) {
	n, err := v.values(ctx, ref)
	if err != nil {
		return "", err
	}
	iri, _ := n.of(ref).(quad.IRI)
	return string(iri), nil
}

// entity returns the ref of an entity the store knows (one with a kind
// fact), or false.
func (v *view) entity(ctx context.Context, id string) (cgraph.Ref, bool, error) {
	if _, ok := entityKindOf(id); !ok {
		return nil, false, nil
	}
	ref := v.ref(quad.IRI(id))
	if ref == nil {
		return nil, false, nil
	}
	kind, err := v.one(ctx, ref, schema.PredKind)
	if err != nil || kind == nil {
		return nil, false, err
	}
	return ref, true, nil
}

// node describes an entity for an export: its kind from the ID, its name
// and country as most of the first nodeFactCap articles state them.
func (v *view) node(ctx context.Context, id string, ref cgraph.Ref) (export.Node, error) {
	n, err := v.nodeInfo(ctx, id, ref)
	return n.node, err
}

// countryFact returns the country fact of an entity as stated: a country
// ID, an IGO/NGO/IMG code, or "".
func (v *view) countryFact(ctx context.Context, id string, ref cgraph.Ref) (string, error) {
	n, err := v.nodeInfo(ctx, id, ref)
	return n.country, err
}

func (v *view) nodeInfo(ctx context.Context, id string, ref cgraph.Ref) (nodeInfo, error) {
	gen := v.cache.generation()
	if n, ok := v.cache.node(id); ok {
		return n, nil
	}
	k, _ := entityKindOf(id)
	n := nodeInfo{node: export.Node{ID: id, Kind: string(k)}}
	name, err := v.fact(ctx, ref, schema.PredName)
	if err != nil {
		return n, err
	}
	if name == "" {
		name = defaultName(id)
	}
	n.node.Name = name
	switch k {
	case schema.KindCountry:
		n.node.Country = strings.TrimPrefix(id, schema.PrefixCountry)
	case schema.KindPerson, schema.KindOrganization:
		if n.country, err = v.fact(ctx, ref, schema.PredCountry); err != nil {
			return n, err
		}
		n.node.Country = strings.TrimPrefix(n.country, schema.PrefixCountry)
	}
	v.cache.putNode(id, n, gen)
	return n, nil
}

// fact returns the value of <ref> <pred> ? most often stated, among the
// first nodeFactCap quads; ties go as in tally.best.
func (v *view) fact(ctx context.Context, ref cgraph.Ref, pred string) (string, error) {
	qs, err := v.pairs(ctx, quad.Subject, ref, v.pred(pred), nodeFactCap)
	if err != nil || len(qs) == 0 {
		return "", err
	}
	refs := make([]cgraph.Ref, len(qs))
	for i, q := range qs {
		refs[i] = q.o
	}
	n, err := v.values(ctx, refs...)
	if err != nil {
		return "", err
	}
	t := tally{}
	for _, q := range qs {
		if s := str(n.of(q.o)); s != "" {
			t[s]++
		}
	}
	return t.best(), nil
}

// Statements.

// stmtHit is a statement met from one of its ends: node is its subject
// (dir quad.Subject) or its object (quad.Object).
type stmtHit struct {
	stmt, label, node cgraph.Ref
	dir               quad.Direction
}

// statementsOf lists the statements whose subject (dir quad.Subject) or
// object (quad.Object) is node.
func (v *view) statementsOf(ctx context.Context, node cgraph.Ref, dir quad.Direction) ([]stmtHit, error) {
	p := PredSubject
	if dir == quad.Object {
		p = PredObject
	}
	qs, err := v.pairs(ctx, quad.Object, node, v.pred(p), 0)
	if err != nil {
		return nil, err
	}
	out := make([]stmtHit, len(qs))
	for i, q := range qs {
		out[i] = stmtHit{stmt: q.s, label: q.l, node: node, dir: dir}
	}
	return out, nil
}

// digestWorkers is how many goroutines read statement digests the cache
// lacks, when there are more than digestParallelMin of them.
const digestParallelMin = 256

// digests returns the digest of each hit's statement, out[i] for hits[i],
// reading those the cache lacks with three point lookups each (predicate,
// the end the hit did not come from, date). keep says whether to add them to the cache (an
// export passes false, so as not to churn it).
func (v *view) digests(ctx context.Context, hits []stmtHit, keep bool) ([]stmtDigest, error) {
	out := make([]stmtDigest, len(hits))
	epoch := v.cache.refEpoch()
	var miss []int
	for i, h := range hits {
		if d, ok := v.cache.statement(refKey(h.stmt)); ok {
			out[i] = d
		} else {
			miss = append(miss, i)
		}
	}
	if len(miss) == 0 {
		return out, nil
	}
	ps, pp, po, pd := v.pred(PredSubject), v.pred(PredPredicate), v.pred(PredObject), v.pred(schema.PredDate)
	read := func(ctx context.Context, idx []int) error {
		for _, i := range idx {
			h := hits[i]
			d := stmtDigest{label: h.label}
			end, endPred := &d.o, po
			if h.dir == quad.Subject {
				d.s = h.node
			} else {
				d.o, end, endPred = h.node, &d.s, ps
			}
			for _, f := range []struct {
				pred cgraph.Ref
				dst  *cgraph.Ref
			}{{pp, &d.p}, {endPred, end}, {pd, &d.date}} {
				qs, err := v.pairs(ctx, quad.Subject, h.stmt, f.pred, 1)
				if err != nil {
					return err
				}
				if len(qs) > 0 {
					*f.dst = qs[0].o
				}
			}
			out[i] = d
		}
		return nil
	}
	if err := readParallel(ctx, miss, read); err != nil {
		return nil, err
	}
	// A statement without a date fact has its article's date.
	dates := map[any]cgraph.Ref{}
	for _, i := range miss {
		d := &out[i]
		if d.date != nil || d.label == nil {
			continue
		}
		k := refKey(d.label)
		ref, ok := dates[k]
		if !ok {
			var err error
			if ref, err = v.one(ctx, d.label, schema.PredDate); err != nil {
				return nil, err
			}
			dates[k] = ref
		}
		d.date = ref
	}
	if keep {
		keys := make([]any, len(miss))
		ds := make([]stmtDigest, len(miss))
		for j, i := range miss {
			keys[j], ds[j] = refKey(hits[i].stmt), out[i]
		}
		v.cache.putStatements(keys, ds, epoch)
	}
	return out, nil
}

// Edges.

// edgeFilter selects the statements an edge is made of: by predicate
// (empty: all) and by date, From and To inclusive (a statement without a
// date is left out when either is set).
type edgeFilter struct {
	preds    map[string]bool
	groups   map[string]bool // PredicatesEvents, PredicatesVerbs
	from, to string
}

// keepPred reports whether the filter keeps edges of predicate p: all when
// it names no predicate nor group.
func (f edgeFilter) keepPred(p string) bool {
	if len(f.preds) == 0 && len(f.groups) == 0 {
		return true
	}
	return f.preds[p] || f.groups[predicateGroup(p)]
}

func (f edgeFilter) keepDate(d string) bool {
	if f.from == "" && f.to == "" {
		return true
	}
	return d != "" && (f.from == "" || d >= f.from) && (f.to == "" || d <= f.to)
}

// edge is an analyst edge <s> <p> <o> with its statements.
type edge struct {
	s, p, o     string
	k           string // s, p and o joined by NULs: the sort key
	sRef, oRef  cgraph.Ref
	arts        map[any]bool // articles of the statements
	first, last string
	stmts       []stmtRef
}

// stmtRef is one statement of an edge.
type stmtRef struct {
	ref   cgraph.Ref
	date  string
	label cgraph.Ref
}

func (e *edge) key() string { return e.k }

func (e *edge) weight() int { return len(e.arts) }

// other returns the end of e that is not id (id for a loop).
func (e *edge) other(id string) (string, cgraph.Ref) {
	if e.s == id {
		return e.o, e.oRef
	}
	return e.s, e.sRef
}

// export returns e as an export edge; event predicates get the PLOVER
// score of their type.
func (e *edge) export() export.Edge {
	out := export.Edge{Source: e.s, Target: e.o, Predicate: e.p, Weight: e.weight(), First: e.first, Last: e.last, Symmetric: symmetric(e.p)}
	if t, ok := schema.LookupEventType(e.p); ok {
		score := t.Score
		out.Score = &score
	}
	return out
}

// stronger orders edges by weight (descending), then by key.
func stronger(a, b *edge) bool {
	if a.weight() != b.weight() {
		return a.weight() > b.weight()
	}
	return a.key() < b.key()
}

// incident returns the analyst edges in and out of node, made of the
// statements f keeps, strongest first.
func (v *view) incident(ctx context.Context, node cgraph.Ref, f edgeFilter) ([]*edge, error) {
	out, err := v.statementsOf(ctx, node, quad.Subject)
	if err != nil {
		return nil, err
	}
	in, err := v.statementsOf(ctx, node, quad.Object)
	if err != nil {
		return nil, err
	}
	return v.edges(ctx, append(out, in...), f, true)
}

// edges groups statements into edges, strongest first.
func (v *view) edges(ctx context.Context, hits []stmtHit, f edgeFilter, keep bool) ([]*edge, error) {
	seen := make(map[any]bool, len(hits))
	uniq := hits[:0:0]
	for _, h := range hits {
		if k := refKey(h.stmt); !seen[k] {
			seen[k] = true
			uniq = append(uniq, h)
		}
	}
	ds, err := v.digests(ctx, uniq, keep)
	if err != nil {
		return nil, err
	}
	refs := make([]cgraph.Ref, 0, 4*len(ds))
	for _, d := range ds {
		refs = append(refs, d.s, d.p, d.o, d.date)
	}
	n, err := v.values(ctx, refs...)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*edge{}
	var list []*edge
	for i, d := range ds {
		s, p, o := str(n.of(d.s)), str(n.of(d.p)), str(n.of(d.o))
		if s == "" || o == "" || !IsAnalystPredicate(p) || !f.keepPred(p) {
			continue
		}
		sRef, oRef := d.s, d.o
		if symmetric(p) && o < s {
			// One edge per pair, the smaller ID first, whichever way
			// each statement puts it.
			s, o, sRef, oRef = o, s, oRef, sRef
		}
		date := str(n.of(d.date))
		if !f.keepDate(date) {
			continue
		}
		k := s + "\x00" + p + "\x00" + o
		e := byKey[k]
		if e == nil {
			e = &edge{s: s, p: p, o: o, k: k, sRef: sRef, oRef: oRef, arts: map[any]bool{}}
			byKey[k] = e
			list = append(list, e)
		}
		e.arts[refKey(d.label)] = true
		if date != "" {
			if e.first == "" || date < e.first {
				e.first = date
			}
			if date > e.last {
				e.last = date
			}
		}
		e.stmts = append(e.stmts, stmtRef{ref: uniq[i].stmt, date: date, label: d.label})
	}
	sort.Slice(list, func(i, j int) bool { return stronger(list[i], list[j]) })
	return list, nil
}

// evidence reads up to max statements of e, the latest first, as evidence.
func (v *view) evidence(ctx context.Context, e *edge, max int) ([]schema.Evidence, error) {
	sts := append([]stmtRef(nil), e.stmts...)
	sort.Slice(sts, func(i, j int) bool {
		if sts[i].date != sts[j].date {
			return sts[i].date > sts[j].date
		}
		return keyLess(refKey(sts[i].ref), refKey(sts[j].ref))
	})
	if len(sts) > max {
		sts = sts[:max]
	}
	refs := make([]cgraph.Ref, len(sts))
	for i, st := range sts {
		refs[i] = st.ref
	}
	full, err := v.statements(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make([]schema.Evidence, len(full))
	for i, st := range full {
		out[i] = st.ev
	}
	return out, nil
}

// keyLess orders ref keys of the kv stores (integers); other keys compare
// equal, which only costs determinism on other backends.
func keyLess(a, b any) bool {
	x, ok1 := a.(kv.Int64Value)
	y, ok2 := b.(kv.Int64Value)
	return ok1 && ok2 && x < y
}

// readParallel calls read on idx, split over a few goroutines when there
// are enough items for the split to pay: reads of a bolt store run in
// parallel, and misses of a cold cache are many small lookups.
func readParallel(ctx context.Context, idx []int, read func(context.Context, []int) error) error {
	workers := min(runtime.GOMAXPROCS(0), 4)
	if len(idx) < digestParallelMin || workers < 2 {
		return read(ctx, idx)
	}
	var wg sync.WaitGroup
	errs := make([]error, workers)
	chunk := (len(idx) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(idx))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func(w int, part []int) {
			defer wg.Done()
			errs[w] = read(ctx, part)
		}(w, idx[lo:hi])
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
