package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dipgraph/dipgraph/internal/articles"
	"github.com/dipgraph/dipgraph/internal/extract"
	"github.com/dipgraph/dipgraph/internal/limits"
	"github.com/dipgraph/dipgraph/schema"
)

func runExtract(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlags("extract", "FILE…")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles extracted in parallel")
	getLimits := limitFlags(fs)
	newExtractor := dictFlags(fs, log)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	lim, err := getLimits()
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf(fs, "no input: give files, directories or - for stdin")
	}
	x, err := newExtractor()
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdout, 256<<10)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	stats, err := extractAll(ctx, x, fs.Args(), *workers, lim, log, nil, func(_ schema.Article, r schema.Result) error {
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("write result: %w", err)
		}
		return nil
	})
	if ferr := w.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write results: %w", ferr)
	}
	log.Info("extracted", "articles", stats.articles, "bad", stats.bad, "over_limits", stats.overLimit, "events", stats.events)
	return err
}

// extractStats count a run: articles extracted, bad ones (unreadable,
// never extracted), those over the article limits (skipped) and events.
type extractStats struct{ articles, bad, overLimit, events int }

// readProgress counts what extractAll has read, for a progress display
// running on another goroutine: bytes of input read (of total, 0 when
// unknown, e.g. on stdin) and articles skipped, bad or over the limits.
type readProgress struct {
	total atomic.Int64
	read  atomic.Int64
	bad   atomic.Int64
}

// countingReader adds the bytes read through it to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// readInput streams the articles of one input, as articles.ReadFile does,
// counting the bytes read into prog.
func readInput(path string, prog *readProgress, fn func(schema.Article) error, bad func(*articles.LineError)) error {
	var r io.Reader = os.Stdin
	name := "stdin"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("open input: %w", err)
		}
		defer f.Close()
		r, name = f, path
	}
	r = countingReader{r: r, n: &prog.read}
	if strings.EqualFold(filepath.Ext(path), ".txt") {
		a, err := articles.ReadText(r, name)
		if errors.Is(err, articles.ErrInvalid) {
			bad(&articles.LineError{Name: name, Err: err})
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		return fn(a)
	}
	return articles.ReadJSONLines(r, name, fn, bad)
}

// countSentences counts the sentence ends of text: a full stop, question
// or exclamation mark followed by a space or the end. It is an estimate
// for progress reports, not the extractor's segmentation.
func countSentences(text string) int {
	n := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '.', '?', '!':
			if i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n' {
				n++
			}
		}
	}
	if n == 0 && strings.TrimSpace(text) != "" {
		n = 1
	}
	return n
}

// extractAll streams the articles of every input through the extractor x on
// workers goroutines and hands each result to emit in input order, from one
// goroutine. At most a few batches are in flight, so memory stays flat
// however large the input. Bad articles, and articles over lim (refused
// before extraction when over a sentence limit), are logged and counted,
// not fatal. prog (nil for none) follows the reading.
func extractAll(ctx context.Context, x *extract.Extractor, inputs []string, workers int, lim limits.Article, log *slog.Logger, prog *readProgress,
	emit func(schema.Article, schema.Result) error) (extractStats, error) {
	var stats extractStats
	files, err := articles.Expand(inputs)
	if err != nil {
		return stats, err
	}
	if prog == nil {
		prog = &readProgress{}
	}
	var total int64
	for _, f := range files {
		if f == "-" {
			total = 0
			break
		}
		if st, err := os.Stat(f); err == nil {
			total += st.Size()
		}
	}
	prog.total.Store(total)
	if workers < 1 {
		workers = 1
	}

	type job struct {
		a    schema.Article
		r    schema.Result
		err  error // over a limit
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
				if j.err = lim.CheckText(j.a.Text); j.err == nil {
					j.r = x.Extract(j.a)
					j.err = lim.CheckResult(j.a, j.r)
				}
				close(j.done)
			}
		}()
	}

	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		for _, f := range files {
			err := readInput(f, prog, func(a schema.Article) error {
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
				prog.bad.Add(1)
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
		if j.err != nil {
			stats.overLimit++
			prog.bad.Add(1)
			id := j.a.ID
			if id == "" {
				id = schema.ArticleID(j.a.Text)
			}
			log.Warn("skipped article", "id", id, "error", j.err)
			continue
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
	if emitErr == nil && stats.articles == 0 && stats.bad == 0 && stats.overLimit == 0 {
		return stats, fmt.Errorf("no articles found in %s", strings.Join(inputs, " "))
	}
	if emitErr == nil && (stats.bad > 0 || stats.overLimit > 0) {
		// Everything valid was processed; the exit status still says that
		// some input was not.
		var skipped []string
		if stats.bad > 0 {
			skipped = append(skipped, plural(int64(stats.bad), "invalid article"))
		}
		if stats.overLimit > 0 {
			skipped = append(skipped, plural(int64(stats.overLimit), "article")+" over the article limits")
		}
		return stats, fmt.Errorf("skipped %s (see the log)", strings.Join(skipped, " and "))
	}
	return stats, emitErr
}
