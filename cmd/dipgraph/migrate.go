package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/schema"
)

// migrateEvery is how often migrate logs its progress at most.
const migrateEvery = 2 * time.Second

// runMigrate rebuilds a store of an older format: every article the old
// store holds is extracted again with the current extractor and written
// into a new, empty store. The old store is only read.
func runMigrate(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlags("migrate", "OLD NEW")
	batch := fs.Int("batch", defaultBatchQuads, "quads per write transaction, about (whole articles only)")
	getLimits := limitFlags(fs)
	newExtractor := dictFlags(fs, log)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageErrorf(fs, "give the old store and the new one: dipgraph migrate OLD NEW")
	}
	oldURL, newURL := fs.Arg(0), fs.Arg(1)
	if oldURL == newURL {
		return usageErrorf(fs, "OLD and NEW are the same store: the new store must be another, empty one")
	}
	lim, err := getLimits()
	if err != nil {
		return err
	}
	x, err := newExtractor()
	if err != nil {
		return err
	}
	if p, ok := graph.BoltPath(oldURL); ok {
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("old store %s does not exist", p)
		}
	}
	src, err := graph.OpenSource(oldURL)
	if err != nil {
		return fmt.Errorf("old store: %w", err)
	}
	defer src.Close()
	dst, err := openDB(newURL, true)
	if err != nil {
		return fmt.Errorf("new store: %w", err)
	}
	defer dst.Close()
	if st, err := dst.Stats(ctx); err != nil {
		return fmt.Errorf("new store: %w", err)
	} else if st.Quads > 0 {
		return fmt.Errorf("new store %s is not empty (%d articles): migrate writes into a new, empty store", graph.RedactURL(newURL), st.Articles)
	}
	log.Info("migrate: started", "from", graph.RedactURL(oldURL), "format", src.Version(),
		"to", graph.RedactURL(newURL), "new_format", graph.FormatVersion)

	start := time.Now()
	var counts ingestCounts
	var over int64
	w := newBatchWriter(ctx, dst, max(1, *batch), &counts, log)
	last := start
	err = src.Articles(ctx, func(n, total int, a schema.Article) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := lim.CheckText(a.Text); err != nil {
			over++
			log.Warn("migrate: skipped article", "id", a.ID, "error", err)
			return nil
		}
		r := x.Extract(a)
		if err := lim.CheckResult(a, r); err != nil {
			over++
			log.Warn("migrate: skipped article", "id", a.ID, "error", err)
			return nil
		}
		counts.articles.Add(1)
		if err := w.add(a, r); err != nil {
			return err
		}
		if now := time.Now(); now.Sub(last) >= migrateEvery || n == total {
			last = now
			log.Info("migrate: progress", "articles", n, "of", total, "elapsed", now.Sub(start).Round(time.Millisecond))
		}
		return nil
	})
	if werr := w.close(); werr != nil && err == nil {
		err = werr
	}
	if err != nil {
		return fmt.Errorf("migrate %s to %s: %w", graph.RedactURL(oldURL), graph.RedactURL(newURL), err)
	}
	if counts.created.Load() > 0 {
		if err := dst.Maintain(ctx); err != nil {
			log.Warn("store maintenance after the migration failed", "error", err)
		}
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "migrated %s from %s (format %d) into %s (format %d): %d new, %d refused, %d over the article limits; %s and %s written in %.2fs\n",
		plural(counts.articles.Load()+over, "article"), graph.RedactURL(oldURL), src.Version(), graph.RedactURL(newURL), graph.FormatVersion,
		counts.created.Load(), counts.refused.Load(), over,
		plural(counts.quads.Load(), "quad"), plural(counts.newEvents.Load(), "event"), secs)
	if n := counts.refused.Load() + over; n > 0 {
		return fmt.Errorf("%s not migrated (see the log)", plural(n, "article was", "articles were"))
	}
	return nil
}
