// Package rawquery runs the API's raw Gizmo, GraphQL and MQL queries in a
// worker process of their own, so that no query can take the server down.
//
// Gizmo is JavaScript, and a JavaScript engine inside the server can be
// made to overflow its stack (exporting a cyclic value), or to allocate
// gigabytes in one built-in call (a join of a million strings) that no
// interrupt reaches. A worker is a child process of the server's own
// binary (ServeIfWorker), under an operating-system limit on its data
// segment, killed at the query's deadline: its crash, its memory and its
// CPU end with it, and the query's slot is released only once it has
// exited. The worker asks the server for the store's data (a node's
// existence, one node's quads, chunk by chunk); the server answers from
// its quad store under its read lock and never runs the query's code.
package rawquery

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"

	cgraph "github.com/cayleygraph/cayley/graph"
)

// Errors of Run, wrapped with what happened.
var (
	// ErrBadQuery: the query does not parse or failed as written.
	ErrBadQuery = errors.New("bad query")
	// ErrMemory: the worker ran out of its memory limit.
	ErrMemory = errors.New("query memory limit exceeded")
	// ErrTooLarge: the results passed Options.MaxBytes.
	ErrTooLarge = errors.New("query results too large")
	// ErrCrashed: the worker died for another reason.
	ErrCrashed = errors.New("query engine crashed")
)

// Options bound one query.
type Options struct {
	Language string // gizmo, graphql or mql
	Limit    int    // results at most (> 0)
	MaxBytes int64  // bytes of JSON results at most (> 0)
	Memory   int64  // bytes of the worker's data segment; 0: no limit
	// Command starts the worker; default this process's own executable.
	Command string
}

// Lender lends the quad store for one request of the worker: it calls f
// with the store held readable (under the store's read lock) and returns
// f's error, or its own if the store cannot be read. The store is lent
// request by request, never for the whole query, so a long query does not
// keep a writer, and the readers queued behind it, waiting.
type Lender func(f func(cgraph.QuadStore) error) error

// Run runs src in a new worker against the store lend lends and returns its
// results, one JSON value each. It returns when the worker has exited: at
// the end of the query, at ctx's deadline (the worker is killed; the error
// wraps ctx.Err()), or at a limit.
func Run(ctx context.Context, lend Lender, src string, o Options) ([]json.RawMessage, error) {
	exe := o.Command
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("query worker: %w", err)
		}
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), envWorker+"=1", "GOMAXPROCS=1")
	// Its own process group, and killed should the server die first.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	stderr := &headBuffer{max: 4 << 10}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("query worker: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("query worker: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("query worker: start: %w", err)
	}
	// Killed at the deadline, whatever the conversation is doing; Wait
	// below returns only once it has exited.
	stop := make(chan struct{})
	var killOnce sync.Once
	kill := func() { killOnce.Do(func() { _ = cmd.Process.Kill() }) }
	go func() {
		select {
		case <-ctx.Done():
			kill()
		case <-stop:
		}
	}()

	s := &server{lend: lend, ctx: ctx, enc: gob.NewEncoder(stdin), streams: map[uint64]stream{}}
	results, runErr := s.converse(bufio.NewReader(stdout), job{
		Language: o.Language, Query: src, Limit: o.Limit, MaxBytes: o.MaxBytes, Memory: o.Memory,
	})
	s.closeStreams()
	close(stop)
	if runErr != nil {
		kill()
	}
	_ = stdin.Close()
	waitErr := cmd.Wait()

	switch {
	case ctx.Err() != nil:
		return nil, fmt.Errorf("query: %w", ctx.Err())
	case runErr == nil:
		return results, nil
	case errors.Is(runErr, errWorkerGone):
		return nil, workerDeath(waitErr, stderr.String(), o.Memory)
	}
	return nil, runErr
}

// errWorkerGone: the pipe closed before the worker said it was done.
var errWorkerGone = errors.New("worker gone")

// workerDeath says why a worker died without finishing.
func workerDeath(waitErr error, stderr string, memory int64) error {
	last := lastLine(stderr)
	if strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "cannot allocate memory") || strings.Contains(stderr, "failed to allocate") {
		return fmt.Errorf("%w: the query needed more than %d MiB", ErrMemory, memory>>20)
	}
	if last == "" && waitErr != nil {
		last = waitErr.Error()
	}
	return fmt.Errorf("%w: %s", ErrCrashed, last)
}

// lastLine is the first "fatal error" or "panic" line of a Go crash, else
// the last line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "fatal error:") || strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "runtime:") {
			return strings.TrimSpace(l)
		}
	}
	return strings.TrimSpace(lines[len(lines)-1])
}

// server is the store side of the conversation with one worker.
type server struct {
	lend    Lender
	ctx     context.Context
	enc     *gob.Encoder
	streams map[uint64]stream
	next    uint64
}

// stream is a scan a worker reads in chunks.
type stream struct {
	it    cgraph.Iterator
	nodes bool // yields nodes, not quads
}

func (s *server) converse(r io.Reader, j job) ([]json.RawMessage, error) {
	if err := s.enc.Encode(j); err != nil {
		return nil, errWorkerGone
	}
	dec := gob.NewDecoder(r)
	results := []json.RawMessage{}
	var size int64
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			return nil, errWorkerGone
		}
		switch req.Op {
		case opResult:
			// The worker counts too; this bound holds even if it did not.
			if size += int64(len(req.Result)); size > j.MaxBytes || len(results) >= j.Limit {
				return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, j.MaxBytes)
			}
			results = append(results, json.RawMessage(req.Result))
			continue
		case opDone:
			switch {
			case req.Err == "":
				return results, nil
			case req.Kind == kindTooLarge:
				return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, j.MaxBytes)
			default:
				return nil, fmt.Errorf("%w: %s", ErrBadQuery, req.Err)
			}
		}
		var rep reply
		if err := s.lend(func(qs cgraph.QuadStore) error {
			rep = s.answer(qs, req)
			return nil
		}); err != nil {
			rep = reply{Err: err.Error()}
		}
		if err := s.enc.Encode(rep); err != nil {
			return nil, errWorkerGone
		}
	}
}

// answer serves one request for the store's data from qs. Scans stay open
// between requests: what a delete removes in between, a scan may still
// yield (a raw query is not a snapshot), or yield empty.
func (s *server) answer(qs cgraph.QuadStore, req request) reply {
	var rep reply
	if err := s.ctx.Err(); err != nil {
		rep.Err = err.Error()
		return rep
	}
	v, err := decodeValue(req.Val)
	if err != nil {
		rep.Err = err.Error()
		return rep
	}
	switch req.Op {
	case opExists:
		rep.OK = v != nil && qs.ValueOf(v) != nil
	case opSize:
		sz, err := qs.QuadIteratorSize(s.ctx, req.Dir, qs.ValueOf(v))
		if err != nil {
			rep.Err = err.Error()
		}
		rep.N, rep.Exact = sz.Size, sz.Exact
	case opStats:
		st, err := qs.Stats(s.ctx, false)
		if err != nil {
			rep.Err = err.Error()
		}
		rep.N, rep.Nodes, rep.Exact = st.Quads.Size, st.Nodes.Size, st.Quads.Exact && st.Nodes.Exact
	case opOpen:
		var it cgraph.Iterator
		switch req.Scan {
		case scanQuads:
			ref := qs.ValueOf(v)
			if ref == nil {
				return reply{Stream: 0}
			}
			it = qs.QuadIterator(req.Dir, ref)
		case scanAllNodes:
			it = qs.NodesAllIterator()
		case scanAllQuads:
			it = qs.QuadsAllIterator()
		default:
			rep.Err = fmt.Sprintf("unknown scan %d", req.Scan)
			return rep
		}
		s.next++
		s.streams[s.next] = stream{it: it, nodes: req.Scan == scanAllNodes}
		rep = s.chunk(qs, s.next)
		rep.Stream = s.next
	case opNext:
		rep = s.chunk(qs, req.Stream)
	case opClose:
		s.closeStream(req.Stream)
	default:
		rep.Err = fmt.Sprintf("unknown request %d", req.Op)
	}
	return rep
}

// chunk reads the next chunk of a stream; the last has More false and
// closes it.
func (s *server) chunk(qs cgraph.QuadStore, id uint64) reply {
	var rep reply
	st, ok := s.streams[id]
	if !ok {
		return rep
	}
	it, nodes := st.it, st.nodes
	for n := 0; n < chunkSize; n++ {
		if !it.Next(s.ctx) {
			if err := it.Err(); err != nil {
				rep.Err = err.Error()
			}
			s.closeStream(id)
			return rep
		}
		r := it.Result()
		if nodes {
			b, err := encodeValue(qs.NameOf(r))
			if err != nil {
				rep.Err = err.Error()
				return rep
			}
			rep.Vals = append(rep.Vals, b)
			continue
		}
		q, err := encodeQuad(qs.Quad(r))
		if err != nil {
			rep.Err = err.Error()
			return rep
		}
		rep.Quads = append(rep.Quads, q)
	}
	rep.More = true
	return rep
}

func (s *server) closeStream(id uint64) {
	if st, ok := s.streams[id]; ok {
		_ = st.it.Close()
		delete(s.streams, id)
	}
}

func (s *server) closeStreams() {
	for id := range s.streams {
		s.closeStream(id)
	}
}

// headBuffer keeps the first max bytes written to it: a Go crash puts its
// reason first.
type headBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (b *headBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *headBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
