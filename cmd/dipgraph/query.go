package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/dipgraph/dipgraph/graph"
)

func runQuery(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlags("query", "QUERY")
	db := dbFlag(fs)
	readDB := readDBFlag(fs)
	lang := fs.String("lang", "gizmo", "query language: gizmo, graphql or mql")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit")
	limit := fs.Int("limit", 1000, "results at most")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf(fs, "give one query, or - to read it from stdin")
	}
	q := fs.Arg(0)
	if q == "-" {
		b, err := io.ReadAll(io.LimitReader(os.Stdin, 1<<20))
		if err != nil {
			return fmt.Errorf("read query: %w", err)
		}
		q = string(b)
	}
	if strings.TrimSpace(q) == "" {
		return fmt.Errorf("empty query")
	}
	store, err := openDBRead(*db, *readDB, false)
	if err != nil {
		if errors.Is(err, graph.ErrInUse) {
			return fmt.Errorf("%w: a server (dipgraph serve) holds the store; stop it, or ask it: POST /v1/query", err)
		}
		return err
	}
	defer store.Close()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	res, err := store.Query(ctx, q, graph.QueryOptions{Language: *lang, Limit: *limit})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(map[string]any{"results": res})
}
