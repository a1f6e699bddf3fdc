package graph

import (
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
	maxCachedNodes      = 1 << 16
)

// readCache keeps facts that cannot change once read, for the graph
// analyses (subgraphs, paths, dyads, export):
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
// again) is never cached. Which statements a node has changes with
// writes and is never cached.
//
// It also keeps what the analyses show of an entity (name, kind, country),
// which does change with writes: every write drops the entries of the
// entities its article mentions (touched), and a reader stores an entry
// only if no write dropped anything since it started reading (gen), so an
// entry read before a write can never outlive it.
type readCache struct {
	mu    sync.RWMutex
	vals  map[any]quad.Value
	stmts map[any]stmtDigest
	nodes map[string]nodeInfo
	gen   uint64 // counts the writes that dropped entries
}

// nodeInfo is an entity as the analyses show it, and its country fact as
// stated: a country ID, an IGO/NGO/IMG code, or "".
type nodeInfo struct {
	node    export.Node
	country string
}

// stmtDigest is what the analyses read of a statement node: refs of its
// subject, predicate, object and date, and its article (the label).
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

func (c *readCache) putStatements(keys []any, ds []stmtDigest) {
	c.mu.Lock()
	defer c.mu.Unlock()
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
	if gen != c.gen {
		return
	}
	if c.nodes == nil || len(c.nodes) >= maxCachedNodes {
		c.nodes = make(map[string]nodeInfo, 1024)
	}
	c.nodes[id] = n
}

// touched drops the entities a write's quads mention (the subjects of
// their kind facts). Writers call it once the write is committed (or
// failed).
func (c *readCache) touched(quads []quad.Quad) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if len(c.nodes) == 0 {
		return
	}
	for _, q := range quads {
		if p, ok := q.Predicate.(quad.IRI); ok && string(p) == schema.PredKind {
			if s, ok := q.Subject.(quad.IRI); ok {
				delete(c.nodes, string(s))
			}
		}
	}
}

// dropNodes forgets every entity: the store was reopened.
func (c *readCache) dropNodes() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.nodes = nil
}
