package rawquery

import (
	"bufio"
	"context"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	_ "github.com/cayleygraph/cayley/query/graphql" // registers GraphQL
	_ "github.com/cayleygraph/cayley/query/mql"     // registers MQL
	"github.com/cayleygraph/quad"

	"github.com/dipgraph/dipgraph/internal/gizmo"
)

// envWorker, set to "1" in a worker's environment, makes ServeIfWorker
// serve one query on stdin and stdout.
const envWorker = "DIPGRAPH_QUERY_WORKER"

// ServeIfWorker turns the process into a query worker when Run started it
// as one, and then never returns. Otherwise it returns at once. Call it
// first thing in main, and in TestMain of every package whose tests run
// raw queries (the test binary is then the worker).
func ServeIfWorker() {
	if os.Getenv(envWorker) != "1" {
		return
	}
	os.Exit(serveWorker(os.Stdin, os.Stdout))
}

// Failure kinds a worker reports in opDone.Kind.
const (
	kindBadQuery = "bad-query"
	kindTooLarge = "too-large"
)

// worker is the query side of the conversation: it owns the JavaScript (or
// GraphQL, MQL) engine and asks the server for the store's data.
type worker struct {
	dec *gob.Decoder
	enc *gob.Encoder
	out *bufio.Writer
	// Gizmo runs the script in a goroutine of its own, which calls the
	// store while the session's reader sends results: writes are
	// serialised, and each call keeps the line until its reply is read.
	wmu sync.Mutex
	cmu sync.Mutex
}

func serveWorker(in io.Reader, out io.Writer) int {
	w := &worker{dec: gob.NewDecoder(bufio.NewReader(in)), out: bufio.NewWriter(out)}
	w.enc = gob.NewEncoder(w.out)
	var j job
	if err := w.dec.Decode(&j); err != nil {
		fmt.Fprintln(os.Stderr, "query worker: read job:", err)
		return 2
	}
	limitMemory(j.Memory)
	kind, err := w.run(j)
	done := request{Op: opDone}
	if err != nil {
		done.Err, done.Kind = err.Error(), kind
	}
	if err := w.send(done); err != nil {
		fmt.Fprintln(os.Stderr, "query worker:", err)
		return 2
	}
	return 0
}

// limitMemory lets the worker's data segment, which holds the Go heap
// (Linux counts private writable mappings since 4.7), grow by n bytes at
// most: past it the runtime dies with "out of memory" and the server
// reports the limit. This is the one bound that holds for a single huge
// allocation inside a built-in, such as a join of a million strings, which
// no interrupt can stop. The limit is counted from the segment's size now,
// ~100 MB of runtime reservations of which little is resident. The soft
// limit makes the collector work harder first.
func limitMemory(n int64) {
	if n <= 0 {
		return
	}
	lim := uint64(n + vmData())
	if err := syscall.Setrlimit(syscall.RLIMIT_DATA, &syscall.Rlimit{Cur: lim, Max: lim}); err != nil {
		fmt.Fprintln(os.Stderr, "query worker: memory limit:", err)
	}
	debug.SetMemoryLimit(n * 3 / 4)
}

// vmData is the process's data segment in bytes (VmData), 0 if unknown.
func vmData() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmData:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func (w *worker) send(r request) error {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	if err := w.enc.Encode(r); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	if err := w.out.Flush(); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	return nil
}

// call sends a request and reads one reply.
func (w *worker) call(r request) (reply, error) {
	w.cmu.Lock()
	defer w.cmu.Unlock()
	var rep reply
	if err := w.send(r); err != nil {
		return rep, err
	}
	if err := w.dec.Decode(&rep); err != nil {
		return rep, fmt.Errorf("read reply: %w", err)
	}
	if rep.Err != "" {
		return rep, errors.New(rep.Err)
	}
	return rep, nil
}

// run executes the job and streams its results. The engine needs no
// deadline of its own: the server kills the worker at the query's.
func (w *worker) run(j job) (kind string, err error) {
	ctx := context.Background()
	qs := &remoteStore{w: w}
	var it query.Iterator
	if j.Language == gizmo.Name {
		it, err = gizmo.NewSession(qs).Execute(ctx, j.Query, query.Options{Collation: query.JSON, Limit: j.Limit})
	} else {
		it, err = query.Execute(ctx, qs, j.Language, j.Query, query.Options{Collation: query.JSON, Limit: j.Limit})
	}
	if err != nil {
		return kindBadQuery, err
	}
	defer it.Close()
	var n int
	var size int64
	for n < j.Limit && it.Next(ctx) {
		v := it.Result()
		if v == nil {
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			return kindBadQuery, fmt.Errorf("result %d cannot be encoded as JSON: %w", n+1, err)
		}
		if size += int64(len(b)); size > j.MaxBytes {
			return kindTooLarge, fmt.Errorf("results exceed %d bytes", j.MaxBytes)
		}
		if err := w.send(request{Op: opResult, Result: b}); err != nil {
			return "", err
		}
		n++
	}
	if err := it.Err(); err != nil {
		return kindBadQuery, err
	}
	return "", nil
}

// remoteStore is a read-only Cayley quad store whose data lives in the
// server: a node's ref is its value, a quad's ref is the quad, so only
// scans and existence checks cross the pipe.
type remoteStore struct {
	w      *worker
	exists map[quad.Value]bool
}

var _ cgraph.QuadStore = (*remoteStore)(nil)

var errReadOnly = errors.New("raw queries are read-only")

// quadRef is a quad standing for itself.
type quadRef struct{ q quad.Quad }

func (r quadRef) Key() any { return r.q }

func (s *remoteStore) ValueOf(v quad.Value) cgraph.Ref {
	if v == nil {
		return nil
	}
	if s.exists == nil {
		s.exists = map[quad.Value]bool{}
	}
	ok, seen := s.exists[v]
	if !seen {
		b, err := encodeValue(v)
		if err == nil {
			var rep reply
			rep, err = s.w.call(request{Op: opExists, Val: b})
			ok = err == nil && rep.OK
		}
		if err != nil {
			panic(fmt.Errorf("store: %w", err))
		}
		s.exists[v] = ok
	}
	if !ok {
		return nil
	}
	return cgraph.PreFetched(v)
}

func (s *remoteStore) NameOf(r cgraph.Ref) quad.Value {
	if v, ok := r.(cgraph.PreFetchedValue); ok {
		return v.NameOf()
	}
	return nil
}

func (s *remoteStore) Quad(r cgraph.Ref) quad.Quad {
	if q, ok := r.(quadRef); ok {
		return q.q
	}
	return quad.Quad{}
}

func (s *remoteStore) QuadDirection(r cgraph.Ref, d quad.Direction) cgraph.Ref {
	q, ok := r.(quadRef)
	if !ok {
		return nil
	}
	if v := q.q.Get(d); v != nil {
		return cgraph.PreFetched(v)
	}
	return nil
}

func (s *remoteStore) QuadIterator(d quad.Direction, r cgraph.Ref) cgraph.Iterator {
	v := s.NameOf(r)
	if v == nil {
		return cgraph.AsLegacy(&scanShape{s: s, kind: scanQuads, dir: d, empty: true})
	}
	return cgraph.AsLegacy(&scanShape{s: s, kind: scanQuads, dir: d, val: v})
}

func (s *remoteStore) QuadIteratorSize(ctx context.Context, d quad.Direction, r cgraph.Ref) (cgraph.Size, error) {
	v := s.NameOf(r)
	if v == nil {
		return cgraph.Size{Size: 0, Exact: true}, nil
	}
	b, err := encodeValue(v)
	if err != nil {
		return cgraph.Size{}, err
	}
	rep, err := s.w.call(request{Op: opSize, Dir: d, Val: b})
	if err != nil {
		return cgraph.Size{}, fmt.Errorf("store: %w", err)
	}
	return cgraph.Size{Size: rep.N, Exact: rep.Exact}, nil
}

func (s *remoteStore) NodesAllIterator() cgraph.Iterator {
	return cgraph.AsLegacy(&scanShape{s: s, kind: scanAllNodes})
}

func (s *remoteStore) QuadsAllIterator() cgraph.Iterator {
	return cgraph.AsLegacy(&scanShape{s: s, kind: scanAllQuads})
}

func (s *remoteStore) Stats(ctx context.Context, exact bool) (cgraph.Stats, error) {
	rep, err := s.w.call(request{Op: opStats})
	if err != nil {
		return cgraph.Stats{}, fmt.Errorf("store: %w", err)
	}
	return cgraph.Stats{
		Nodes: cgraph.Size{Size: rep.Nodes, Exact: rep.Exact},
		Quads: cgraph.Size{Size: rep.N, Exact: rep.Exact},
	}, nil
}

func (s *remoteStore) ApplyDeltas([]cgraph.Delta, cgraph.IgnoreOpts) error { return errReadOnly }
func (s *remoteStore) NewQuadWriter() (quad.WriteCloser, error)            { return nil, errReadOnly }
func (s *remoteStore) Close() error                                        { return nil }
