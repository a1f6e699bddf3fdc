package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// Deleting an article.
//
// Why it was slow: Cayley's kv ApplyDeltas checks that each deleted quad
// exists (hasPrimitive) by decoding and intersecting the index lists of
// every index for that quad's key. With a label index keyed by the label
// alone, one of those lists holds every quad the article ever had (dead
// entries are never pruned), so each of the article's N quads decodes N
// IDs: O(N²) in one transaction, all of it under the exclusive lock.
//
// What it does now:
//
//   - Stores created from now on index quads by (label, subject) instead
//     of label alone (backend.go): listing an article is still one prefix
//     scan, and the list hasPrimitive decodes for a quad is that of its
//     subject within the article (tens of entries; the article node's
//     mentions at most), so the whole delete is linear. Older stores keep
//     the index they were created with and stay quadratic in total, but
//     the chunks below still bound each lock hold.
//   - The quads are removed in chunks, each one short transaction under
//     the exclusive lock, sized to take about deleteChunkTarget; readers
//     queued during a chunk run before the next one (sync.RWMutex lets
//     waiting readers in on Unlock).
//   - The first chunk adds a marker quad (<article> <deletePending>
//     <dipgraph:deletePending>, labelled by the article) in the same
//     transaction; the last one removes it. A store opened with a marker
//     finishes that delete before any write (Open, finishPending), so a
//     crash mid-delete never leaves a partial article that Ingest would
//     refuse as already present. An article that fits in one chunk is
//     deleted in one transaction without a marker.
//
// What a reader can see while a large article is being deleted: from the
// first chunk on, the article itself is gone (its own facts go first:
// Article answers ErrNotFound, Stats no longer counts it, entities no
// longer count it among their articles); its statements, events and
// entity facts then disappear a chunk at a time,
// each node's quads of this article together, so a reader may see some of
// its relations still supported and others gone, but never half a
// statement or half an event. The article's text and date go in the last
// chunk: the evidence of what is left is read from them.

// predDeleting marks an article whose delete is under way. It is reserved
// (model.go), so no analyst triple can use it.
const predDeleting = "deletePending"

// deletingObject is the marker's object: one node whose object index
// lists the articles being deleted.
const deletingObject = quad.IRI("dipgraph:deletePending")

// Chunk sizing: each chunk aims at deleteChunkTarget under the exclusive
// lock; the first one is small (an old-style store may cost a millisecond
// a quad) and the next grow at most twofold.
const (
	deleteChunkTarget = 10 * time.Millisecond
	deleteChunkFirst  = 64
	deleteChunkMin    = 16
	deleteChunkMax    = 4096
)

// errDeleteInterrupted is returned by a delete stopped between two chunks
// (the store is closing); its marker stays for the next open.
var errDeleteInterrupted = errors.New("delete interrupted: the store is closing; it resumes when the store is next opened")

// testAfterChunk, when set by a test, runs after each committed chunk of
// a multi-chunk delete; an error stops the delete there, as a crash
// would, leaving the marker in the store.
var testAfterChunk func(chunk int) error

func (s *Store) deleteArticle(ctx context.Context, id string) error {
	iri, ok := articleIRI(id)
	if !ok {
		return fmt.Errorf("delete %s: %w", id, ErrNotFound)
	}
	if err := s.lockWriter(ctx); err != nil {
		return fmt.Errorf("delete %s: %w", iri, err)
	}
	defer s.unlockWriter()
	if err := s.finishPending(); err != nil {
		return fmt.Errorf("delete %s: %w", iri, err)
	}
	// Once begun, a delete completes whatever ctx says: stopping half-way
	// would leave a partial article until the next write. The size cap
	// on articles bounds how long it takes.
	if err := s.removeArticle(iri); err != nil {
		return fmt.Errorf("delete %s: %w", iri, err)
	}
	return nil
}

// pendingDeletes lists the articles with a delete marker.
func (s *Store) pendingDeletes(ctx context.Context) ([]quad.IRI, error) {
	r, done, err := s.readPrimary()
	if err != nil {
		return nil, err
	}
	defer done()
	quads, err := r.quads(ctx, quad.Object, deletingObject)
	if err != nil {
		return nil, fmt.Errorf("look for interrupted deletes: %w", err)
	}
	var out []quad.IRI
	for _, q := range quads {
		if a, ok := q.Subject.(quad.IRI); ok && predOf(q) == predDeleting {
			out = append(out, a)
		}
	}
	return out, nil
}

// finishPending finishes the deletes a crash, a failed chunk or Close
// interrupted. The caller holds wmu.
func (s *Store) finishPending() error {
	if s.changes != nil {
		// Another process on the database may have left a delete half
		// done (a crash): the database writer lock held, its marker is
		// all there is to go by.
		pending, err := s.pendingDeletes(context.Background())
		if err != nil {
			return err
		}
		s.pending = pending
	}
	for len(s.pending) > 0 {
		iri := s.pending[0]
		err := s.removeArticle(iri)
		if errors.Is(err, ErrNotFound) {
			s.dropPending(iri)
			continue
		}
		if err != nil {
			return fmt.Errorf("finish interrupted delete of %s: %w", iri, err)
		}
		slog.Info("graph: finished interrupted delete", "article", string(iri))
	}
	return nil
}

func (s *Store) dropPending(iri quad.IRI) {
	for i, p := range s.pending {
		if p == iri {
			s.pending = append(s.pending[:i], s.pending[i+1:]...)
			return
		}
	}
}

// removeArticle deletes every quad labelled iri, in chunks (see the top of
// this file). The caller holds wmu, so nothing else writes meanwhile.
func (s *Store) removeArticle(iri quad.IRI) error {
	ctx := context.Background()
	quads, err := s.articleQuads(ctx, iri)
	if err != nil {
		return err
	}
	var marker *quad.Quad
	rest := quads[:0:0]
	for i, q := range quads {
		if predOf(q) == predDeleting {
			marker = &quads[i]
			continue
		}
		rest = append(rest, q)
	}
	if len(rest) == 0 && marker == nil {
		return ErrNotFound
	}
	order := deleteOrder(iri, rest)
	// The first chunk takes the article's kind fact and all its dyad
	// counts: from then on the article is gone, from the dyad sums too.
	first := 0
	for first < len(order) && deleteUnit(iri, order[first]) == "\x00" {
		first++
	}
	size := deleteChunkFirst
	mark := quad.Quad{Subject: iri, Predicate: quad.IRI(predDeleting), Object: deletingObject, Label: iri}
	for chunk := 0; ; chunk++ {
		if chunk > 0 {
			select {
			case <-s.closing:
				return errDeleteInterrupted
			default:
			}
		}
		n := chunkEnd(order, size)
		if chunk == 0 {
			n = max(n, first)
		}
		part := order[:n]
		last := n == len(order)
		if chunk == 0 && marker == nil && !last {
			// The marker gets a transaction of its own: Cayley cannot add
			// a quad in a transaction that removes one of its nodes'
			// references (the add is written with the IDs of those
			// nodes left zero). A crash after it resumes the whole delete.
			if err := s.applyExclusive([]cgraph.Delta{{Quad: mark, Action: cgraph.Add}}, false); err != nil {
				return err
			}
			marker = &mark
			s.pending = append(s.pending, iri)
		}
		deltas := make([]cgraph.Delta, 0, len(part)+1)
		if last && marker != nil {
			deltas = append(deltas, cgraph.Delta{Quad: *marker, Action: cgraph.Delete})
		}
		for _, q := range part {
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
		}
		start := time.Now()
		if err := s.applyExclusive(deltas, last); err != nil {
			return err
		}
		took := time.Since(start)
		order = order[n:]
		if last {
			s.dropPending(iri)
			return nil
		}
		if testAfterChunk != nil {
			if err := testAfterChunk(chunk); err != nil {
				return err
			}
		}
		size = nextChunkSize(size, n, took)
	}
}

// articleQuads reads every quad labelled iri, under the read lock: the
// caller holds wmu, so they stay as read until it writes.
func (s *Store) articleQuads(ctx context.Context, iri quad.IRI) ([]quad.Quad, error) {
	r, done, err := s.readPrimary()
	if err != nil {
		return nil, err
	}
	defer done()
	raw, err := r.scan(ctx, quad.Label, r.ref(iri))
	if err != nil {
		return nil, err
	}
	quads, err := r.resolve(ctx, raw)
	if err != nil {
		return nil, err
	}
	for _, q := range quads {
		if !q.IsValid() {
			return nil, fmt.Errorf("quad of %s with an unreadable value", iri)
		}
	}
	return quads, nil
}

// applyExclusive applies deltas in one transaction under the exclusive
// lock: no read may race a node's removal (Cayley's kv store caches node
// IDs outside its transactions, and a read could cache a dead one). A
// failed write resets the store. last says whether this ends the delete.
func (s *Store) applyExclusive(deltas []cgraph.Delta, last bool) error {
	werr := func() error {
		s.rw.Lock()
		defer s.rw.Unlock()
		if s.qs == nil {
			return s.err
		}
		quads := make([]quad.Quad, len(deltas))
		for i, d := range deltas {
			quads[i] = d.Quad
		}
		// On SQL backends a node's ref is the hash of its value, so a
		// re-ingest of this article would bring back the same refs with
		// new content: the last chunk forgets them (apply). None can come
		// before the last chunk (the delete holds wmu throughout), and
		// forgetting them at every chunk would make each read between
		// chunks start cold.
		return s.apply(s.writeStore(), deltas, cgraph.IgnoreOpts{}, quads, last)
	}()
	if werr != nil && !errors.Is(werr, ErrClosed) {
		s.reset(werr)
	}
	return werr
}

// deleteOrder orders an article's quads for a chunked delete: the
// article's own facts first (its kind fact the very first), then the
// quads of each other node together, then the article's text and date.
func deleteOrder(iri quad.IRI, quads []quad.Quad) []quad.Quad {
	type keyed struct {
		unit string
		q    quad.Quad
	}
	ks := make([]keyed, len(quads))
	for i, q := range quads {
		ks[i] = keyed{deleteUnit(iri, q), q}
	}
	sort.SliceStable(ks, func(i, j int) bool { return ks[i].unit < ks[j].unit })
	out := make([]quad.Quad, len(ks))
	for i, k := range ks {
		out[i] = k.q
	}
	return out
}

// deleteUnit is the key of the node a quad belongs to for deleteOrder:
// "\x00" for the article's kind fact and its dyad counts (which leave
// the dyad sums with the article), "\x01" for its other facts, "\xff"
// for its text and date, else the subject. The text and date go last:
// the evidence of the events and statements still there is read from
// them.
func deleteUnit(iri quad.IRI, q quad.Quad) string {
	s, _ := q.Subject.(quad.IRI)
	if s == iri {
		switch predOf(q) {
		case schema.PredKind, predDyadCounts:
			return "\x00"
		case schema.PredText, schema.PredDate:
			return "\xff"
		}
		return "\x01"
	}
	return string(s)
}

// chunkEnd is where the next chunk of order ends: about size quads, not
// splitting a node's quads unless that node alone is over deleteChunkMax
// (the article's own facts may be split at will: the article is gone
// from the first chunk on).
func chunkEnd(order []quad.Quad, size int) int {
	if len(order) <= size {
		return len(order)
	}
	unit := func(q quad.Quad) string {
		s, _ := q.Subject.(quad.IRI)
		if s == q.Label {
			return "" // the article's own facts
		}
		return string(s)
	}
	end := size
	u := unit(order[end-1])
	if u == "" {
		return end
	}
	for end < len(order) && end < size+deleteChunkMax && unit(order[end]) == u {
		end++
	}
	return end
}

// nextChunkSize scales the chunk size towards deleteChunkTarget from the
// last chunk's n quads and time.
func nextChunkSize(size, n int, took time.Duration) int {
	if took <= 0 {
		took = time.Microsecond
	}
	next := int(float64(n) * float64(deleteChunkTarget) / float64(took))
	return min(max(next, deleteChunkMin), 2*size, deleteChunkMax)
}
