package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/internal/corpus"
	"github.com/dipgraph/dipgraph/internal/extract"
	"github.com/dipgraph/dipgraph/schema"
)

// largeArticle joins generated articles into one of about n sentences and
// returns it with the country its extraction states most about.
func largeArticle(seed int64, sentences int) (schema.Article, string) {
	g := corpus.New(seed)
	var parts []string
	for n := 0; n < sentences; {
		a := g.Next()
		parts = append(parts, a.Text)
		n += strings.Count(a.Text, ". ") + 1
	}
	a := schema.Article{ID: fmt.Sprintf("large-%d", seed), Title: "Many reports", Date: "2025-02-03",
		Text: strings.Join(parts, "\n\n")}
	count := map[string]int{}
	for _, tr := range extract.New().Extract(a).Triples {
		for _, id := range []string{tr.Subject, tr.Object} {
			if strings.HasPrefix(id, schema.PrefixCountry) {
				count[id]++
			}
		}
	}
	best := ""
	for id, n := range count {
		if n > count[best] || n == count[best] && id < best {
			best = id
		}
	}
	return a, best
}

// postLarge posts a and returns its ID and quad count.
func postLarge(t *testing.T, base string, a schema.Article) (string, int) {
	t.Helper()
	status, body, err := postArticle(newClient(), base, testKey, a)
	if err != nil || status != http.StatusCreated {
		t.Fatalf("POST the large article: %d %v %s", status, err, body)
	}
	var st struct {
		Article string `json:"article"`
		Quads   int    `json:"quads"`
	}
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatal(err)
	}
	return st.Article, st.Quads
}

func httpDelete(c *http.Client, base, id string) (int, error) {
	req, err := http.NewRequest(http.MethodDelete, base+"/v1/articles/"+url.PathEscape(id), nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+testKey)
	resp, err := c.Do(req)
	if err != nil {
		return 0, fmt.Errorf("DELETE %s: %w", id, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestServeDeleteLargeArticleKeepsReadsAnswering deletes an article of
// about 15,000 quads through a real `dipgraph serve` while a client polls
// an entity it mentions, that entity's relations and a name search every
// 50 ms: no read may take over 100 ms.
func TestServeDeleteLargeArticleKeepsReadsAnswering(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a subprocess")
	}
	bin := buildDipgraph(t)
	db, before := sampleStore(t, t.TempDir())
	srv := startServe(t, bin, db, []string{"DIPGRAPH_API_KEY=" + testKey, "DIPGRAPH_WRITE_RATE=0"})
	base := "http://" + srv.addr
	a, ent := largeArticle(21, 400)
	id, nq := postLarge(t, base, a)
	q := url.QueryEscape(strings.TrimPrefix(ent, schema.PrefixCountry)[:2])
	reads := []string{"/v1/entities/" + ent, "/v1/entities/" + ent + "/relations", "/v1/entities?q=" + q}
	c := newClient()
	for _, p := range reads {
		resp, err := c.Get(base + p)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s before the delete: %v %v", p, resp, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}

	var mu sync.Mutex
	var lat []time.Duration
	var failed []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			for _, p := range reads {
				start := time.Now()
				resp, err := c.Get(base + p)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(start)
				mu.Lock()
				lat = append(lat, d)
				if err != nil || resp.StatusCode != http.StatusOK {
					failed = append(failed, fmt.Sprintf("GET %s: %v %v", p, err, resp))
				}
				mu.Unlock()
			}
		}
	}()
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	status, err := httpDelete(newClient(), base, id)
	took := time.Since(start)
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()
	if err != nil || status != http.StatusNoContent {
		t.Fatalf("DELETE: %d %v", status, err)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	maxD, p99 := lat[len(lat)-1], lat[len(lat)*99/100]
	t.Logf("DELETE of %d quads answered in %v; %d reads meanwhile, max %v, p99 %v",
		nq, took.Round(time.Millisecond), len(lat), maxD.Round(time.Microsecond), p99.Round(time.Microsecond))
	for _, f := range failed {
		t.Error(f)
	}
	if len(lat) < 3*int(took/(100*time.Millisecond)) {
		t.Errorf("only %d reads in %v: the client was held up", len(lat), took)
	}
	// A read held behind the delete waits for all of it; one served between
	// its chunks waits for a chunk at most. The bound is relative so that a
	// loaded machine (CI runs tests in parallel) does not fail it.
	if limit := max(250*time.Millisecond, took/10); maxD > limit {
		t.Errorf("a read took %v during a delete of %v, want at most %v", maxD, took, limit)
	}
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code, err := srv.wait(10 * time.Second); err != nil || code != 0 {
		t.Fatalf("serve after SIGTERM: exit %d, %v", code, err)
	}
	if after := storeStats(t, db); after != before {
		t.Errorf("after the delete the store holds %+v, want %+v as before the article", after, before)
	}
}

// TestServeSIGTERMDuringLargeDelete sends SIGTERM while a large delete
// runs: the process must exit well within its grace period, and the store
// must afterwards hold what it held before the article (the delete either
// finished or is finished when the store is next opened).
func TestServeSIGTERMDuringLargeDelete(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and signals a subprocess")
	}
	bin := buildDipgraph(t)
	db, before := sampleStore(t, t.TempDir())
	srv := startServe(t, bin, db, []string{"DIPGRAPH_API_KEY=" + testKey, "DIPGRAPH_WRITE_RATE=0"}, "-request-timeout", "3s")
	base := "http://" + srv.addr
	a, _ := largeArticle(23, 400)
	id, nq := postLarge(t, base, a)
	done := make(chan int, 1)
	go func() {
		status, _ := httpDelete(newClient(), base, id)
		done <- status
	}()
	waitFor(t, 2*time.Second, "the delete to be in flight", func() bool { return inFlight(base) >= 2 })
	start := time.Now()
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// grace = max(request timeout 3s, query timeout 5s) + 5s
	code, err := srv.wait(10 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("SIGTERM during the DELETE of %d quads: exited %d after %v, DELETE answered %d",
		nq, code, time.Since(start).Round(time.Millisecond), <-done)
	if code != 0 {
		t.Errorf("serve exited %d after SIGTERM; log:\n%s", code, srv.log())
	}
	if after := storeStats(t, db); after != before {
		t.Errorf("after SIGTERM mid-delete the store holds %+v, want %+v as before the article", after, before)
	}
}

const testKey = "delete-test-key-0123456789"
