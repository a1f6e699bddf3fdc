package graph

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/boltdb/bolt"
	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	cbolt "github.com/cayleygraph/cayley/graph/kv/bolt"
	"github.com/cayleygraph/quad"
)

// backend is a store as Cayley's registry knows it: a registered backend
// name, an address and options. Open picks one from the URL; a SQL backend
// is one more case in parseStoreURL.
type backend struct {
	name  string
	addr  string
	opts  cgraph.Options
	probe func() error // optional check run before the backend is touched
}

// lockTimeout bounds the wait for a bolt file another process holds open.
const lockTimeout = time.Second

// parseStoreURL maps a store URL to a backend: a plain path or "bolt:PATH"
// (also "bolt://PATH") is the embedded bolt store.
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
	default:
		return backend{}, fmt.Errorf("unsupported store URL scheme %q (supported: a path, bolt:PATH)", scheme)
	}
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

// probeBolt fails fast when another process holds the bolt file: Cayley
// opens it without a timeout and would wait forever.
func probeBolt(file string) error {
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	db, err := bolt.Open(file, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, bolt.ErrTimeout) {
		return fmt.Errorf("%s is in use by another process", file)
	} else if err != nil {
		return err
	}
	return db.Close()
}

var labelIndexOnce sync.Once

// addLabelIndex makes stores created from now on index quads by label, so
// one article's quads are a prefix scan. Stores keep the index list they
// were created with.
func addLabelIndex() {
	for _, ind := range kv.DefaultQuadIndexes {
		if len(ind.Dirs) == 1 && ind.Dirs[0] == quad.Label {
			return
		}
	}
	kv.DefaultQuadIndexes = append(kv.DefaultQuadIndexes, kv.QuadIndex{Dirs: []quad.Direction{quad.Label}})
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
	if err := cgraph.InitQuadStore(b.name, b.addr, b.opts); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		return nil, fmt.Errorf("init %s store %s: %w", b.name, b.addr, err)
	}
	qs, err := cgraph.NewQuadStore(b.name, b.addr, b.opts)
	if err != nil {
		return nil, fmt.Errorf("open %s store %s: %w", b.name, b.addr, err)
	}
	return qs, nil
}
