package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/schema"
)

func runIngest(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlags("ingest", "FILE…")
	db := fs.String("db", defaultDB(), "store: a path or bolt:PATH")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles extracted in parallel")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("no input: give files, directories or - for stdin")
	}
	store, err := graph.Open(*db)
	if err != nil {
		return err
	}
	defer store.Close()

	start := time.Now()
	var created, skipped, failed, quads int
	stats, err := extractAll(ctx, fs.Args(), *workers, log, func(a schema.Article, r schema.Result) error {
		st, err := store.Ingest(ctx, a, r)
		if errors.Is(err, graph.ErrInvalid) {
			// The store refused this article's result and wrote nothing of
			// it; the others still go in, and the run ends in an error.
			failed++
			log.Error("article not stored", "id", r.ID, "error", err)
			return nil
		}
		if err != nil {
			return fmt.Errorf("article %s: %w", r.ID, err)
		}
		if st.Created {
			created++
			quads += st.Quads
		} else {
			skipped++
		}
		return nil
	})
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "ingested %d articles (%d new, %d already present, %d bad, %d refused) into %s: %d quads, %d events in %.2fs\n",
		stats.articles, created, skipped, stats.bad, failed, *db, quads, stats.events, secs)
	if err == nil && failed > 0 {
		err = fmt.Errorf("%d articles were refused by the store (see the log)", failed)
	}
	return err
}
