package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/corpus"
	"github.com/dipgraph/dipgraph/schema"
)

// TestServeFinishesInFlightRequestOnSIGTERM sends SIGTERM to a real
// `dipgraph serve` while a raw query of about 1.5 s runs, and checks that
// the query still gets its whole answer, that new connections are refused
// while it drains, that the process exits 0 soon after, and that the store
// opens afterwards with what it held before.
func TestServeFinishesInFlightRequestOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and signals a subprocess")
	}
	bin := buildDipgraph(t)
	db, before := sampleStore(t, t.TempDir())

	srv := startServe(t, bin, db, nil, "-open-raw-queries")
	base := "http://" + srv.addr

	// The answer of the query without the wait, to compare the drained one with.
	const all = `g.V().All()`
	status, want := postRawQuery(t, newClient(), base, all)
	if status != http.StatusOK || !bytes.Contains(want, []byte("country:MEX")) {
		t.Fatalf("%s: %d %s", all, status, want)
	}

	// A query that spins for 1.5 s (bounded in count too) before answering.
	slow := `var t0 = Date.now(); for (var i = 0; i < 1e9 && Date.now() - t0 < 1500; i++) {} ` + all
	type answer struct {
		status  int
		body    []byte
		elapsed time.Duration
		err     error
	}
	done := make(chan answer, 1)
	start := time.Now()
	go func() {
		status, body, err := tryRawQuery(newClient(), base, slow)
		done <- answer{status, body, time.Since(start), err}
	}()
	// The poll itself is in flight too: wait for a second request.
	waitFor(t, 2*time.Second, "the slow query to be in flight", func() bool {
		return inFlight(base) >= 2
	})

	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	signalled := time.Since(start)

	// The listener closes at once: connections are refused while the
	// query is still running.
	waitFor(t, 2*time.Second, "new connections to be refused", func() bool {
		c, err := net.DialTimeout("tcp", srv.addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return false
		}
		return errors.Is(err, syscall.ECONNREFUSED)
	})
	refused := time.Since(start)
	select {
	case a := <-done:
		t.Fatalf("the slow query ended (%v, %d) before new connections were refused: the test proves nothing", a.err, a.status)
	default:
	}
	if resp, err := newClient().Get(base + "/healthz"); err == nil {
		resp.Body.Close()
		t.Error("GET /healthz on a new connection succeeded after SIGTERM")
	}

	var a answer
	select {
	case a = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the in-flight query got no answer within 10 s of SIGTERM")
	}
	if a.err != nil || a.status != http.StatusOK {
		t.Fatalf("in-flight query: status %d, %v, body %s", a.status, a.err, a.body)
	}
	if !bytes.Equal(a.body, want) {
		t.Errorf("in-flight query answered %d bytes, want the %d of the same query before:\n%s", len(a.body), len(want), a.body)
	}
	if a.elapsed < 1400*time.Millisecond {
		t.Errorf("the slow query took %v, want about 1.5 s: it did not wait", a.elapsed)
	}

	code, err := srv.wait(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 {
		t.Fatalf("serve exited %d after SIGTERM, want 0; log:\n%s", code, srv.log())
	}
	if !strings.Contains(srv.log(), "shutting down") {
		t.Errorf("no shutdown in the log:\n%s", srv.log())
	}
	t.Logf("SIGTERM at %v, refusing at %v, in-flight query answered at %v, exited %v later",
		signalled.Round(time.Millisecond), refused.Round(time.Millisecond), a.elapsed.Round(time.Millisecond),
		(time.Since(start) - a.elapsed).Round(time.Millisecond))

	if after := storeStats(t, db); after != before {
		t.Errorf("after shutdown the store holds %+v, want %+v as before", after, before)
	}
}

// TestKilledServerKeepsWholeArticlesAndResumes kills a real `dipgraph
// serve` with SIGKILL while clients post articles, then checks that the
// store opens, that every article it holds is whole and every acknowledged
// one is there, and that posting everything again creates exactly the
// missing articles (201) and finds the rest (200).
func TestKilledServerKeepsWholeArticlesAndResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a subprocess")
	}
	dir := t.TempDir()
	bin := buildDipgraph(t)

	gen := corpus.New(7)
	var arts []schema.Article
	for i := 0; i < 150; i++ {
		arts = append(arts, gen.Next())
	}
	input := filepath.Join(dir, "archive.jsonl")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, a := range arts {
		if err := enc.Encode(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(input, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	// The reference: the same articles loaded by the CLI.
	refDB := filepath.Join(dir, "ref.db")
	if err := runIngest(context.Background(), []string{"-db", refDB, input}, io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	ref := openStore(t, refDB)
	want := map[string]int{}
	for _, a := range arts {
		info, err := ref.Article(context.Background(), schema.ArticleID(a.Text))
		if err != nil {
			t.Fatalf("reference store lacks %s: %v", a.ID, err)
		}
		want[info.ID] = info.Quads
	}
	refStats, err := ref.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ref.Close()

	const key = "serve-test-key-0123456789abcdef"
	env := []string{envAPIKey + "=" + key}
	db := filepath.Join(dir, "g.db")
	srv := startServe(t, bin, db, env, "-write-rate", "0", "-create")
	base := "http://" + srv.addr

	// Three clients post until the server dies; it is killed once 50
	// articles were acknowledged, with others in flight.
	var (
		mu      sync.Mutex
		acked   = map[string]bool{}
		failed  int
		killNow = make(chan struct{})
		once    sync.Once
		next    = make(chan schema.Article)
		wg      sync.WaitGroup
	)
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newClient()
			for a := range next {
				status, _, err := postArticle(c, base, key, a)
				mu.Lock()
				switch {
				case err != nil:
					failed++
				case status == http.StatusCreated || status == http.StatusOK:
					acked[schema.ArticleID(a.Text)] = true
					if len(acked) >= 50 {
						once.Do(func() { close(killNow) })
					}
				default:
					failed++
					t.Errorf("POST %s before the kill: status %d", a.ID, status)
				}
				mu.Unlock()
			}
		}()
	}
	go func() {
		defer close(next)
		for _, a := range arts {
			select {
			case next <- a:
			case <-killNow:
				return
			}
		}
	}()
	select {
	case <-killNow:
	case <-time.After(60 * time.Second):
		_ = srv.cmd.Process.Kill()
		wg.Wait()
		t.Fatalf("50 articles were not acknowledged within 60 s; log:\n%s", srv.log())
	}
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.wait(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	s := openStore(t, db)
	present := map[string]bool{}
	for id, n := range want {
		info, err := s.Article(context.Background(), id)
		if errors.Is(err, graph.ErrNotFound) {
			continue
		}
		if err != nil {
			t.Fatalf("article %s after the kill: %v", id, err)
		}
		present[id] = true
		if info.Quads != n {
			t.Errorf("article %s has %d quads after the kill, want %d (half an article)", id, info.Quads, n)
		}
	}
	s.Close()
	for id := range acked {
		if !present[id] {
			t.Errorf("article %s was acknowledged before the kill but is not in the store", id)
		}
	}
	t.Logf("killed with %d articles acknowledged and %d requests cut off: %d of %d stored",
		len(acked), failed, len(present), len(want))

	// Everything again: 201 for the missing articles, 200 for the others.
	srv = startServe(t, bin, db, env, "-write-rate", "0")
	base = "http://" + srv.addr
	c := newClient()
	seen := map[string]bool{}
	for _, a := range arts {
		id := schema.ArticleID(a.Text)
		wantStatus := http.StatusCreated
		if present[id] || seen[id] {
			wantStatus = http.StatusOK
		}
		seen[id] = true
		status, body, err := postArticle(c, base, key, a)
		if err != nil {
			t.Fatalf("POST %s after restart: %v", a.ID, err)
		}
		if status != wantStatus {
			t.Errorf("POST %s (%s, stored before: %v) after restart: %d, want %d: %s", a.ID, id, present[id], status, wantStatus, body)
		}
	}
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code, err := srv.wait(5 * time.Second); err != nil || code != 0 {
		t.Fatalf("serve after SIGTERM: exit %d, %v; log:\n%s", code, err, srv.log())
	}
	if got := storeStats(t, db); got != refStats {
		t.Errorf("after re-posting: %+v, want %+v as loaded without interruption", got, refStats)
	}
}

// built is the command, built once for the tests of this run.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// buildDipgraph builds the command, once per test run, and returns its path.
func buildDipgraph(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "dipgraph-bin-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "dipgraph")
		if out, err := exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// samplePath is the project's sample articles.
var samplePath = filepath.Join("..", "..", "samples", "articles.jsonl")

// sampleStore ingests the sample articles into a new bolt store in dir and
// returns its path and counts.
func sampleStore(t *testing.T, dir string) (string, graph.Stats) {
	t.Helper()
	db := filepath.Join(dir, "g.db")
	if err := runIngest(context.Background(), []string{"-db", db, samplePath}, io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	return db, storeStats(t, db)
}

func storeStats(t *testing.T, db string) graph.Stats {
	t.Helper()
	s := openStore(t, db)
	defer s.Close()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatalf("stats of %s: %v", db, err)
	}
	return st
}

// server is a running `dipgraph serve`.
type server struct {
	cmd    *exec.Cmd
	addr   string
	exited chan struct{} // closed once the process has been waited for
	mu     sync.Mutex
	stderr bytes.Buffer
}

var servingAddr = regexp.MustCompile(`msg=serving addr=(\S+)`)

// startServe starts `dipgraph serve` on a free loopback port and waits
// until it listens. The process is killed at the end of the test if it
// still runs.
func startServe(t *testing.T, bin, db string, env []string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "-db", db, "-addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start serve: %v", err)
	}
	s := &server{cmd: cmd, exited: make(chan struct{})}
	addr := make(chan string, 1)
	// Read the log to its end: a server blocked on a full pipe would stall.
	go func() {
		sc := bufio.NewScanner(pipe)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if m := servingAddr.FindStringSubmatch(line); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
			s.mu.Lock()
			if s.stderr.Len() < 1<<20 {
				s.stderr.WriteString(line + "\n")
			}
			s.mu.Unlock()
		}
		_ = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			_ = cmd.Process.Kill()
			<-s.exited
		}
	})
	select {
	case s.addr = <-addr:
	case <-s.exited:
		t.Fatalf("serve exited before listening:\n%s", s.log())
	case <-time.After(10 * time.Second):
		t.Fatalf("serve did not listen within 10 s:\n%s", s.log())
	}
	return s
}

func (s *server) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// wait waits up to d for the process to exit and returns its exit code.
func (s *server) wait(d time.Duration) (int, error) {
	select {
	case <-s.exited:
		return s.cmd.ProcessState.ExitCode(), nil
	case <-time.After(d):
		return -1, fmt.Errorf("serve still running %v after the signal; log:\n%s", d, s.log())
	}
}

// newClient is a client with connections of its own.
func newClient() *http.Client {
	return &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}
}

func tryRawQuery(c *http.Client, base, q string) (int, []byte, error) {
	body, err := json.Marshal(map[string]string{"language": "gizmo", "query": q})
	if err != nil {
		return 0, nil, fmt.Errorf("encode query: %w", err)
	}
	resp, err := c.Post(base+"/v1/query", "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, nil, fmt.Errorf("POST /v1/query: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, b, fmt.Errorf("read answer of /v1/query: %w", err)
	}
	return resp.StatusCode, b, nil
}

func postRawQuery(t *testing.T, c *http.Client, base, q string) (int, []byte) {
	t.Helper()
	status, body, err := tryRawQuery(c, base, q)
	if err != nil {
		t.Fatal(err)
	}
	return status, body
}

func postArticle(c *http.Client, base, key string, a schema.Article) (int, []byte, error) {
	body, err := json.Marshal(a)
	if err != nil {
		return 0, nil, fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	req, err := http.NewRequest(http.MethodPost, base+"/v1/articles", bytes.NewReader(body))
	if err != nil {
		return 0, nil, fmt.Errorf("request for article %s: %w", a.ID, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("POST article %s: %w", a.ID, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, b, fmt.Errorf("read answer for article %s: %w", a.ID, err)
	}
	return resp.StatusCode, b, nil
}

// inFlight reads dipgraph_http_requests_in_flight from /metrics, -1 on failure.
func inFlight(base string) int {
	resp, err := newClient().Get(base + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "dipgraph_http_requests_in_flight "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return -1
			}
			return int(n)
		}
	}
	return -1
}

func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLoadTestStore is the hook through which scripts/loadtest.sh gets its
// store: with $DIPGRAPH_LOADTEST_STORE set it makes (or reuses) the
// synthetic benchmark store (2,400 articles) in that directory.
func TestLoadTestStore(t *testing.T) {
	dir := os.Getenv("DIPGRAPH_LOADTEST_STORE")
	if dir == "" {
		t.Skip("set DIPGRAPH_LOADTEST_STORE to build the load test's store")
	}
	s, info, err := graph.OpenSynthetic(context.Background(), dir, graph.BenchArticles, graph.BenchSeed)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Logf("synthetic store %s: %d articles, %d quads, generated in %v", dir, info.Articles, info.Quads, info.Generated)
}
