// Package graph keeps dipgraph's knowledge graph in Cayley. Every quad's
// label is its article's ID: provenance, idempotent re-ingest and retraction
// of an article come from Cayley itself. No Cayley type leaves this package.
package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/schema"
)

// ErrNotFound is returned (wrapped) when an ID names nothing in the store.
var ErrNotFound = errors.New("not found")

// ErrBadQuery is returned (wrapped) for a raw query that fails to parse or run.
var ErrBadQuery = errors.New("bad query")

// ErrInvalid is returned (wrapped) for input the store refuses: an article
// whose result breaks the schema (bad IDs, unknown event types, reserved
// predicates, bad dates), a bad cursor or filter.
var ErrInvalid = errors.New("invalid input")

// ErrClosed is returned (wrapped) once the store is closed.
var ErrClosed = errors.New("store closed")

// Page sizes: a Page with Limit <= 0 gets DefaultPageLimit; larger limits
// are cut to MaxPageLimit.
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 1000
)

// Raw query bounds: QueryOptions.Limit <= 0 gets DefaultQueryLimit, larger
// ones are cut to MaxQueryLimit; a query whose context has no deadline
// and whose options no Timeout stops after DefaultQueryTimeout.
const (
	DefaultQueryLimit   = 100
	MaxQueryLimit       = 10000
	DefaultQueryTimeout = 30 * time.Second
)

// Store is an open knowledge graph. It is safe for concurrent use.
type Store struct {
	backend backend

	// wmu serialises writers, so Ingest's "exists? then write" cannot race.
	// It is a 1-slot channel rather than a mutex so that a writer can give
	// up waiting when its context ends (lockWriter).
	wmu chan struct{}
	// closing is closed when Close starts: a delete in progress stops
	// between two chunks, leaving its marker for the next open.
	closing   chan struct{}
	closeOnce sync.Once
	// pending lists the articles whose delete was started and not
	// finished (their marker is in the store); guarded by wmu.
	pending []quad.IRI
	// resumed is closed once the deletes pending at Open are finished (or
	// given up on).
	resumed chan struct{}
	// rw lets readers share the quad store; DeleteArticle, a reset after a
	// failed write and Close hold it exclusively: Cayley's kv store caches
	// node IDs outside its transactions, and a read racing a node's removal
	// could cache a dead ID.
	rw  sync.RWMutex
	qs  cgraph.QuadStore // nil once closed
	err error            // why qs is nil
	// primary is the quad store writes go to when reads go to another
	// (OpenOptions.ReadURL): nil when qs takes both.
	primary cgraph.QuadStore

	// changes links a PostgreSQL store to the other processes on its
	// database (changelog.go); nil on the other backends.
	changes *changeLog
	counted quadCount // the quad count of Stats on SQL stores

	queries chan struct{} // caps concurrent raw queries

	cache readCache // facts that never change, for the graph analyses (cache.go)
}

// Open opens (creating on first use) the store at dbURL: a path or
// "bolt:PATH" for the embedded default, "postgres://USER@HOST:PORT/DB?…"
// for PostgreSQL, "cockroach://USER@HOST:PORT/DB?…" for CockroachDB. A
// store of another format version is refused (ErrOldFormat,
// ErrNewFormat).
func Open(dbURL string) (*Store, error) {
	return OpenWith(dbURL, OpenOptions{})
}

// OpenOptions are the options of OpenWith.
type OpenOptions struct {
	// ReadURL, when set, is a PostgreSQL hot standby of the primary
	// dbURL names: reads go there, writes (and the checks they make) to
	// dbURL. The caches follow what the standby has applied.
	ReadURL string
}

// OpenWith opens the store at dbURL as Open does, with options.
func OpenWith(dbURL string, o OpenOptions) (*Store, error) {
	return open(dbURL, o, true)
}

// open opens a store, checking its format version when check is set.
func open(dbURL string, o OpenOptions, check bool) (*Store, error) {
	b, err := parseStoreURL(dbURL)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	rb := b
	if o.ReadURL != "" {
		if rb, err = parseStoreURL(o.ReadURL); err != nil {
			return nil, fmt.Errorf("open read store: %w", err)
		}
		if b.name != pgType || rb.name != pgType {
			return nil, errors.New("open store: a read database needs PostgreSQL URLs for both the store and the read database")
		}
	}
	qs, err := b.open()
	if err != nil {
		return nil, fmt.Errorf("open %q: %w", b.redacted(), err)
	}
	s := &Store{
		backend: b,
		qs:      qs,
		wmu:     make(chan struct{}, 1),
		closing: make(chan struct{}),
		resumed: make(chan struct{}),
		queries: make(chan struct{}, max(2, runtime.GOMAXPROCS(0))),
	}
	if check {
		// On the primary: the read database follows it.
		if err := s.checkFormat(context.Background()); err != nil {
			qs.Close()
			return nil, fmt.Errorf("open %q: %w", b.redacted(), err)
		}
	}
	if o.ReadURL != "" {
		rqs, err := rb.openRead()
		if err != nil {
			qs.Close()
			return nil, fmt.Errorf("open read store %q: %w", rb.redacted(), err)
		}
		s.primary, s.qs = qs, rqs
	}
	if b.name == pgType {
		if s.changes, err = openChangeLog(b.driver, b.addr, rb.addr, &s.cache); err != nil {
			s.closeQuadStores()
			return nil, fmt.Errorf("open %q: %w", b.redacted(), err)
		}
	}
	pending, err := s.pendingDeletes(context.Background())
	if err != nil {
		s.closeQuadStores()
		if s.changes != nil {
			s.changes.close()
		}
		return nil, fmt.Errorf("open %q: %w", b.redacted(), err)
	}
	s.pending = pending
	if len(pending) == 0 {
		close(s.resumed)
		return s, nil
	}
	// A delete was interrupted (crash, Close): finish it in the
	// background, holding the writer lock from here, so that reads are
	// served meanwhile and no write sees the partial article.
	s.wmu <- struct{}{}
	go func() {
		defer close(s.resumed)
		defer s.unlockWriter()
		if s.changes != nil {
			if err := s.changes.lock(context.Background()); err != nil {
				slog.Warn("graph: finishing interrupted deletes", "err", err)
				return
			}
		}
		slog.Info("graph: finishing interrupted deletes", "articles", len(pending))
		if err := s.finishPending(); err != nil {
			slog.Warn("graph: finishing interrupted deletes", "err", err)
		}
	}()
	return s, nil
}

// ErrBusy is returned (wrapped, together with the context's error) by a
// write that could not get the writer lock before its context ended:
// another write held it. Nothing was written.
var ErrBusy = errors.New("store busy with another write")

// lockWriter takes the writer lock, or gives up when ctx ends first. On
// PostgreSQL it is the database's writer lock too (changelog.go), held
// against every process on the database.
func (s *Store) lockWriter(ctx context.Context) error {
	select {
	case s.wmu <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ErrBusy, ctx.Err())
	}
	// Both may have been ready: a caller whose deadline has passed must
	// not write.
	if err := ctx.Err(); err != nil {
		s.unlockWriter()
		return fmt.Errorf("%w: %w", ErrBusy, err)
	}
	if s.changes != nil {
		if err := s.changes.lock(ctx); err != nil {
			<-s.wmu
			return err
		}
	}
	return nil
}

func (s *Store) unlockWriter() {
	if s.changes != nil {
		s.changes.unlock()
	}
	<-s.wmu
}

// Close closes the store. Calls after Close fail with ErrClosed.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	s.wmu <- struct{}{}
	defer s.unlockWriter()
	s.rw.Lock()
	defer s.rw.Unlock()
	if s.qs == nil {
		return nil
	}
	if s.changes != nil {
		s.changes.close()
		s.changes = nil
	}
	err := s.closeQuadStores()
	s.qs, s.primary, s.err = nil, nil, ErrClosed
	return err
}

// closeQuadStores closes the quad stores.
func (s *Store) closeQuadStores() error {
	err := s.qs.Close()
	if s.primary != nil {
		err = errors.Join(err, s.primary.Close())
	}
	return err
}

// IngestStats says what one Ingest did.
type IngestStats struct {
	Article  string `json:"article"`
	Created  bool   `json:"created"` // false: the article was already there, nothing written
	Quads    int    `json:"quads"`
	Entities int    `json:"entities"`
	Events   int    `json:"events"`
	Triples  int    `json:"triples"`
}

// Ingest writes one extracted article in a single transaction. The same
// article again (same ArticleID) writes nothing and returns Created false.
// When ctx ends before the writer lock is free, Ingest writes nothing and
// returns an error wrapping ErrBusy and ctx.Err().
func (s *Store) Ingest(ctx context.Context, a schema.Article, r schema.Result) (IngestStats, error) {
	return s.ingest(ctx, a, r)
}

// DeleteArticle removes an article and everything only it supported.
// It returns ErrNotFound when the article is not in the store. ctx bounds
// the wait for the writer lock (see ErrBusy); once begun, a delete runs to
// its end (see delete.go), unless the store is closed meanwhile, in which
// case the next Open finishes it.
func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	return s.deleteArticle(ctx, id)
}

// ArticleInfo describes a stored article.
type ArticleInfo struct {
	ID       string `json:"id"`
	SourceID string `json:"sourceId,omitempty"`
	Title    string `json:"title,omitempty"`
	Date     string `json:"date,omitempty"`
	Text     string `json:"text"`
	Quads    int    `json:"quads"`
	Events   int    `json:"events"`
}

// Article returns a stored article, or ErrNotFound.
func (s *Store) Article(ctx context.Context, id string) (ArticleInfo, error) {
	return s.article(ctx, id)
}

// EntityInfo describes an entity as the graph knows it across articles.
type EntityInfo struct {
	ID       string      `json:"id"`
	Kind     schema.Kind `json:"kind"`
	Name     string      `json:"name"`
	Country  string      `json:"country,omitempty"`
	Role     string      `json:"role,omitempty"`
	OrgKind  string      `json:"orgKind,omitempty"`
	Sector   string      `json:"sector,omitempty"`
	Aliases  []string    `json:"aliases,omitempty"`
	Degree   int         `json:"degree"`   // distinct analyst edges in and out
	Articles int         `json:"articles"` // articles that mention it
}

// Page asks for one page of a list: at most Limit items after Cursor.
type Page struct {
	Limit  int
	Cursor string // opaque; empty for the first page
}

// EntityFilter selects entities: Kind (empty for all) and a case-insensitive
// substring Query of the name or an alias.
type EntityFilter struct {
	Kind  schema.Kind
	Query string
	Page
}

// Entities lists entities matching f, and the cursor of the next page ("" at the end).
func (s *Store) Entities(ctx context.Context, f EntityFilter) ([]EntityInfo, string, error) {
	return s.entities(ctx, f)
}

// Entity returns one entity, or ErrNotFound.
func (s *Store) Entity(ctx context.Context, id string) (EntityInfo, error) {
	return s.entity(ctx, id)
}

// TripleInfo is an analyst edge with its evidence, at most
// MaxTripleEvidence pieces of the EvidenceTotal there are (each sentence
// and span of an article once), and the number of distinct articles that
// support it.
type TripleInfo struct {
	Subject       string            `json:"subject"`
	Predicate     string            `json:"predicate"`
	Object        string            `json:"object"`
	Support       int               `json:"support"`
	Evidence      []schema.Evidence `json:"evidence"`
	EvidenceTotal int               `json:"evidenceTotal"`
}

// TripleFilter selects analyst edges; empty fields match anything.
type TripleFilter struct {
	Subject, Predicate, Object string
	Page
}

// Triples lists analyst edges matching f.
func (s *Store) Triples(ctx context.Context, f TripleFilter) ([]TripleInfo, string, error) {
	return s.triples(ctx, f)
}

// Relations lists the analyst edges in and out of an entity; ErrNotFound
// when the entity is unknown.
func (s *Store) Relations(ctx context.Context, id string, p Page) ([]TripleInfo, string, error) {
	return s.relations(ctx, id, p)
}

// EventFilter selects events. Actor is an entity ID; a country's ID also
// matches the events of its people and organisations. Type is a PLOVER
// type; From and To bound the date (inclusive, YYYY-MM-DD).
type EventFilter struct {
	Actor, Type, From, To string
	Page
}

// Events lists events matching f, newest first.
func (s *Store) Events(ctx context.Context, f EventFilter) ([]schema.Event, string, error) {
	return s.events(ctx, f)
}

// QueryOptions bound a raw query.
type QueryOptions struct {
	Language string        // "gizmo" (default), "graphql", "mql"
	Limit    int           // results at most
	Timeout  time.Duration // 0: the context's deadline, or DefaultQueryTimeout without one
	MaxBytes int64         // bytes of results at most, 0: DefaultQueryBytes
	Memory   int64         // memory of the query's worker process, 0: DefaultQueryMemory, < 0: none
	// WorkerCommand is the executable that runs the query
	// (internal/rawquery); default this process's own.
	WorkerCommand string
}

// Query runs a raw read-only Cayley query in a worker process and returns
// its results as JSON. It stops when ctx is done (the error then wraps
// ctx.Err()); a query that fails to parse or run returns an error wrapping
// ErrBadQuery; one past its memory or byte limit ErrQueryMemory or
// ErrQueryTooLarge; a worker that died otherwise ErrQueryCrashed. The
// process that calls it must call rawquery.ServeIfWorker first thing in
// main (or TestMain).
func (s *Store) Query(ctx context.Context, query string, o QueryOptions) ([]json.RawMessage, error) {
	return s.query(ctx, query, o)
}
