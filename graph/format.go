package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cayleygraph/cayley/graph/kv"
)

// FormatVersion is the version of the quad model (docs/graph-model.md)
// that this code writes and reads. Version 1 wrote every number of the
// evidence as a quad, copied sentences and reified actors; version 2
// keeps evidence as offsets into the stored text; version 3 added dyad
// aggregates rewritten at each write and the dyad evidence index, and
// lists on each article the dates of its events that are not the
// article's (PredEventDate), which the event list's date index is read
// from; version 4 replaces the rewritten aggregates with each article's
// own dyad counts (dyadagg.go).
const FormatVersion = 4

// ErrOldFormat is returned (wrapped) by Open for a store written in an
// older format: `dipgraph migrate OLD NEW` rebuilds it (OpenSource reads
// it).
var ErrOldFormat = errors.New("store written in an older format")

// ErrNewFormat is returned (wrapped) by Open for a store written by a
// newer dipgraph.
var ErrNewFormat = errors.New("store written by a newer dipgraph")

// formatFile is the file beside a bolt store that holds its format
// version; a SQL store keeps it in its dipgraph_meta table (as the
// synthetic store's marker).
const (
	formatFile = "format"
	formatName = "format"
)

// checkFormat records the format version of a store that has no quads
// yet, and refuses one of another version. A store without a version
// that holds quads was written before versions were recorded: version 1.
func (s *Store) checkFormat(ctx context.Context) error {
	v, ok, err := s.backend.readFormat(ctx)
	if err != nil {
		return fmt.Errorf("read the format version: %w", err)
	}
	if !ok {
		empty, err := s.empty(ctx)
		if err != nil {
			return fmt.Errorf("read the format version: %w", err)
		}
		if !empty {
			v = 1
		} else if err := s.backend.writeFormat(ctx, FormatVersion); err != nil {
			return fmt.Errorf("record the format version: %w", err)
		} else {
			return nil
		}
	}
	where := s.backend.redacted()
	switch {
	case v < FormatVersion:
		return fmt.Errorf("%w: %s is in format %d, this dipgraph reads format %d; rebuild it from the articles it holds with `dipgraph migrate %s NEW` (NEW a path or URL of a new, empty store), then use NEW",
			ErrOldFormat, where, v, FormatVersion, where)
	case v > FormatVersion:
		return fmt.Errorf("%w: %s is in format %d, this dipgraph reads format %d: upgrade dipgraph", ErrNewFormat, where, v, FormatVersion)
	}
	return nil
}

// empty reports whether the store holds no quad.
func (s *Store) empty(ctx context.Context) (bool, error) {
	st, err := s.qs.Stats(ctx, s.backend.driver != "")
	if errors.Is(err, kv.ErrNoBucket) {
		return true, nil
	} else if err != nil {
		return false, err
	}
	return st.Quads.Size == 0, nil
}

// readFormat returns the format version recorded in the store, false when
// none is.
func (b backend) readFormat(ctx context.Context) (int, bool, error) {
	var raw string
	if b.driver == "" {
		data, err := os.ReadFile(filepath.Join(b.addr, formatFile))
		if errors.Is(err, os.ErrNotExist) {
			return 0, false, nil
		} else if err != nil {
			return 0, false, err
		}
		raw = string(data)
	} else {
		db, err := sql.Open(b.driver, b.addr)
		if err != nil {
			return 0, false, err
		}
		defer db.Close()
		// Looked up, not created: a read-only command may open a hot
		// standby, where even CREATE TABLE IF NOT EXISTS is refused.
		var tables int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'dipgraph_meta'`).Scan(&tables); err != nil {
			return 0, false, fmt.Errorf("meta table: %w", err)
		}
		if tables == 0 {
			return 0, false, nil
		}
		err = db.QueryRowContext(ctx, `SELECT value FROM dipgraph_meta WHERE name = $1`, formatName).Scan(&raw)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, nil
		} else if err != nil {
			return 0, false, err
		}
	}
	v, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || v < 1 {
		return 0, false, fmt.Errorf("format version %q is not a positive number", raw)
	}
	return v, true, nil
}

func (b backend) writeFormat(ctx context.Context, v int) error {
	if b.driver == "" {
		return os.WriteFile(filepath.Join(b.addr, formatFile), []byte(strconv.Itoa(v)+"\n"), 0o644)
	}
	db, err := sql.Open(b.driver, b.addr)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := metaTable(ctx, db); err != nil {
		return err
	}
	// Two processes opening a new store at once record the same version.
	_, err = db.ExecContext(ctx, `INSERT INTO dipgraph_meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
		formatName, strconv.Itoa(v))
	return err
}

func metaTable(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS dipgraph_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("meta table: %w", err)
	}
	return nil
}
