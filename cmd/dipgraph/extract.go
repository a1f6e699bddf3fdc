package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync"

	"github.com/dipgraph/dipgraph/internal/articles"
	"github.com/dipgraph/dipgraph/internal/extract"
	"github.com/dipgraph/dipgraph/schema"
)

func runExtract(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlags("extract", "FILE…")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles extracted in parallel")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("no input: give files, directories or - for stdin")
	}
	w := bufio.NewWriterSize(stdout, 256<<10)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	stats, err := extractAll(ctx, fs.Args(), *workers, log, func(_ schema.Article, r schema.Result) error {
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("write result: %w", err)
		}
		return nil
	})
	if ferr := w.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write results: %w", ferr)
	}
	log.Info("extracted", "articles", stats.articles, "bad", stats.bad, "events", stats.events)
	return err
}

type extractStats struct{ articles, bad, events int }

// extractAll streams the articles of every input through the extractor on
// workers goroutines and hands each result to emit in input order, from one
// goroutine. At most a few batches are in flight, so memory stays flat
// however large the input. Bad articles are logged and counted, not fatal.
func extractAll(ctx context.Context, inputs []string, workers int, log *slog.Logger,
	emit func(schema.Article, schema.Result) error) (extractStats, error) {
	var stats extractStats
	files, err := articles.Expand(inputs)
	if err != nil {
		return stats, err
	}
	if workers < 1 {
		workers = 1
	}
	x := extract.New()

	type job struct {
		a    schema.Article
		r    schema.Result
		done chan struct{}
	}
	jobs := make(chan *job, workers*4)
	order := make(chan *job, workers*4) // same jobs, in input order
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.r = x.Extract(j.a)
				close(j.done)
			}
		}()
	}

	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		for _, f := range files {
			err := articles.ReadFile(f, func(a schema.Article) error {
				j := &job{a: a, done: make(chan struct{})}
				select {
				case order <- j:
				case <-ctx.Done():
					return ctx.Err()
				}
				jobs <- j
				return nil
			}, func(e *articles.LineError) {
				stats.bad++ // only this goroutine writes bad until order closes
				log.Warn("skipped article", "error", e)
			})
			if err != nil {
				readErr <- err
				return
			}
		}
		readErr <- nil
	}()

	var emitErr error
	for j := range order {
		<-j.done
		if emitErr != nil {
			continue // drain so the reader and workers can stop
		}
		if err := emit(j.a, j.r); err != nil {
			emitErr = err
			cancel()
			continue
		}
		stats.articles++
		stats.events += len(j.r.Events)
	}
	wg.Wait()
	if err := <-readErr; err != nil && emitErr == nil {
		return stats, err
	}
	if emitErr == nil && stats.bad > 0 {
		// Everything valid was processed; the exit status still says that
		// some input was not.
		return stats, fmt.Errorf("%d invalid articles skipped (see the log)", stats.bad)
	}
	return stats, emitErr
}
