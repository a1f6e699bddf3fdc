package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/articles"
	"github.com/dipgraph/dipgraph/schema"
)

// Batching of the bulk writer: a transaction holds whole articles, about
// batchQuads quads or batchArticles articles, whichever comes first, and
// never waits more than batchWait for more input (so a slow stream on
// stdin still lands in the store as it comes).
const (
	defaultBatchQuads = 10000
	batchArticles     = 1000
	batchWait         = 2 * time.Second
)

// ingestCounts are the outcomes of a run, named as the HTTP API's metrics
// name them: created, already present, invalid (unreadable input, never
// extracted), refused (the store refused the extraction's result).
type ingestCounts struct {
	created, present, refused atomic.Int64
	quads, events, sentences  atomic.Int64
	newEvents                 atomic.Int64 // events of the created articles
	articles                  atomic.Int64 // extracted and handed to the writer
}

func runIngest(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlags("ingest", "FILE…")
	db := dbFlag(fs)
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles extracted in parallel")
	batch := fs.Int("batch", defaultBatchQuads, "quads per write transaction, about (whole articles only)")
	progress := fs.String("progress", "auto", "progress line on stderr: auto (when stderr is a terminal), always or never")
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
	var live bool
	switch *progress {
	case "auto":
		live = isTerminal(os.Stderr)
	case "always":
		live = true
	case "never":
	default:
		return fmt.Errorf("--progress %q: want auto, always or never", *progress)
	}
	// The inputs are checked before the store is created for them.
	files, err := articles.Expand(fs.Args())
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no articles found in %s: a directory is read for .jsonl, .ndjson, .json and .txt files", strings.Join(fs.Args(), " "))
	}
	store, err := openDB(*db, true)
	if err != nil {
		if errors.Is(err, graph.ErrInUse) {
			return fmt.Errorf("%w: a server (dipgraph serve) holds the store; stop it, or send the articles to it: POST /v1/articles", err)
		}
		return err
	}
	defer store.Close()

	start := time.Now()
	var counts ingestCounts
	prog := &readProgress{}
	w := newBatchWriter(ctx, store, max(1, *batch), &counts, log)
	stopProgress := startProgress(os.Stderr, live, log, start, &counts, prog)
	stats, err := extractAll(ctx, x, files, *workers, lim, log, prog, func(a schema.Article, r schema.Result) error {
		counts.articles.Add(1)
		counts.events.Add(int64(len(r.Events)))
		counts.sentences.Add(int64(countSentences(a.Text)))
		return w.add(a, r)
	})
	if werr := w.close(); werr != nil && (err == nil || errors.Is(err, context.Canceled)) {
		err = werr
	}
	stopProgress()
	if counts.created.Load() > 0 && err == nil {
		mstart := time.Now()
		if merr := store.Maintain(ctx); merr != nil {
			log.Warn("store maintenance after the load failed", "error", merr)
		} else if d := time.Since(mstart); d > time.Second {
			log.Info("store maintenance after the load", "took", d.Round(time.Millisecond))
		}
	}
	secs := time.Since(start).Seconds()
	// Articles over the limits are refused too, before the store sees them.
	created, present, refused := counts.created.Load(), counts.present.Load(), counts.refused.Load()+int64(stats.overLimit)
	quads := counts.quads.Load()
	// What was written: a re-ingest of articles already there writes
	// nothing, and says 0 new quads and events.
	fmt.Fprintf(stdout, "ingested %s (%d new, %d already present, %d invalid, %d refused) into %s: "+
		"%s and %s written, %s read in %.2fs (%.0f articles/s, %.0f quads/s)\n",
		plural(int64(stats.articles), "article"), created, present, stats.bad, refused, graph.RedactURL(*db),
		plural(quads, "new quad"), plural(counts.newEvents.Load(), "new event"), plural(counts.sentences.Load(), "sentence"),
		secs, float64(stats.articles)/secs, float64(quads)/secs)
	if err == nil && refused > 0 {
		err = fmt.Errorf("%s refused by the store (see the log)", plural(refused, "article was", "articles were"))
	}
	return err
}

// plural is n with the singular noun, or its plural: the noun with an s,
// or the second form given.
func plural(n int64, one string, many ...string) string {
	if n == 1 {
		return "1 " + one
	}
	if len(many) > 0 {
		return strconv.FormatInt(n, 10) + " " + many[0]
	}
	return strconv.FormatInt(n, 10) + " " + one + "s"
}

// batchWriter is the one writer of a bulk ingest: add collects articles in
// input order and hands full batches to a goroutine that writes each in
// one transaction while the next one fills.
type batchWriter struct {
	store  *graph.Store
	quads  int
	counts *ingestCounts
	log    *slog.Logger

	pending      []graph.BatchItem
	pendingQuads int
	since        time.Time // when the first pending article came

	batches chan []graph.BatchItem
	done    chan struct{}
	failed  atomic.Bool
	err     error // set by the writer goroutine before done closes
}

func newBatchWriter(ctx context.Context, store *graph.Store, quads int, counts *ingestCounts, log *slog.Logger) *batchWriter {
	w := &batchWriter{
		store: store, quads: quads, counts: counts, log: log,
		batches: make(chan []graph.BatchItem, 1),
		done:    make(chan struct{}),
	}
	go w.run(ctx)
	return w
}

// estimateQuads guesses how many quads an article becomes, to size
// batches before they are built: a few per entity, event and triple.
func estimateQuads(r schema.Result) int {
	return 5 + 3*len(r.Entities) + 6*len(r.Events) + 5*len(r.Triples)
}

func (w *batchWriter) add(a schema.Article, r schema.Result) error {
	if w.failed.Load() {
		<-w.done
		return w.err
	}
	if len(w.pending) == 0 {
		w.since = time.Now()
	}
	w.pending = append(w.pending, graph.BatchItem{Article: a, Result: r})
	w.pendingQuads += estimateQuads(r)
	if w.pendingQuads >= w.quads || len(w.pending) >= batchArticles || time.Since(w.since) >= batchWait {
		return w.flush()
	}
	return nil
}

func (w *batchWriter) flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	select {
	case w.batches <- w.pending:
	case <-w.done:
		return w.err
	}
	w.pending, w.pendingQuads = nil, 0
	return nil
}

// close writes what is pending and waits for the writer.
func (w *batchWriter) close() error {
	err := w.flush()
	close(w.batches)
	<-w.done
	if err != nil {
		return err
	}
	return w.err
}

func (w *batchWriter) run(ctx context.Context) {
	defer close(w.done)
	for b := range w.batches {
		res, err := w.store.IngestBatch(ctx, b)
		if err != nil {
			w.err = fmt.Errorf("write %d articles (from %s): %w", len(b), b[0].Result.ID, err)
			w.failed.Store(true)
			for range w.batches {
				// drain: add and close return the error
			}
			return
		}
		for i, r := range res {
			switch {
			case errors.Is(r.Err, graph.ErrInvalid):
				w.counts.refused.Add(1)
				w.log.Error("article not stored", "id", b[i].Result.ID, "error", r.Err)
			case r.Err != nil:
				w.counts.refused.Add(1)
				w.log.Error("article not stored", "id", b[i].Result.ID, "error", r.Err)
			case r.Created:
				w.counts.created.Add(1)
				w.counts.quads.Add(int64(r.Quads))
				w.counts.newEvents.Add(int64(len(b[i].Result.Events)))
			default:
				w.counts.present.Add(1)
			}
		}
	}
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// startProgress shows the run's progress: a line on the terminal redrawn
// twice a second when live, else a log line every 30 seconds (the summary
// comes at the end either way). The returned stop clears the line.
func startProgress(term io.Writer, live bool, log *slog.Logger, start time.Time, c *ingestCounts, p *readProgress) (stop func()) {
	every := 30 * time.Second
	if live {
		every = 500 * time.Millisecond
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-quit:
				if live {
					fmt.Fprint(term, "\r\033[K")
				}
				return
			case <-t.C:
			}
			line := progressLine(time.Since(start), c, p)
			if live {
				fmt.Fprint(term, "\r\033[K"+line)
			} else {
				log.Info("ingest progress", "status", line)
			}
		}
	}()
	return func() {
		close(quit)
		wg.Wait()
	}
}

// progressLine says how far a run is: articles, sentences, quads written,
// rates, and the share of input read with an ETA when its size is known.
func progressLine(elapsed time.Duration, c *ingestCounts, p *readProgress) string {
	secs := max(elapsed.Seconds(), 1e-3)
	arts, quads := c.articles.Load(), c.quads.Load()
	var b strings.Builder
	fmt.Fprintf(&b, "%s articles (%s new) · %s sentences · %s quads · %s articles/s · %s quads/s",
		thousands(arts), thousands(c.created.Load()), thousands(c.sentences.Load()), thousands(quads),
		thousands(int64(float64(arts)/secs)), thousands(int64(float64(quads)/secs)))
	if bad := p.bad.Load() + c.refused.Load(); bad > 0 {
		fmt.Fprintf(&b, " · %d skipped", bad)
	}
	if total, read := p.total.Load(), p.read.Load(); total > 0 && read > 0 {
		frac := min(float64(read)/float64(total), 1)
		eta := time.Duration(float64(elapsed) * (1 - frac) / frac).Round(time.Second)
		fmt.Fprintf(&b, " · %.1f%% read · ETA %s", 100*frac, eta)
	}
	return b.String()
}

// thousands formats n with thin separators: 1234567 → 1,234,567.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
