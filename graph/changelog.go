package graph

// Several processes on one PostgreSQL database.
//
// Each process keeps read caches (cache.go) that its own writes keep up to
// date. So that every process learns of every write, whoever made it, a
// write on PostgreSQL also inserts a row into dipgraph_changes: what it
// changed as the caches need it (a touch: the entities its quads mention,
// the name facts and event links it wrote or removed), whether it ended a
// delete (refs to forget), and the process that made it. The row is
// inserted by the transaction that writes the quads: Cayley's SQL quad
// store runs its writes through the RunTx function of the backend's
// registration, and the "dipgraph-postgres" registration below is
// Cayley's own postgres one with a RunTx that inserts the row after
// Cayley's statements, in the same transaction. A write and its row
// commit together or not at all: there is no crash window between them,
// and a standby replays both at once.
//
// Every process polls the log (changePoll): one query on the primary key
// for the rows after the last one it applied, applied in order through
// the same readCache.apply the local write path uses. A read therefore
// reflects any write committed (on the database the process reads from)
// at most about one poll interval plus the poll's own time earlier.
//
// Row IDs come in commit order: every write holds the database writer
// lock (pg_advisory_xact_lock on writerLockKey, in a transaction of its
// own on a connection of its own, lockWriter) from before its transaction
// begins until after it commits, so no write can take a row ID while
// another, with a smaller one, is still to commit. The poll asking for
// "id > last" thus never skips a row that commits later. The same lock
// makes Ingest's "already there?" check and the write that follows
// atomic across processes, so the same article posted to two servers at
// once is stored once; deletes hold it from their first chunk to their
// last, and each write first finishes any delete another process left
// half done (its marker is in the store).
//
// A process that reads from a hot standby (OpenOptions.ReadURL) polls the
// standby: the rows arrive exactly when the standby has applied the
// writes, so its caches never run ahead of what it reads. It applies its
// own rows too: its own invalidation, done at commit on the primary, may
// come before the standby has the write.
//
// Rows older than changeRetention are pruned by writers. A process whose
// polls fail for longer than half of that drops all its caches when
// polls work again, rather than trust a log it may have missed rows of.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	graphlog "github.com/cayleygraph/cayley/graph/log"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/cayley/graph/sql/postgres"
	"github.com/cayleygraph/quad"
)

// pgType is the Cayley backend of postgres:// URLs: Cayley's postgres
// backend whose write transactions also insert the change row.
const pgType = "dipgraph-postgres"

// Polling the change log.
const (
	// changePoll is the interval between two polls.
	changePoll = 200 * time.Millisecond
	// changeBatch is the most rows one poll query returns; a full batch
	// is followed by another query at once.
	changeBatch = 500
	// changeRetention is how long change rows are kept.
	changeRetention = 10 * time.Minute
	// pruneEvery is the least time between two prunes by one process.
	pruneEvery = time.Minute
	// maxChangeBytes bounds the touch of one change row; a bigger one is
	// stored as touching everything.
	maxChangeBytes = 8 << 20
)

// writerLockKey is the pg_advisory_xact_lock key every writer holds.
const writerLockKey int64 = 0x6469706772617068 // "dipgraph"

const changeTableDDL = `CREATE TABLE IF NOT EXISTS dipgraph_changes (
	id     BIGSERIAL PRIMARY KEY,
	at     TIMESTAMPTZ NOT NULL DEFAULT now(),
	origin TEXT NOT NULL,
	forget BOOLEAN NOT NULL DEFAULT false,
	touch  TEXT
)`

const changeIndexDDL = `CREATE INDEX IF NOT EXISTS dipgraph_changes_at_index ON dipgraph_changes (at)`

func init() {
	csql.Register(pgType, csql.Registration{
		Driver:             "postgres",
		HashType:           `BYTEA`,
		BytesType:          `BYTEA`,
		HorizonType:        `BIGSERIAL`,
		TimeType:           `timestamp with time zone`,
		QueryDialect:       postgres.QueryDialect,
		ConditionalIndexes: true,
		FillFactor:         true,
		Error:              postgres.ConvError,
		Estimated: func(table string) string {
			return "SELECT reltuples::BIGINT AS estimate FROM pg_class WHERE relname='" + table + "';"
		},
		RunTx: runTxLogged,
	})
}

// changeRow is the row of the write under way.
type changeRow struct {
	origin string
	forget bool
	touch  []byte // JSON of a touch; nil: everything
}

// pending holds the change row of the write under way in this process;
// pendingMu makes writers of several stores (tests) take turns.
var (
	pendingMu  sync.Mutex
	pendingRow atomic.Pointer[changeRow]
)

// runTxLogged runs Cayley's postgres statements of a write, then inserts
// the write's change row in the same transaction. A write made without
// one (none of this package's) is logged as touching everything.
func runTxLogged(tx *sql.Tx, nodes []graphlog.NodeUpdate, quads []graphlog.QuadUpdate, opts cgraph.IgnoreOpts) error {
	if err := postgres.RunTxPostgres(tx, nodes, quads, opts); err != nil {
		return err
	}
	row := pendingRow.Load()
	if row == nil {
		row = &changeRow{origin: "unknown", forget: true}
	}
	var t any
	if row.touch != nil {
		t = string(row.touch)
	}
	if _, err := tx.Exec(`INSERT INTO dipgraph_changes (origin, forget, touch) VALUES ($1, $2, $3)`, row.origin, row.forget, t); err != nil {
		return fmt.Errorf("insert change row: %w", err)
	}
	return nil
}

// changeLog is a SQL store's link to the other processes on its database:
// the writer lock and the poll of the change log.
type changeLog struct {
	origin  string
	wdb     *sql.DB // the primary: the writer lock, pruning
	rdb     *sql.DB // where the store reads: the log is polled there
	skipOwn bool    // reads and writes go to the same database
	cache   *readCache

	lockTx    *sql.Tx // the writer lock's transaction, while held (under wmu)
	lastPrune time.Time

	mu   sync.Mutex
	last int64 // ID of the last row applied
	// lastPoll is when a poll last succeeded; polled counts the polls.
	lastPoll time.Time
	polled   uint64
	applied  uint64 // rows of others applied

	stop chan struct{}
	done chan struct{}
}

// newOrigin names this process's store in the rows it writes.
func newOrigin() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// openChangeLog connects to the primary (wURL) and the database reads go
// to (rURL, the same or a standby), and starts polling from the last row
// there now: what came before is in the data any read sees from now on.
func openChangeLog(driver, wURL, rURL string, c *readCache) (*changeLog, error) {
	wdb, err := sql.Open(driver, wURL)
	if err != nil {
		return nil, fmt.Errorf("connect to the primary: %w", err)
	}
	rdb := wdb
	if rURL != wURL {
		if rdb, err = sql.Open(driver, rURL); err != nil {
			wdb.Close()
			return nil, fmt.Errorf("connect to the read database: %w", err)
		}
		rdb.SetMaxOpenConns(2)
	}
	l := &changeLog{
		origin:  newOrigin(),
		wdb:     wdb,
		rdb:     rdb,
		skipOwn: rURL == wURL,
		cache:   c,
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	ctx, cancel := context.WithTimeout(context.Background(), sqlTimeout)
	defer cancel()
	if err := rdb.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM dipgraph_changes`).Scan(&l.last); err != nil {
		l.closeDBs()
		return nil, fmt.Errorf("read the change log: %w", err)
	}
	l.lastPoll = time.Now()
	go l.run()
	return l, nil
}

func (l *changeLog) closeDBs() {
	if l.rdb != l.wdb {
		l.rdb.Close()
	}
	l.wdb.Close()
}

// close stops the poll and closes the connections.
func (l *changeLog) close() {
	close(l.stop)
	<-l.done
	if l.lockTx != nil {
		_ = l.lockTx.Rollback()
		l.lockTx = nil
	}
	l.closeDBs()
}

func (l *changeLog) run() {
	defer close(l.done)
	t := time.NewTicker(changePoll)
	defer t.Stop()
	var failing time.Time
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		err := l.poll()
		switch {
		case err == nil:
			if !failing.IsZero() {
				slog.Info("graph: change log polls work again", "failing_for", time.Since(failing).Round(time.Millisecond))
				failing = time.Time{}
			}
		case failing.IsZero():
			failing = time.Now()
			slog.Warn("graph: polling the change log", "err", err)
		}
	}
}

// poll applies the rows after the last one applied.
func (l *changeLog) poll() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	l.mu.Lock()
	stale := time.Since(l.lastPoll) > changeRetention/2
	l.mu.Unlock()
	if stale {
		// Rows may have been pruned unseen: forget everything and go on
		// from the log's end.
		var last int64
		if err := l.rdb.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM dipgraph_changes`).Scan(&last); err != nil {
			return fmt.Errorf("read the change log: %w", err)
		}
		l.cache.apply(touch{All: true})
		l.cache.dropNodes()
		l.cache.forgetRefs()
		l.mu.Lock()
		l.last, l.lastPoll = last, time.Now()
		l.mu.Unlock()
		slog.Warn("graph: change log polls failed too long; caches dropped")
		return nil
	}
	for {
		n, err := l.pollOnce(ctx)
		if err != nil {
			return err
		}
		if n < changeBatch {
			return nil
		}
	}
}

func (l *changeLog) pollOnce(ctx context.Context) (int, error) {
	l.mu.Lock()
	last := l.last
	l.mu.Unlock()
	rows, err := l.rdb.QueryContext(ctx, `SELECT id, origin, forget, touch FROM dipgraph_changes WHERE id > $1 ORDER BY id LIMIT $2`, last, changeBatch)
	if err != nil {
		return 0, fmt.Errorf("poll the change log: %w", err)
	}
	defer rows.Close()
	n := 0
	applied := 0
	for rows.Next() {
		var (
			id     int64
			origin string
			forget bool
			raw    sql.NullString
		)
		if err := rows.Scan(&id, &origin, &forget, &raw); err != nil {
			return n, fmt.Errorf("read a change row: %w", err)
		}
		n++
		if !(l.skipOwn && origin == l.origin) {
			t := touch{All: true}
			if raw.Valid {
				if err := json.Unmarshal([]byte(raw.String), &t); err != nil {
					slog.Warn("graph: unreadable change row, taken as touching everything", "id", id, "err", err)
					t = touch{All: true}
				}
			}
			l.cache.apply(t)
			if forget {
				l.cache.forgetRefs()
			}
			applied++
		}
		l.mu.Lock()
		l.last = id
		l.mu.Unlock()
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("poll the change log: %w", err)
	}
	l.mu.Lock()
	l.lastPoll = time.Now()
	l.polled++
	l.applied += uint64(applied)
	l.mu.Unlock()
	return n, nil
}

// lock takes the database writer lock; the caller holds wmu.
func (l *changeLog) lock(ctx context.Context) error {
	// The transaction outlives ctx: database/sql rolls back a transaction
	// whose context ends, which would release the lock in the middle of
	// a write (a delete runs to its end whatever its caller's context
	// says). ctx bounds the wait for the lock only.
	tx, err := l.wdb.BeginTx(context.Background(), nil)
	if err != nil {
		return fmt.Errorf("take the database writer lock: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, writerLockKey); err != nil {
		_ = tx.Rollback()
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %w", ErrBusy, ctx.Err())
		}
		return fmt.Errorf("take the database writer lock: %w", err)
	}
	l.lockTx = tx
	return nil
}

// unlock releases the writer lock, pruning old change rows first now and
// then. The caller holds wmu.
func (l *changeLog) unlock() {
	tx := l.lockTx
	if tx == nil {
		return
	}
	l.lockTx = nil
	if time.Since(l.lastPrune) > pruneEvery {
		l.lastPrune = time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), sqlTimeout)
		defer cancel()
		_, err := tx.ExecContext(ctx, `DELETE FROM dipgraph_changes WHERE at < now() - $1::interval`,
			fmt.Sprintf("%d seconds", int(changeRetention/time.Second)))
		if err == nil {
			err = tx.Commit()
		}
		if err != nil {
			slog.Warn("graph: pruning the change log", "err", err)
			_ = tx.Rollback()
		}
		return
	}
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		slog.Warn("graph: releasing the database writer lock", "err", err)
	}
}

// ChangeLogStats says how a store follows the other processes' writes:
// zero on bolt.
type ChangeLogStats struct {
	LastChange int64     `json:"lastChange"` // ID of the last change row applied
	Polls      uint64    `json:"polls"`
	Applied    uint64    `json:"applied"`  // rows of other processes applied
	LastPoll   time.Time `json:"lastPoll"` // when a poll last succeeded
}

// ChangeLog returns how the store follows the change log.
func (s *Store) ChangeLog() ChangeLogStats {
	s.rw.RLock()
	l := s.changes
	s.rw.RUnlock()
	if l == nil {
		return ChangeLogStats{}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return ChangeLogStats{LastChange: l.last, Polls: l.polled, Applied: l.applied, LastPoll: l.lastPoll}
}

// apply writes deltas to qs (the primary) and drops what they changed
// from the caches; quads are the deltas' quads, forget says the write
// ends a delete (see applyExclusive). On PostgreSQL the write's change
// row goes in with it. Every write of the store goes through here.
func (s *Store) apply(qs cgraph.QuadStore, deltas []cgraph.Delta, opts cgraph.IgnoreOpts, quads []quad.Quad, forget bool) error {
	t := touchOf(quads)
	t.Dyads, t.DyadsKnown = dyadDeltasOf(deltas), true
	if s.changes == nil {
		if err := qs.ApplyDeltas(deltas, opts); err != nil {
			return err
		}
	} else {
		row := &changeRow{origin: s.changes.origin, forget: forget}
		if b, err := json.Marshal(t); err == nil && len(b) <= maxChangeBytes {
			row.touch = b
		}
		pendingMu.Lock()
		pendingRow.Store(row)
		err := qs.ApplyDeltas(deltas, opts)
		pendingRow.Store(nil)
		pendingMu.Unlock()
		if err != nil {
			return err
		}
	}
	s.cache.apply(t)
	if forget {
		s.cache.forgetRefs()
	}
	return nil
}

// openRead opens a hot standby's quad store: read-only, so nothing is
// created; the primary made the tables.
func (b backend) openRead() (cgraph.QuadStore, error) {
	qs, err := cgraph.NewQuadStore(b.name, b.addr, b.opts)
	if err != nil {
		return nil, fmt.Errorf("open %s store %s: %w", b.name, b.redacted(), err)
	}
	return qs, nil
}

// readPrimary is read for writers: the quad store under the read lock,
// the primary when reads go to a standby (a write's checks must see
// every committed write).
func (s *Store) readPrimary() (reader, func(), error) {
	r, done, err := s.read()
	if err != nil {
		return r, done, err
	}
	if s.primary != nil {
		r.qs = s.primary
	}
	return r, done, nil
}

// writeStore is the quad store writes go to; the caller holds rw.
func (s *Store) writeStore() cgraph.QuadStore {
	if s.primary != nil {
		return s.primary
	}
	return s.qs
}

// resetPrimary is reset for a store reading from a standby: the primary
// is reopened. The caller holds wmu and no read lock.
func (s *Store) resetPrimary(cause error) {
	s.rw.Lock()
	defer s.rw.Unlock()
	if s.qs == nil {
		return
	}
	slog.Warn("graph: write failed, reopening the primary", "err", cause)
	s.cache.dropNodes()
	if err := s.primary.Close(); err != nil {
		slog.Warn("graph: close after failed write", "err", err)
	}
	qs, err := s.backend.open()
	if err != nil {
		s.primary.Close()
		s.qs.Close()
		s.qs, s.primary, s.err = nil, nil, fmt.Errorf("%w: reopen after failed write: %v", ErrClosed, err)
		return
	}
	s.primary = qs
}

// quadCount is Stats' count of quads on a SQL store, kept until a write
// (this process's or, through the change log, another's): Cayley's own
// count is only reset by the writes of its process.
type quadCount struct {
	mu  sync.Mutex
	ok  bool
	gen uint64
	n   int64
}

// sqlQuads counts the quads of a SQL store where it reads.
func (s *Store) sqlQuads(ctx context.Context) (int64, error) {
	gen := s.cache.generation()
	s.counted.mu.Lock()
	if s.counted.ok && s.counted.gen == gen {
		n := s.counted.n
		s.counted.mu.Unlock()
		return n, nil
	}
	s.counted.mu.Unlock()
	var n int64
	if err := s.changes.rdb.QueryRowContext(ctx, `SELECT count(*) FROM quads`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count quads: %w", err)
	}
	s.counted.mu.Lock()
	s.counted.ok, s.counted.gen, s.counted.n = true, gen, n
	s.counted.mu.Unlock()
	return n, nil
}
