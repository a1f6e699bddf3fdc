package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/boltdb/bolt"
	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	cbolt "github.com/cayleygraph/cayley/graph/kv/bolt"
	"github.com/cayleygraph/cayley/graph/sql/cockroach"
	"github.com/cayleygraph/quad"
)

// backend is a store as Cayley's registry knows it: a registered backend
// name, an address and options. Open picks one from the URL.
type backend struct {
	name  string
	addr  string
	opts  cgraph.Options
	probe func() error // optional check run before the backend is touched

	// driver is the database/sql driver of a SQL backend ("" for bolt):
	// the store is initialised through it and maintained after bulk loads.
	driver string
}

// lockTimeout bounds the wait for a bolt file another process holds open.
const lockTimeout = time.Second

// parseStoreURL maps a store URL to a backend: a plain path or "bolt:PATH"
// (also "bolt://PATH") is the embedded bolt store; "postgres://…" (or
// "postgresql://…") is Cayley's PostgreSQL backend; "cockroach://…" is its
// CockroachDB backend, reached with the same URL over the PostgreSQL wire
// protocol.
func parseStoreURL(dbURL string) (backend, error) {
	if strings.TrimSpace(dbURL) == "" {
		return backend{}, errors.New("empty store URL")
	}
	scheme, rest, ok := splitScheme(dbURL)
	if !ok {
		return boltBackend(dbURL)
	}
	switch strings.ToLower(scheme) {
	case "bolt":
		return boltBackend(strings.TrimPrefix(rest, "//"))
	case "postgres", "postgresql":
		return sqlBackend(pgType, "postgres", dbURL)
	case "cockroach", "cockroachdb":
		return sqlBackend(cockroach.Type, "pgx", "postgresql:"+rest)
	default:
		return backend{}, fmt.Errorf("unsupported store URL scheme %q (supported: a path, bolt:PATH, postgres://…, cockroach://…)", scheme)
	}
}

// BoltPath returns the directory of the embedded bolt store dbURL names,
// or false when it names a SQL backend (or is malformed).
func BoltPath(dbURL string) (string, bool) {
	b, err := parseStoreURL(dbURL)
	if err != nil || b.driver != "" {
		return "", false
	}
	return b.addr, true
}

// IsSQL reports whether dbURL names a SQL backend (PostgreSQL or
// CockroachDB) rather than an embedded bolt store.
func IsSQL(dbURL string) bool {
	b, err := parseStoreURL(dbURL)
	return err == nil && b.driver != ""
}

func sqlBackend(name, driver, addr string) (backend, error) {
	u, err := url.Parse(addr)
	if err != nil {
		return backend{}, fmt.Errorf("bad %s URL: %w", name, err)
	}
	if u.Host == "" || strings.Trim(u.Path, "/") == "" {
		return backend{}, fmt.Errorf("%s URL needs a host and a database: %s://USER@HOST:PORT/DATABASE", name, name)
	}
	return backend{name: name, addr: addr, opts: cgraph.Options{}, driver: driver}, nil
}

// redacted is the backend's address without a password, for messages.
func (b backend) redacted() string {
	if b.driver == "" {
		return b.addr
	}
	u, err := url.Parse(b.addr)
	if err != nil {
		return b.name + " store"
	}
	return u.Redacted()
}

// sqlTimeout bounds connecting to and preparing a SQL store.
const sqlTimeout = 30 * time.Second

// initSQL creates Cayley's tables on first use, then the index of quads by
// label that retracting or checking one article needs (Cayley creates
// none), and the change log on PostgreSQL (changelog.go). Cayley's own
// InitQuadStore logs an error on every existing store, so the tables are
// looked up first; what exists is left alone, so that a store already
// made opens on a read-only hot standby too.
func (b backend) initSQL() error {
	db, err := sql.Open(b.driver, b.addr)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", b.redacted(), err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), sqlTimeout)
	defer cancel()
	var n, have int
	err = db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE table_name IN ('nodes', 'quads')),
			count(*) FILTER (WHERE table_name = 'dipgraph_changes')
		FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_name IN ('nodes', 'quads', 'dipgraph_changes')`).Scan(&n, &have)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", b.redacted(), err)
	}
	if n < 2 {
		if err := cgraph.InitQuadStore(b.name, b.addr, b.opts); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			return fmt.Errorf("init %s store %s: %w", b.name, b.redacted(), err)
		}
	}
	var indexed bool
	err = db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_indexes
		WHERE schemaname = current_schema() AND indexname = 'quads_label_hash_index')`).Scan(&indexed)
	if err != nil {
		return fmt.Errorf("look up the label index in %s: %w", b.redacted(), err)
	}
	if !indexed {
		if _, err := db.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS quads_label_hash_index ON quads (label_hash)`); err != nil {
			return fmt.Errorf("index quads by label in %s: %w", b.redacted(), err)
		}
	}
	if b.name == pgType && have == 0 {
		for _, ddl := range []string{changeTableDDL, changeIndexDDL} {
			if _, err := db.ExecContext(ctx, ddl); err != nil {
				return fmt.Errorf("create the change log in %s: %w", b.redacted(), err)
			}
		}
	}
	return nil
}

// maintain refreshes a SQL store's planner statistics after a bulk load
// (VACUUM ANALYZE on PostgreSQL; CockroachDB keeps its own). It does
// nothing on bolt.
func (b backend) maintain(ctx context.Context) error {
	if b.name != pgType {
		return nil
	}
	db, err := sql.Open(b.driver, b.addr)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", b.redacted(), err)
	}
	defer db.Close()
	for _, table := range []string{"nodes", "quads"} {
		if _, err := db.ExecContext(ctx, "VACUUM ANALYZE "+table); err != nil {
			return fmt.Errorf("vacuum analyze %s in %s: %w", table, b.redacted(), err)
		}
	}
	return nil
}

// splitScheme splits "scheme:rest". A single letter before the colon is a
// drive letter, not a scheme; a slash before the colon makes it a path.
func splitScheme(s string) (scheme, rest string, ok bool) {
	i := strings.IndexByte(s, ':')
	if i < 2 {
		return "", s, false
	}
	for j, r := range s[:i] {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case j > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return "", s, false
		}
	}
	return s[:i], s[i+1:], true
}

func boltBackend(path string) (backend, error) {
	if path == "" {
		return backend{}, errors.New("bolt store URL without a path")
	}
	path = filepath.Clean(path)
	return backend{
		name: cbolt.Type,
		addr: path,
		opts: cgraph.Options{kv.OptNoBloom: true},
		probe: func() error {
			return probeBolt(filepath.Join(path, "indexes.bolt"))
		},
	}, nil
}

// ErrInUse is the error (wrapped) of opening a bolt store another process
// holds open: bolt allows one process at a time.
var ErrInUse = errors.New("in use by another process")

// probeBolt fails fast when another process holds the bolt file: Cayley
// opens it without a timeout and would wait forever.
func probeBolt(file string) error {
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	db, err := bolt.Open(file, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, bolt.ErrTimeout) {
		return fmt.Errorf("%s is %w", file, ErrInUse)
	} else if err != nil {
		return err
	}
	return db.Close()
}

var labelIndexOnce sync.Once

// labelIndex indexes quads by label, then subject: one article's quads are
// a prefix scan, and the index list Cayley decodes to check that a quad
// exists before deleting it is that of one node within one article, not
// the whole article's (which made deletes quadratic; see delete.go).
var labelIndex = kv.QuadIndex{Dirs: []quad.Direction{quad.Label, quad.Subject}}

// addLabelIndex makes stores created from now on index quads by label and
// subject. Stores keep the index list they were created with: those made
// with a label-only index still work, with slower deletes.
func addLabelIndex() {
	for _, ind := range kv.DefaultQuadIndexes {
		if len(ind.Dirs) > 0 && ind.Dirs[0] == quad.Label {
			return
		}
	}
	kv.DefaultQuadIndexes = append(kv.DefaultQuadIndexes, labelIndex)
}

// open opens the backend's quad store, creating and initialising it first
// when it does not exist yet.
func (b backend) open() (cgraph.QuadStore, error) {
	labelIndexOnce.Do(addLabelIndex)
	if b.probe != nil {
		if err := b.probe(); err != nil {
			return nil, err
		}
	}
	if b.driver != "" {
		if err := b.initSQL(); err != nil {
			return nil, err
		}
	} else if err := cgraph.InitQuadStore(b.name, b.addr, b.opts); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		return nil, fmt.Errorf("init %s store %s: %w", b.name, b.addr, err)
	}
	qs, err := cgraph.NewQuadStore(b.name, b.addr, b.opts)
	if err != nil {
		return nil, fmt.Errorf("open %s store %s: %w", b.name, b.redacted(), err)
	}
	return qs, nil
}

// RedactURL returns a store URL fit for logs: a SQL URL loses its password,
// a path stays as it is.
func RedactURL(dbURL string) string {
	b, err := parseStoreURL(dbURL)
	if err != nil {
		return "(invalid store URL)"
	}
	return b.redacted()
}
