package graph

import (
	"strings"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/schema"
)

// Caps of the read cache: each map is dropped whole when it reaches its
// cap, which bounds memory (a few tens of MB at most) without bookkeeping.
const (
	maxCachedValues     = 1 << 18
	maxCachedStatements = 1 << 18
	maxCachedHeads      = 1 << 18
	maxCachedEvents     = 1 << 15
	maxCachedFull       = 1 << 16
	maxCachedNodes      = 1 << 16
	maxCachedInfos      = 1 << 14
	maxCachedLists      = 1 << 12
	maxCachedIDLists    = 1 << 15
	maxDirtyNames       = 1 << 16
)

// touchLog is how many of the latest writes the cache remembers the
// entities of: an entry read since generation g is stored unless one of
// the writes after g mentions it (or they are too many to tell).
const touchLog = 1024

// maxTouchIDs is the most entities one write's record names; a bigger
// write (a bulk load) counts as touching everything.
const maxTouchIDs = 4096

// maxCachedEventLists caps the cached event lists of Events.
const maxCachedEventLists = 1 << 12

// readCache keeps facts that cannot change once read, for the graph
// analyses (subgraphs, paths, dyads, export) and the list endpoints:
//
//   - the value of a node ID;
//   - the digest of a statement node: its subject, predicate, object, date
//     and article.
//
// Both stay true for as long as anything refers to the ID: Cayley's kv
// stores take node IDs from a counter that only grows and never give an ID
// twice, and a statement node's quads are written and retracted together
// with its article (a re-ingested article gets new nodes). Entries of
// retracted nodes are simply never asked for again. Only committed data is
// ever read, so an ID from a rolled-back write (which reset may hand out
// again) is never cached.
//
// Events and statements as the list endpoints return them, and event
// digests (ID, type, date), do not change once written either, but are
// keyed by node ID (an IRI), which a deleted article's re-ingest with
// another extraction may reuse: writes drop them as below.
//
// It also keeps what does change with writes: what the analyses show of an
// entity (name, kind, country), the entity as Entity returns it, the
// analyst triples in and out of an entity, and the events of an actor.
// Every write drops the entries of the entities its quads have as subject
// or object (touched), and a reader stores an entry only if no write since
// it started reading (gen) mentioned the entity (fresh), so an entry read
// before a write can never outlive it. The event lists of an actor
// (actorEvents, codeEvents) are instead brought up to date with the links
// the writes since made or removed (touchRec.links), and Entities' name
// index with the facts they changed (dirty).
type readCache struct {
	mu    sync.RWMutex
	vals  map[any]quad.Value
	stmts map[any]stmtDigest
	heads map[string]headDigest   // event digests by event ID
	evts  map[string]schema.Event // events by ID, as Events returns them
	full  map[string]statement    // statements by ID, with their evidence
	nodes map[string]nodeInfo
	infos map[string]EntityInfo
	lists map[listKey][]tripleRefs
	evs   map[string]*depEntry[[]eventHead]
	ids   map[string]*idList                // event IDs of an entity or actor code (codeKey)
	dates *dateSet                          // the dates of the events (dates.go), nil until read
	days  map[string]*depEntry[[]eventHead] // the events of a date
	preds map[string]*predList              // the triples of a predicate (predicates.go)
	fl    flights                           // reads of missing entries under way
	gen   uint64                            // counts the writes that dropped entries
	refs  uint64                            // counts the calls of forgetRefs
	log   [touchLog]touchRec

	// dyads caches dyad reports and rankings (dyad.go), each checked
	// against the writes since it was read (freshAll).
	dyads map[string]*depEntry[any]
	// sums are the dyad sums (dyadagg.go), nil until read; sumsOnce says
	// they were read while writes went by that could not be told, so the
	// next write drops them.
	sums     *dyadSums
	sumsOnce bool

	// names is the name index of Entities (names.go), nil until a search
	// builds it; dirty holds the entities whose kind, name or alias facts
	// a write changed since, with the generation of that write, until a
	// search reads them again. building counts builds under way, during
	// which writes are recorded in dirty too.
	names    *nameIndex
	dirty    map[string]*dirtyNames
	building int
	namesMu  sync.Mutex // one build or refresh at a time
}

// dirtyNames is what writes changed of an entity's kind, name and alias
// facts: the generation of the latest write, and the facts written or
// removed.
type dirtyNames struct {
	gen   uint64
	facts []nameFact
}

// nameFact is a kind, name or alias fact: its predicate and value.
type nameFact struct{ pred, value string }

// touchRec is what one write dropped: the entities it mentions, or all.
type touchRec struct {
	gen uint64
	all bool
	ids map[string]bool
	// links lists, by entity ID, the events the write gave (or took) it
	// as source or target, and by actor code (codeKey) the actor nodes
	// it coded so: what the event ID lists of actorEvents and codeEvents
	// are made of.
	links map[string][]string
	// dyads are the dyadCounts facts it added or removed.
	dyads []dyadDelta
}

// nodeInfo is an entity as the analyses show it, and its country fact as
// stated: a country ID, an IGO/NGO/IMG code, or "".
type nodeInfo struct {
	node    export.Node
	country string
}

// stmtDigest is what the analyses read of a statement node: refs of its
// subject, predicate, object and date (its own, else its article's), and
// its article (the label).
type stmtDigest struct {
	s, p, o, date, label cgraph.Ref
}

func (c *readCache) value(k any) (quad.Value, bool) {
	c.mu.RLock()
	v, ok := c.vals[k]
	c.mu.RUnlock()
	return v, ok
}

func (c *readCache) putValues(keys []any, vals []quad.Value) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, k := range keys {
		if vals[i] == nil {
			continue
		}
		if c.vals == nil || len(c.vals) >= maxCachedValues {
			c.vals = make(map[any]quad.Value, 1024)
		}
		c.vals[k] = vals[i]
	}
}

func (c *readCache) statement(k any) (stmtDigest, bool) {
	c.mu.RLock()
	d, ok := c.stmts[k]
	c.mu.RUnlock()
	return d, ok
}

// putStatements stores statement digests read since refs epoch epoch
// (refEpoch), unless refs were forgotten since: a delete's last chunk,
// which another process may commit while this one reads.
func (c *readCache) putStatements(keys []any, ds []stmtDigest, epoch uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.refs != epoch {
		return
	}
	for i, k := range keys {
		if c.stmts == nil || len(c.stmts) >= maxCachedStatements {
			c.stmts = make(map[any]stmtDigest, 1024)
		}
		c.stmts[k] = ds[i]
	}
}

// generation returns the count of writes so far, to pass to putNode.
func (c *readCache) generation() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

func (c *readCache) node(id string) (nodeInfo, bool) {
	c.mu.RLock()
	n, ok := c.nodes[id]
	c.mu.RUnlock()
	return n, ok
}

// putNode stores an entity read since generation gen, unless a write has
// come since.
func (c *readCache) putNode(id string, n nodeInfo, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.fresh(id, gen) {
		return
	}
	if c.nodes == nil || len(c.nodes) >= maxCachedNodes {
		c.nodes = make(map[string]nodeInfo, 1024)
	}
	c.nodes[id] = n
}

// fresh reports whether no write since generation gen mentioned id. The
// caller holds mu.
func (c *readCache) fresh(id string, gen uint64) bool {
	if c.gen-gen >= touchLog {
		return gen == c.gen
	}
	for g := gen + 1; g <= c.gen; g++ {
		r := &c.log[g%touchLog]
		if r.gen != g || r.all || r.ids[id] {
			return false
		}
	}
	return true
}

// touched drops the entries of the entities a write's quads have as
// subject or object, and marks those whose kind, name or alias facts it
// wrote or removed for the name index. Writers call it once the write is
// committed (or failed).
func (c *readCache) touched(quads []quad.Quad) { c.apply(touchOf(quads)) }

// touch is what a write changed, as the caches need it: the entities its
// quads have as subject or object (IDs; All when they are too many to
// tell), the kind, name and alias facts it wrote or removed (Named: ID,
// predicate, value), and the event links of touchRec.links (Links). It
// is what a write's change row carries to the other processes on the
// same database (changelog.go), which apply it as the writer does.
type touch struct {
	All   bool                `json:"all,omitempty"`
	IDs   []string            `json:"ids,omitempty"`
	Named [][3]string         `json:"named,omitempty"`
	Links map[string][]string `json:"links,omitempty"`
	// Dyads are the dyadCounts facts the write added or removed, all of
	// them when DyadsKnown (so even when All).
	Dyads      []dyadDelta `json:"dyads,omitempty"`
	DyadsKnown bool        `json:"dyadsKnown,omitempty"`
}

// touchOf is the touch of a write of quads.
func touchOf(quads []quad.Quad) touch {
	ids := make(map[string]bool)
	var t touch
	links := map[string][]string{}
	var articles []string      // whose kind fact the write has
	dated := map[string]bool{} // whose date fact the write has
	for _, q := range quads {
		if o, ok := q.Object.(quad.IRI); ok {
			ids[string(o)] = true
		}
		if l, ok := q.Label.(quad.IRI); ok {
			ids[string(l)] = true
		}
		s, ok := q.Subject.(quad.IRI)
		if !ok {
			continue
		}
		ids[string(s)] = true
		switch p, _ := q.Predicate.(quad.IRI); string(p) {
		case schema.PredDate, PredEventDate:
			// The date index of the event list (dates.go).
			if d, ok := q.Object.(quad.String); ok && !strings.HasPrefix(string(s), PrefixStatement) {
				ids[dateKey(string(d))] = true
				dated[string(s)] = string(p) == schema.PredDate || dated[string(s)]
			}
		case schema.PredKind, schema.PredName, schema.PredAlias:
			if o, ok := q.Object.(quad.String); ok && isEntityIRI(string(s)) {
				t.Named = append(t.Named, [3]string{string(s), string(p), string(o)})
			}
			if string(p) == schema.PredKind && q.Object == quad.String(schema.KindArticle) {
				articles = append(articles, string(s))
			}
		case predDyadCounts:
			// The dyad answers' dependencies (dyad.go).
			if p, ok := pairOfCounts(str(q.Object)); ok {
				ids[string(p.node())] = true
				ids[string(dyadCountryNode(p.src))] = true
				ids[string(dyadCountryNode(p.tgt))] = true
			}
		case PredCode:
			k := codeKey(str(q.Object))
			ids[k] = true
			links[k] = append(links[k], string(s))
		case schema.PredSource, schema.PredTarget:
			if o, ok := q.Object.(quad.IRI); ok {
				links[string(o)] = append(links[string(o)], string(s))
			}
		}
	}
	for _, a := range articles {
		if !dated[a] {
			ids[dateKey("")] = true // an undated article
		}
	}
	if len(ids) > maxTouchIDs {
		t.All = true
		return t
	}
	t.IDs = make([]string, 0, len(ids))
	for id := range ids {
		t.IDs = append(t.IDs, id)
	}
	if len(links) > 0 {
		t.Links = links
	}
	return t
}

// apply drops what a write (t) changed: this process's or, through the
// change log, another's.
func (c *readCache) apply(t touch) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if t.All || len(t.IDs) > maxTouchIDs {
		c.log[c.gen%touchLog] = touchRec{gen: c.gen, all: true}
		c.nodes, c.infos, c.lists, c.evs, c.ids = nil, nil, nil, nil, nil
		c.heads, c.evts, c.full = nil, nil, nil
		c.dates, c.days, c.preds = nil, nil, nil
	} else {
		ids := make(map[string]bool, len(t.IDs))
		for _, id := range t.IDs {
			ids[id] = true
		}
		c.log[c.gen%touchLog] = touchRec{gen: c.gen, ids: ids, links: t.Links, dyads: t.Dyads}
	}
	c.applyDyads(t)
	if !t.All {
		if dates := datesOf(t.IDs); len(dates) > 0 && c.dates != nil {
			c.dates = c.dates.with(dates, c.gen)
		}
		for _, id := range t.IDs {
			delete(c.nodes, id)
			delete(c.infos, id)
			delete(c.heads, id)
			delete(c.evts, id)
			delete(c.full, id)
			for _, d := range listDirs {
				delete(c.lists, listKey{id, d})
			}
		}
	}
	if c.names == nil && c.building == 0 {
		return
	}
	if c.dirty == nil {
		c.dirty = map[string]*dirtyNames{}
	}
	for _, n := range t.Named {
		d := c.dirty[n[0]]
		if d == nil {
			d = &dirtyNames{}
			c.dirty[n[0]] = d
		}
		d.gen = c.gen
		d.facts = append(d.facts, nameFact{n[1], n[2]})
	}
	if len(c.dirty) > maxDirtyNames && c.building == 0 {
		c.names, c.dirty = nil, nil
	}
}

// forgetRefs forgets the entries keyed by node ref (values and statement
// digests). Deletes call it: refs are only never reused on bolt.
func (c *readCache) forgetRefs() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.vals, c.stmts = nil, nil
	c.refs++
}

// refEpoch counts the calls of forgetRefs, to pass to putStatements.
func (c *readCache) refEpoch() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.refs
}

// dropNodes forgets every entity: the store was reopened.
func (c *readCache) dropNodes() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.log[c.gen%touchLog] = touchRec{gen: c.gen, all: true}
	c.nodes, c.infos, c.lists, c.evs, c.ids = nil, nil, nil, nil, nil
	c.names, c.sums = nil, nil
	if c.building == 0 {
		c.dirty = nil
	}
}

// entityInfo returns a cached Entity result.
func (c *readCache) entityInfo(id string) (EntityInfo, bool) {
	c.mu.RLock()
	e, ok := c.infos[id]
	c.mu.RUnlock()
	if ok {
		e.Aliases = append([]string(nil), e.Aliases...)
	}
	return e, ok
}

// putEntityInfo stores an Entity result read since generation gen, unless
// a write has mentioned the entity since.
func (c *readCache) putEntityInfo(e EntityInfo, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.fresh(e.ID, gen) {
		return
	}
	if c.infos == nil || len(c.infos) >= maxCachedInfos {
		c.infos = make(map[string]EntityInfo, 256)
	}
	e.Aliases = append([]string(nil), e.Aliases...)
	c.infos[e.ID] = e
}

// listKey names the analyst triples of an entity: out (quad.Subject), in
// (quad.Object) or both (quad.Any).
type listKey struct {
	id  string
	dir quad.Direction
}

var listDirs = []quad.Direction{quad.Subject, quad.Object, quad.Any}

func (c *readCache) tripleList(k listKey) ([]tripleRefs, bool) {
	c.mu.RLock()
	l, ok := c.lists[k]
	c.mu.RUnlock()
	return l, ok
}

// putTripleList stores the triples of an entity read since generation
// gen, unless a write has mentioned the entity since. The list is shared
// and never changed.
func (c *readCache) putTripleList(k listKey, l []tripleRefs, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.fresh(k.id, gen) {
		return
	}
	if c.lists == nil || len(c.lists) >= maxCachedLists {
		c.lists = make(map[listKey][]tripleRefs, 256)
	}
	c.lists[k] = l
}

// byID returns the entries of ids in m (a map of c), and the indexes of
// the ids it lacks.
func byID[T any](c *readCache, m *map[string]T, ids []string) ([]T, []int) {
	out := make([]T, len(ids))
	var miss []int
	c.mu.RLock()
	defer c.mu.RUnlock()
	for i, id := range ids {
		if x, ok := (*m)[id]; ok {
			out[i] = x
		} else {
			miss = append(miss, i)
		}
	}
	return out, miss
}

// putByID stores entries of nodes read since generation gen in m (a map
// of c, capped at max) unless a write has mentioned them since: events
// and statements do not change once written, but a deleted article can
// come back with other ones under the same IDs.
func putByID[T any](c *readCache, m *map[string]T, max int, ids []string, xs []T, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, id := range ids {
		if id == "" || !c.fresh(id, gen) {
			continue
		}
		if *m == nil || len(*m) >= max {
			*m = make(map[string]T, 1024)
		}
		(*m)[id] = xs[i]
	}
}

// codeKey is the key of an actor code among the entity IDs of touched:
// the event list of a country depends on the actors coded with it.
func codeKey(code string) string { return "\x00code:" + code }

// freshAll reports whether no write since generation gen mentioned any
// of deps. The caller holds mu.
func (c *readCache) freshAll(deps map[string]bool, gen uint64) bool {
	if c.gen-gen >= touchLog {
		return gen == c.gen
	}
	for g := gen + 1; g <= c.gen; g++ {
		r := &c.log[g%touchLog]
		if r.gen != g || r.all {
			return false
		}
		if len(r.ids) < len(deps) {
			for id := range r.ids {
				if deps[id] {
					return false
				}
			}
		} else {
			for id := range deps {
				if r.ids[id] {
					return false
				}
			}
		}
	}
	return true
}

// eventList is the events of an actor as Events sorts them, read at
// generation gen from the quads of the entities (and actor codes) deps.
type eventList struct {
	gen   uint64
	deps  map[string]bool
	heads []eventHead
}

// eventList returns the cached event list of an actor if no write since
// it was read mentioned what it depends on.
func (c *readCache) eventList(actor string) ([]eventHead, bool) {
	return depGet(c, &c.evs, actor)
}

// putEventList stores the event list of an actor read since generation
// gen, unless a write has mentioned what it depends on since.
func (c *readCache) putEventList(actor string, l *eventList) {
	depPut(c, &c.evs, maxCachedEventLists, actor, l.heads, l.deps, l.gen)
}

// depEntry is a cached value read at generation gen from the quads of
// the entities (and the keys such as codeKey and dateKey) deps: good
// until a write names one of them.
type depEntry[T any] struct {
	gen  uint64
	deps map[string]bool
	val  T
}

// depGet returns the entry of key in *m if no write since it was read
// named what it depends on, and drops it otherwise.
func depGet[T any](c *readCache, m *map[string]*depEntry[T], key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero T
	e := (*m)[key]
	if e == nil {
		return zero, false
	}
	if !c.freshAll(e.deps, e.gen) {
		delete(*m, key)
		return zero, false
	}
	e.gen = c.gen
	return e.val, true
}

// depPut stores val, read since generation gen from deps, as the entry of
// key in *m (dropped whole at max entries), unless a write has named one
// of deps since.
func depPut[T any](c *readCache, m *map[string]*depEntry[T], max int, key string, val T, deps map[string]bool, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.freshAll(deps, gen) {
		return
	}
	if *m == nil || len(*m) >= max {
		*m = make(map[string]*depEntry[T], 256)
	}
	(*m)[key] = &depEntry[T]{gen: c.gen, deps: deps, val: val}
}

// flights lets concurrent readers of one missing entry wait for a single
// read of it.
type flights struct {
	mu    sync.Mutex
	calls map[string]*flight
}

type flight struct {
	gen  uint64 // generation the read started at
	done chan struct{}
	val  any
	err  error
}

// do returns fn's result for key, sharing a call under way when it
// started no earlier than generation gen (the caller's), or when ok says
// its result is still good for the caller.
func (f *flights) do(key string, gen uint64, ok func(started uint64, val any) bool, fn func() (any, error)) (any, error) {
	f.mu.Lock()
	if c := f.calls[key]; c != nil {
		f.mu.Unlock()
		<-c.done
		if c.err == nil && (c.gen >= gen || ok(c.gen, c.val)) {
			return c.val, nil
		}
		return fn()
	}
	c := &flight{gen: gen, done: make(chan struct{})}
	if f.calls == nil {
		f.calls = map[string]*flight{}
	}
	f.calls[key] = c
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		delete(f.calls, key)
		f.mu.Unlock()
		close(c.done)
	}()
	c.val, c.err = fn()
	return c.val, c.err
}

// freshSince reports whether no write since generation gen mentioned id.
func (c *readCache) freshSince(id string, gen uint64) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.fresh(id, gen)
}

// freshAllSince reports whether no write since generation gen mentioned
// any of deps.
func (c *readCache) freshAllSince(deps map[string]bool, gen uint64) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.freshAll(deps, gen)
}

// idList is the event IDs of an entity or actor code as of generation
// gen. It is never changed once made.
type idList struct {
	gen uint64
	ids []string
}

// idList returns the cached event IDs of an entity or actor code, and
// the links writes made or removed since they were read (see touchRec),
// which the caller checks again; false when it has none or cannot tell
// what changed since. now is the generation the list then stands for.
func (c *readCache) idList(key string) (ids, links []string, now uint64, ok bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	l := c.ids[key]
	if l == nil || c.gen-l.gen >= touchLog {
		return nil, nil, 0, false
	}
	for g := l.gen + 1; g <= c.gen; g++ {
		r := &c.log[g%touchLog]
		if r.gen != g || r.all {
			return nil, nil, 0, false
		}
		links = append(links, r.links[key]...)
	}
	return l.ids, links, c.gen, true
}

// putIDList stores the event IDs of an entity or actor code as of
// generation gen: read since then, so that the links of later writes
// are all that may have changed.
func (c *readCache) putIDList(key string, ids []string, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.ids[key]; old != nil && old.gen > gen {
		return
	}
	if c.ids == nil || len(c.ids) >= maxCachedIDLists {
		c.ids = make(map[string]*idList, 256)
	}
	c.ids[key] = &idList{gen: gen, ids: ids}
}

// isEntityIRI reports whether id has the prefix of an entity kind, as a
// cheap filter before entityKindOf.
func isEntityIRI(id string) bool {
	return strings.HasPrefix(id, schema.PrefixCountry) || strings.HasPrefix(id, schema.PrefixPerson) ||
		strings.HasPrefix(id, schema.PrefixOrg) || strings.HasPrefix(id, schema.PrefixConcept)
}
