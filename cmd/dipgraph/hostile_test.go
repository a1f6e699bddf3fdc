package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// hostileKey is the API key of the hostile-request server.
const hostileKey = "hostile-test-key-0123456789"

// hostile is one request an attacker might send, and what it must get.
type hostile struct {
	name   string
	method string
	path   string
	header map[string]string
	body   []byte
	status int    // the answer wanted
	detail string // a word the problem's detail must hold ("" for any)
	// orTimeout also accepts the query deadline's 504: a memory bomb on a
	// loaded machine may reach the deadline before its memory limit, and
	// either stops it (the test checks the server's memory separately)
	orTimeout bool
}

// hostileQuery is a raw Gizmo query sent with the key.
func hostileQuery(name, q string, status int, detail string) hostile {
	b, _ := json.Marshal(map[string]string{"language": "gizmo", "query": q})
	return hostile{name: name, method: http.MethodPost, path: "/v1/query",
		header: map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + hostileKey},
		body:   b, status: status, detail: detail}
}

// memoryBomb is a query that the memory limit stops.
func memoryBomb(name, q string) hostile {
	h := hostileQuery(name, q, http.StatusUnprocessableEntity, "memory")
	h.orTimeout = true
	return h
}

// The queries of the raw-query attack: each ends in its problem, the server
// stays up, its memory (with its query workers) stays within the budget
// plus a margin, CPU falls back to idle, and the store is unchanged.
func TestHostileRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and attacks a subprocess")
	}
	bin := buildDipgraph(t)
	db, before := sampleStore(t, t.TempDir())

	const budgetMiB = 128 // two workers of 64 MiB
	// The deadline is long enough that the memory and byte caps, not the
	// clock, stop the bombs even when the machine runs other tests; the
	// endless loop waits it out.
	srv := startServe(t, bin, db, []string{"DIPGRAPH_API_KEY=" + hostileKey},
		"-query-memory", strconv.Itoa(budgetMiB), "-query-timeout", "6s", "-query-rate", "0")
	base := "http://" + srv.addr
	pid := srv.cmd.Process.Pid
	c := newClient()

	// Let the server settle, then sample its memory and its workers' from
	// /proc every 5 ms for the whole attack.
	time.Sleep(200 * time.Millisecond)
	baseline := treeRSS(pid)
	mem := &rssSampler{pid: pid}
	stopSampling := mem.start()

	const s2k = `var s='x'; for (var i=0;i<11;i++) { s=s+s }; `
	attacks := []hostile{
		hostileQuery("cyclic object", `var a={}; a.a=a; g.Emit(a)`, http.StatusBadRequest, "cycle"),
		hostileQuery("cyclic array", `var a=[]; a.push(a); g.Emit(a)`, http.StatusBadRequest, "cycle"),
		memoryBomb("a million nested arrays", `var a=[]; for (var i=0;i<1e6;i++) { a=[a] }; g.Emit(a)`),
		hostileQuery("deep but small", `var a=[]; for (var i=0;i<100;i++) { a=[a] }; g.Emit(a)`, http.StatusBadRequest, "nested"),
		memoryBomb("a 2 GB join", s2k+`new Array(1e6).join(s).length`),
		hostileQuery("1000 emits of 8 MB", `var s='x'; for (var i=0;i<23;i++) { s=s+s }; for (var i=0;i<1000;i++) { g.Emit(s) }`, http.StatusUnprocessableEntity, ""),
		hostileQuery("results past the byte cap", s2k+`for (var i=0;i<4;i++) { s=s+s }; for (var i=0;i<900;i++) { g.Emit(s+i) }`, http.StatusUnprocessableEntity, "bytes"),
		hostileQuery("endless recursion", `function f(n) { return f(n+1)+1 }; f(0)`, http.StatusBadRequest, "deeper"),
		hostileQuery("endless loop", `while (true) {}`, http.StatusGatewayTimeout, "6s"),
		hostileQuery("endless loop in a callback", `g.V().ForEach(function(d) { while (true) {} })`, http.StatusGatewayTimeout, "6s"),
		// regexp2 (lookahead) gives up a match after a second: false.
		hostileQuery("backtracking regexp", `/^(?=(x+x+)+y)/.test('x'.repeat(40))`, http.StatusOK, ""),
		hostileQuery("a huge typed array", `new Uint8Array(2e9).length`, http.StatusUnprocessableEntity, "memory"),
		hostileQuery("syntax error", `g.V(.All(`, http.StatusBadRequest, ""),
		hostileArticle("2.4 MB of one sentence repeated", strings.Repeat("Mexico rejected Russia. ", 100000), http.StatusRequestEntityTooLarge, "limit"),
		hostileArticle("240 KB, 10,000 sentences", strings.Repeat("Mexico rejected Russia. ", 10000), http.StatusRequestEntityTooLarge, "--max-sentences"),
		hostileArticle("one 96 KB sentence", strings.Repeat("Mexico rejected Russia, ", 4000)+".", http.StatusRequestEntityTooLarge, "--max-sentence-bytes"),
		hostileArticle("a body over --max-body", strings.Repeat("x", 5<<20), http.StatusRequestEntityTooLarge, "bytes"),
		{name: "a gzip body", method: http.MethodPost, path: "/v1/articles",
			header: map[string]string{"Content-Type": "text/plain", "Content-Encoding": "gzip", "Authorization": "Bearer " + hostileKey},
			body:   []byte("\x1f\x8b\x08\x00"), status: http.StatusUnsupportedMediaType, detail: "gzip"},
		{name: "a bad path escape", method: http.MethodGet, path: "/v1/entities/%ZZ", status: http.StatusBadRequest},
		{name: "a key in the query string", method: http.MethodGet, path: "/v1/entities/%ZZ?api_key=" + hostileKey, status: http.StatusBadRequest},
		{name: "HEAD of a read route", method: http.MethodHead, path: "/v1/schema", status: http.StatusOK},
		{name: "query without a key", method: http.MethodPost, path: "/v1/query",
			header: map[string]string{"Content-Type": "application/json"},
			body:   []byte(`{"query":"g.V().All()"}`), status: http.StatusUnauthorized},
		{name: "GraphQL without a key", method: http.MethodPost, path: "/v1/query",
			header: map[string]string{"Content-Type": "application/json"},
			body:   []byte(`{"language":"graphql","query":"{ n { id } }"}`), status: http.StatusUnauthorized},
	}
	for _, h := range attacks {
		start := time.Now()
		status, body := sendHostile(t, c, base, h)
		took := time.Since(start)
		if h.orTimeout && status == http.StatusGatewayTimeout {
			t.Logf("%s: stopped by the deadline before its memory limit", h.name)
		} else if status != h.status {
			t.Errorf("%s: %d %s, want %d", h.name, status, truncate(body), h.status)
		} else if h.detail != "" && !bytes.Contains(body, []byte(h.detail)) {
			t.Errorf("%s: %d %s, want a detail naming %q", h.name, status, truncate(body), h.detail)
		}
		if bytes.Contains(body, []byte(hostileKey)) {
			t.Errorf("%s: the answer echoes the API key: %s", h.name, truncate(body))
		}
		if h.method == http.MethodHead && len(body) != 0 {
			t.Errorf("%s: a body of %d bytes", h.name, len(body))
		}
		if status >= 400 && h.method != http.MethodHead && !bytes.Contains(body, []byte(`"type":"urn:dipgraph:problem:`)) {
			t.Errorf("%s: %d is not a problem: %s", h.name, status, truncate(body))
		}
		// The server is up, and its CPU back to idle within 2 s: the
		// query's worker is gone with its answer.
		if status, _, err := tryGet(c, base+"/healthz"); err != nil || status != http.StatusOK {
			t.Fatalf("after %s: /healthz %d, %v; log:\n%s", h.name, status, err, srv.log())
		}
		// A killed worker may take a moment to be reaped after the answer.
		gone := time.Now().Add(time.Second)
		for len(children(pid)) != 0 && time.Now().Before(gone) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := len(children(pid)); n != 0 {
			t.Errorf("after %s: %d query workers still run a second after the answer", h.name, n)
		}
		if busy := cpuBusy(pid, 2*time.Second); busy > 0.25 {
			t.Errorf("after %s: the server kept %.0f%% of a core busy", h.name, busy*100)
		}
		t.Logf("%-30s %d in %v", h.name, status, took.Round(time.Millisecond))
	}

	// Failed authentications do not spend the write budget of the key
	// holder behind the same address: after 60 anonymous writes (401, then
	// 429 from the failures' own budget) a keyed write goes through (200:
	// the sample is already there, so nothing changes).
	anon := hostileArticle("anonymous", "Mexico rejected Russia.", 0, "")
	delete(anon.header, "Authorization")
	for i := 0; i < 60; i++ {
		if status, body := sendHostile(t, c, base, anon); status != http.StatusUnauthorized && status != http.StatusTooManyRequests {
			t.Fatalf("anonymous write %d: %d %s", i+1, status, truncate(body))
		}
	}
	sampleText := readSampleText(t, samplePath)
	if status, body := sendHostile(t, c, base, hostileArticle("keyed", sampleText, 0, "")); status != http.StatusOK {
		t.Errorf("a keyed write after 60 anonymous ones: %d %s, want 200", status, truncate(body))
	}

	// Two memory bombs at once share the budget.
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, body := sendHostile(t, c, base, hostileQuery("bomb", s2k+`new Array(1e6).join(s).length`, 0, ""))
			if status != http.StatusUnprocessableEntity {
				t.Errorf("concurrent memory bomb: %d %s", status, truncate(body))
			}
		}()
	}
	wg.Wait()

	stopSampling()
	peak := mem.peak()
	// Each worker's resident set is its data (the limit) plus the pages of
	// the binary and runtime it maps, ~25 MiB.
	margin := int64(2*25+32) << 20
	t.Logf("RSS of the server and its workers: baseline %d MiB, peak %d MiB (budget %d MiB, margin %d MiB)",
		baseline>>20, peak>>20, budgetMiB, margin>>20)
	if peak > baseline+budgetMiB<<20+margin {
		t.Errorf("peak RSS %d MiB, over baseline %d MiB + budget %d MiB + margin %d MiB",
			peak>>20, baseline>>20, budgetMiB, margin>>20)
	}

	// Real queries still work, and nothing was written.
	if status, body := postRawQueryKey(t, c, base, `g.V("<country:MEX>").In("<leads>").All()`); status != http.StatusOK || !bytes.Contains(body, []byte("sheinbaum")) {
		t.Fatalf("a real query after the attack: %d %s", status, body)
	}
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code, err := srv.wait(30 * time.Second); err != nil || code != 0 {
		t.Fatalf("serve after SIGTERM: exit %d, %v", code, err)
	}
	if got := storeStats(t, db); got != before {
		t.Errorf("the attack changed the store: %+v, had %+v", got, before)
	}
}

// hostileArticle is a text/plain article POSTed with the key.
func hostileArticle(name, text string, status int, detail string) hostile {
	return hostile{name: name, method: http.MethodPost, path: "/v1/articles?date=2025-01-01",
		header: map[string]string{"Content-Type": "text/plain", "Authorization": "Bearer " + hostileKey},
		body:   []byte(text), status: status, detail: detail}
}

// readSampleText is the text of the first article of a JSON-lines file.
func readSampleText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	var a struct{ Text string }
	if err := json.Unmarshal(line, &a); err != nil {
		t.Fatal(err)
	}
	return a.Text
}

func sendHostile(t *testing.T, c *http.Client, base string, h hostile) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(h.method, base+h.path, bytes.NewReader(h.body))
	if err != nil {
		// Go's client refuses to send a malformed URL: write it by hand.
		return sendRaw(t, strings.TrimPrefix(base, "http://"), h)
	}
	for k, v := range h.header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", h.name, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: read answer: %v", h.name, err)
	}
	return resp.StatusCode, b
}

// sendRaw writes h's request line and headers as they are, on a new
// connection.
func sendRaw(t *testing.T, addr string, h hostile) (int, []byte) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	var req bytes.Buffer
	fmt.Fprintf(&req, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\nContent-Length: %d\r\n", h.method, h.path, addr, len(h.body))
	for k, v := range h.header {
		fmt.Fprintf(&req, "%s: %s\r\n", k, v)
	}
	req.WriteString("\r\n")
	req.Write(h.body)
	if _, err := conn.Write(req.Bytes()); err != nil {
		t.Fatalf("%s: %v", h.name, err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: %v", h.name, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: read answer: %v", h.name, err)
	}
	return resp.StatusCode, b
}

func postRawQueryKey(t *testing.T, c *http.Client, base, q string) (int, []byte) {
	t.Helper()
	return sendHostile(t, c, base, hostileQuery("query", q, 0, ""))
}

func tryGet(c *http.Client, url string) (int, []byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func truncate(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// children are the PIDs of pid's child processes.
func children(pid int) []int {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	var out []int
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// rss is a process's resident set in bytes, 0 once it is gone.
func rss(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// treeRSS is the resident set of pid and its children.
func treeRSS(pid int) int64 {
	n := rss(pid)
	for _, c := range children(pid) {
		n += rss(c)
	}
	return n
}

// rssSampler keeps the peak of treeRSS.
type rssSampler struct {
	pid int
	mu  sync.Mutex
	max int64
}

func (s *rssSampler) start() (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				n := treeRSS(s.pid)
				s.mu.Lock()
				s.max = max(s.max, n)
				s.mu.Unlock()
			}
		}
	}()
	return func() { close(done); <-finished }
}

func (s *rssSampler) peak() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.max
}

// cpuTicks is the user and system time of pid in clock ticks.
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return u + k
}

// cpuBusy waits up to within for pid to fall idle and returns its share of
// a core over the last 500 ms window it watched.
func cpuBusy(pid int, within time.Duration) float64 {
	const window = 500 * time.Millisecond
	const ticksPerSecond = 100 // USER_HZ on Linux
	deadline := time.Now().Add(within)
	var busy float64
	for time.Now().Before(deadline) {
		t0 := cpuTicks(pid)
		time.Sleep(window)
		busy = float64(cpuTicks(pid)-t0) / ticksPerSecond / window.Seconds()
		if busy < 0.1 {
			return busy
		}
	}
	return busy
}
