package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph/storetest"
	"github.com/dipgraph/dipgraph/schema"
)

// Several `dipgraph serve` on one PostgreSQL database (graph/changelog.go).
// The servers run with DIPGRAPH_TEST_DB naming a PostgreSQL server; the
// standby cases also need DIPGRAPH_TEST_STANDBY, a hot standby of it
// (scripts/postgres.sh standby; scripts/test.sh starts both).

// envTestStandby names a streaming standby of the DIPGRAPH_TEST_DB server.
const envTestStandby = "DIPGRAPH_TEST_STANDBY"

// replicaDeadline bounds the wait for a replica to agree with the writer:
// generous, for a loaded machine; the delays observed are logged.
const replicaDeadline = 30 * time.Second

// replicaArticle is the write of the coherence tests: it gives France
// events, relations and a dyad the samples do not have.
var replicaArticle = schema.Article{
	ID:    "replica-france-germany",
	Title: "France and Germany agree on defence",
	Date:  "2025-06-02",
	Text: "France and Germany agreed on Monday to deepen their defence cooperation. " +
		"French President Emmanuel Macron criticised Russia for its attacks on Ukraine. " +
		"Germany condemned Russia and praised France.",
}

// replicaRoutes are the read routes compared between the replicas.
var replicaRoutes = []string{
	"/v1/entities/country:FRA",
	"/v1/entities/country:DEU",
	"/v1/entities/country:RUS",
	"/v1/entities?q=fra",
	"/v1/entities?q=macron",
	"/v1/entities?kind=country&limit=100",
	"/v1/entities/country:FRA/relations",
	"/v1/entities/country:RUS/relations",
	"/v1/triples?subject=country:FRA",
	"/v1/triples?limit=200",
	"/v1/events?actor=country:FRA",
	"/v1/events?actor=country:DEU",
	"/v1/events?actor=person:emmanuel-macron",
	"/v1/events?limit=200",
	"/v1/dyads?country=FRA",
	"/v1/dyads?country=RUS",
	"/v1/dyads/FRA/RUS",
	"/v1/graph?center=country:FRA&depth=2",
	"/v1/graph?center=country:RUS&depth=1",
	"/v1/paths?from=country:FRA&to=country:RUS",
	"/v1/paths?from=country:DEU&to=country:UKR",
	"/v1/articles",
}

// replicaSet is a writer and readers on one database.
type replicaSet struct {
	c       *http.Client
	writer  *server
	readers []*server
	names   []string
}

func startReplicas(t *testing.T, bin, db, standby string, n int) *replicaSet {
	t.Helper()
	args := []string{"--allow-anonymous-writes", "--write-rate", "0", "--request-timeout", "60s"}
	rs := &replicaSet{c: newClient()}
	rs.writer = startServe(t, bin, db, nil, append(args, "--create")...)
	for i := 0; i < n; i++ {
		a := args
		name := fmt.Sprintf("replica %d (primary)", i+1)
		if standby != "" && i == n-1 {
			a = append(a, "--read-db", standby)
			name = fmt.Sprintf("replica %d (standby)", i+1)
		}
		rs.readers = append(rs.readers, startServe(t, bin, db, nil, a...))
		rs.names = append(rs.names, name)
	}
	return rs
}

// get returns the answer of route as canonical JSON (keys sorted).
func get(c *http.Client, base, route string) (string, error) {
	resp, err := c.Get(base + route)
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", route, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", route, err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "", fmt.Errorf("GET %s: status %d, not JSON: %.200s", route, resp.StatusCode, b)
	}
	if m, ok := v.(map[string]any); ok {
		delete(m, "request_id") // a problem's, different on every request
	}
	out, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d %s", resp.StatusCode, out), nil
}

func mustGet(t *testing.T, c *http.Client, base, route string) string {
	t.Helper()
	s, err := get(c, base, route)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// answers reads every route from base.
func (rs *replicaSet) answers(t *testing.T, base string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range replicaRoutes {
		out[r] = mustGet(t, rs.c, base, r)
	}
	return out
}

// agree waits until every reader answers every route as want does, and
// returns the longest time it took from since.
func (rs *replicaSet) agree(t *testing.T, want map[string]string, since time.Time, what string) time.Duration {
	t.Helper()
	var worst time.Duration
	for i, rd := range rs.readers {
		for _, route := range replicaRoutes {
			deadline := time.Now().Add(replicaDeadline)
			for {
				got := mustGet(t, rs.c, "http://"+rd.addr, route)
				if got == want[route] {
					worst = max(worst, time.Since(since))
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s: %s still answers %s after %v as\n  %.600s\nnot as the writer:\n  %.600s",
						what, rs.names[i], route, replicaDeadline, got, want[route])
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
	}
	return worst
}

// firstSeen logs how long after since each reader first answered route
// otherwise than old has it: the staleness observed, polled every 5 ms,
// the readers at once.
func (rs *replicaSet) firstSeen(t *testing.T, old map[string]string, since time.Time, route string) {
	t.Helper()
	seen := make([]time.Duration, len(rs.readers))
	var wg sync.WaitGroup
	for i, rd := range rs.readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Since(since) < replicaDeadline {
				got, err := get(rs.c, "http://"+rd.addr, route)
				if err == nil && got != old[route] {
					seen[i] = time.Since(since)
					return
				}
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	for i, d := range seen {
		if d == 0 {
			t.Fatalf("%s still answers %s as before the write after %v", rs.names[i], route, replicaDeadline)
		}
		t.Logf("%s: the write seen on %s %v after its answer", rs.names[i], route, d.Round(time.Millisecond))
	}
}

// metricValue reads an unlabelled metric from base's /metrics, -1 when
// it is not there.
func metricValue(base, name string) float64 {
	resp, err := newClient().Get(base + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			var f float64
			if _, err := fmt.Sscan(v, &f); err == nil {
				return f
			}
		}
	}
	return -1
}

// sendJSON sends a request with a JSON body and returns status and body.
func sendJSON(c *http.Client, method, u string, v any) (int, []byte, error) {
	var body io.Reader
	if v != nil {
		b, err := json.Marshal(v)
		if err != nil {
			return 0, nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		return 0, nil, err
	}
	if v != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", method, u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, b, err
}

// standbyURL is the URL of db (a database of the DIPGRAPH_TEST_DB server)
// on the standby, once the standby has its change log (the writer made
// it); "" without a standby. With CI set a missing standby fails.
func standbyURL(t *testing.T, db string) string {
	t.Helper()
	sb := os.Getenv(envTestStandby)
	if sb == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and %s names no standby (scripts/postgres.sh standby starts one)", envTestStandby)
		}
		t.Skipf("standby case: set %s to a hot standby of %s (scripts/postgres.sh standby)", envTestStandby, storetest.Env)
	}
	du, err := url.Parse(db)
	if err != nil {
		t.Fatal(err)
	}
	su, err := url.Parse(sb)
	if err != nil {
		t.Fatalf("%s: %v", envTestStandby, err)
	}
	su.Path = du.Path
	conn, err := sql.Open("postgres", su.String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	waitFor(t, replicaDeadline, "the standby to have the change log", func() bool {
		var n int
		err := conn.QueryRow(`SELECT count(*) FROM dipgraph_changes`).Scan(&n)
		return err == nil
	})
	return su.String()
}

// ingestSamples loads the samples through the writer.
func (rs *replicaSet) ingestSamples(t *testing.T) {
	t.Helper()
	f, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(f)), "\n") {
		var a schema.Article
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		status, body, err := sendJSON(rs.c, http.MethodPost, "http://"+rs.writer.addr+"/v1/articles", a)
		if err != nil || status != http.StatusCreated {
			t.Fatalf("POST sample %s: %d %v %s", a.ID, status, err, body)
		}
	}
}

func TestReplicasFollowWritesOnPostgres(t *testing.T) {
	storetest.Postgres(t)
	bin := buildDipgraph(t)
	db := storetest.URL(t)
	rs := startReplicas(t, bin, db, "", 2)
	replicaScenario(t, rs, bin, db)
}

func TestReplicaOnStandbyFollowsWrites(t *testing.T) {
	storetest.Postgres(t)
	bin := buildDipgraph(t)
	db := storetest.URL(t)
	// The writer creates the store; the standby then has its tables.
	rs := startReplicas(t, bin, db, "", 0)
	sb := standbyURL(t, db)
	args := []string{"--allow-anonymous-writes", "--write-rate", "0", "--request-timeout", "60s"}
	rs.readers = append(rs.readers,
		startServe(t, bin, db, nil, args...),
		startServe(t, bin, db, nil, append(args, "--read-db", sb)...))
	rs.names = append(rs.names, "replica 1 (primary)", "replica 2 (standby)")
	replicaScenario(t, rs, bin, db)
	// The standby replica writes to the primary, and sees its own write
	// once its standby has it.
	sbr := rs.readers[1]
	a := replicaArticle
	a.ID, a.Text = "replica-standby-write", a.Text+" Spain welcomed the agreement."
	since := time.Now()
	status, body, err := sendJSON(rs.c, http.MethodPost, "http://"+sbr.addr+"/v1/articles", a)
	if err != nil || status != http.StatusCreated {
		t.Fatalf("POST through the standby replica: %d %v %s", status, err, body)
	}
	rs.writer, rs.readers, rs.names = sbr, []*server{rs.writer, rs.readers[0]}, []string{"the writer", "replica 1 (primary)"}
	want := waitStable(t, rs, "after a write through the standby replica")
	d := rs.agree(t, want, since, "after a write through the standby replica")
	t.Logf("write through the standby replica: every replica agreed within %v", d.Round(time.Millisecond))
}

// waitStable reads every route from the writer until two rounds agree:
// a writer reading from a standby sees its own write once the standby
// has it.
func waitStable(t *testing.T, rs *replicaSet, what string) map[string]string {
	t.Helper()
	var want map[string]string
	waitFor(t, replicaDeadline, what+": the writer's answers to settle", func() bool {
		prev := want
		time.Sleep(300 * time.Millisecond)
		want = rs.answers(t, "http://"+rs.writer.addr)
		if prev == nil {
			return false
		}
		for k, v := range want {
			if prev[k] != v {
				return false
			}
		}
		return strings.Contains(want["/v1/articles"], "replica-standby-write")
	})
	return want
}

// replicaScenario loads the samples through the writer, warms every
// reader's caches, then writes and deletes through the writer; after each
// step every reader must answer every route as the writer does, and a
// server started afresh must too.
func replicaScenario(t *testing.T, rs *replicaSet, bin, db string) {
	rs.ingestSamples(t)
	base := rs.answers(t, "http://"+rs.writer.addr)
	rs.agree(t, base, time.Now(), "after the samples")
	// Twice: the second round is served from the caches the first filled.
	for _, rd := range rs.readers {
		rs.answers(t, "http://"+rd.addr)
		rs.answers(t, "http://"+rd.addr)
	}

	since := time.Now()
	status, body, err := sendJSON(rs.c, http.MethodPost, "http://"+rs.writer.addr+"/v1/articles", replicaArticle)
	if err != nil || status != http.StatusCreated {
		t.Fatalf("POST %s: %d %v %s", replicaArticle.ID, status, err, body)
	}
	rs.firstSeen(t, base, since, "/v1/events?actor=country:FRA")
	var st struct {
		Article string `json:"article"`
		Events  int    `json:"events"`
	}
	if err := json.Unmarshal(body, &st); err != nil || st.Events == 0 {
		t.Fatalf("POST %s: %s: want events", replicaArticle.ID, body)
	}
	after := rs.answers(t, "http://"+rs.writer.addr)
	for _, r := range []string{"/v1/entities/country:FRA", "/v1/events?actor=country:FRA", "/v1/entities/country:FRA/relations", "/v1/dyads?country=FRA", "/v1/graph?center=country:FRA&depth=2"} {
		if after[r] == base[r] {
			t.Fatalf("the write changed nothing the writer answers on %s: %.300s", r, after[r])
		}
	}
	d := rs.agree(t, after, since, "after the write")
	t.Logf("after the write: every reader agreed on every route within %v", d.Round(time.Millisecond))
	for i, rd := range rs.readers {
		applied, age := metricValue("http://"+rd.addr, "dipgraph_change_log_applied_total"), metricValue("http://"+rd.addr, "dipgraph_change_log_poll_age_seconds")
		if applied < 1 || age < 0 || age > 10 {
			t.Errorf("%s: %v change rows applied, last poll %v s ago; want some, and a recent poll", rs.names[i], applied, age)
		}
	}

	since = time.Now()
	status, body, err = sendJSON(rs.c, http.MethodDelete, "http://"+rs.writer.addr+"/v1/articles/"+url.PathEscape(st.Article), nil)
	if err != nil || status/100 != 2 {
		t.Fatalf("DELETE %s: %d %v %s", st.Article, status, err, body)
	}
	deleted := rs.answers(t, "http://"+rs.writer.addr)
	d = rs.agree(t, deleted, since, "after the delete")
	t.Logf("after the delete: every reader agreed on every route within %v", d.Round(time.Millisecond))
	for _, r := range []string{"/v1/events?actor=country:FRA", "/v1/entities/country:FRA/relations", "/v1/paths?from=country:FRA&to=country:RUS"} {
		if deleted[r] != base[r] {
			t.Errorf("after the delete the writer answers %s as\n  %.300s\nnot as before the write:\n  %.300s", r, deleted[r], base[r])
		}
	}

	// A server with nothing cached agrees with them all.
	fresh := startServe(t, bin, db, nil)
	for _, r := range replicaRoutes {
		if got := mustGet(t, rs.c, "http://"+fresh.addr, r); got != deleted[r] {
			t.Errorf("a fresh server answers %s as\n  %.300s\nnot as the writer:\n  %.300s", r, got, deleted[r])
		}
	}
}

// raceArticles are n distinct articles with events between countries.
func raceArticles(n int) []schema.Article {
	pairs := [][2]string{{"France", "Germany"}, {"Japan", "China"}, {"Mexico", "Canada"}, {"Brazil", "Argentina"},
		{"India", "Pakistan"}, {"Spain", "Italy"}, {"Egypt", "Israel"}, {"Kenya", "Ethiopia"}, {"Poland", "Ukraine"}, {"Turkey", "Greece"}}
	verbs := []string{"signed a trade agreement with", "condemned", "held talks with", "criticised", "praised"}
	out := make([]schema.Article, n)
	for i := range out {
		p := pairs[i%len(pairs)]
		out[i] = schema.Article{
			ID:    fmt.Sprintf("race-%02d", i),
			Title: fmt.Sprintf("%s and %s, report %d", p[0], p[1], i),
			Date:  fmt.Sprintf("2025-04-%02d", 1+i%28),
			Text: fmt.Sprintf("%s %s %s on day %d. %s %s %s in report number %d.",
				p[0], verbs[i%len(verbs)], p[1], i, p[1], verbs[(i+2)%len(verbs)], p[0], i),
		}
	}
	return out
}

// dbCounts are the row counts of a store's tables.
func dbCounts(t *testing.T, db string) (quads, nodes int64) {
	t.Helper()
	conn, err := sql.Open("postgres", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.QueryRow(`SELECT (SELECT count(*) FROM quads), (SELECT count(*) FROM nodes)`).Scan(&quads, &nodes); err != nil {
		t.Fatalf("count rows: %v", err)
	}
	return quads, nodes
}

// articleQuadCounts counts the quads of each article by its label.
func articleQuadCounts(t *testing.T, db string) map[string]int {
	t.Helper()
	conn, err := sql.Open("postgres", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT n.value_string, count(*) FROM quads q JOIN nodes n ON n.hash = q.label_hash GROUP BY n.value_string`)
	if err != nil {
		t.Fatalf("count quads by article: %v", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var (
			id sql.NullString
			n  int
		)
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(id.String, schema.PrefixArticle) {
			continue // the dyad aggregates: no article's
		}
		out[id.String] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSameArticlesPostedToTwoReplicasAreStoredOnce(t *testing.T) {
	storetest.Postgres(t)
	bin := buildDipgraph(t)
	arts := raceArticles(50)

	// The single-process load the race must equal.
	single := storetest.URL(t)
	in := filepath.Join(t.TempDir(), "race.jsonl")
	var buf bytes.Buffer
	for _, a := range arts {
		b, _ := json.Marshal(a)
		buf.Write(append(b, '\n'))
	}
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := runIngest(context.Background(), []string{"-db", single, in}, io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	wantQuads, wantNodes := dbCounts(t, single)
	wantPer := articleQuadCounts(t, single)

	db := storetest.URL(t)
	rs := startReplicas(t, bin, db, "", 1)
	bases := []string{"http://" + rs.writer.addr, "http://" + rs.readers[0].addr}
	created := make([][2]int, len(arts))
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(arts))
	sem := make(chan struct{}, 16)
	for i, a := range arts {
		for j, b := range bases {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				status, body, err := sendJSON(rs.c, http.MethodPost, b+"/v1/articles", a)
				switch {
				case err != nil:
					errs <- err
				case status == http.StatusCreated:
					created[i][j] = 1
				case status == http.StatusOK:
				default:
					errs <- fmt.Errorf("POST %s to %s: %d %s", a.ID, b, status, body)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i, c := range created {
		if c[0]+c[1] != 1 {
			t.Errorf("article %s: created by %d replicas, want exactly 1", arts[i].ID, c[0]+c[1])
		}
	}
	if q, n := dbCounts(t, db); q != wantQuads || n != wantNodes {
		t.Errorf("after the race: %d quads %d nodes, want %d and %d as a single-process load", q, n, wantQuads, wantNodes)
	}

	// Deletes through one replica racing re-posts of the same articles
	// through the other leave each article whole or absent.
	var ids []string
	for _, a := range arts[:10] {
		ids = append(ids, schema.ArticleID(a.Text))
	}
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		for i, id := range ids {
			wg.Add(2)
			go func() {
				defer wg.Done()
				status, body, err := sendJSON(rs.c, http.MethodDelete, bases[round%2]+"/v1/articles/"+url.PathEscape(id), nil)
				if err != nil || (status/100 != 2 && status != http.StatusNotFound) {
					t.Errorf("DELETE %s: %d %v %s", id, status, err, body)
				}
			}()
			go func() {
				defer wg.Done()
				status, body, err := sendJSON(rs.c, http.MethodPost, bases[(round+1)%2]+"/v1/articles", arts[i])
				if err != nil || status/100 != 2 {
					t.Errorf("POST %s: %d %v %s", id, status, err, body)
				}
			}()
		}
		wg.Wait()
	}
	got := articleQuadCounts(t, db)
	for _, id := range ids {
		if n := got[id]; n != 0 && n != wantPer[id] {
			t.Errorf("article %s: %d quads after racing deletes and re-posts, want 0 or %d", id, n, wantPer[id])
		}
	}
	// Posting them all again brings the store back to the single load.
	for i := range ids {
		if status, body, err := sendJSON(rs.c, http.MethodPost, bases[i%2]+"/v1/articles", arts[i]); err != nil || status/100 != 2 {
			t.Fatalf("POST %s: %d %v %s", ids[i], status, err, body)
		}
	}
	if q, n := dbCounts(t, db); q != wantQuads || n != wantNodes {
		t.Errorf("after racing deletes and re-posts, all posted again: %d quads %d nodes, want %d and %d", q, n, wantQuads, wantNodes)
	}
	var names []string
	for id := range wantPer {
		names = append(names, id)
	}
	sort.Strings(names)
	if len(names) != len(arts) {
		t.Errorf("the single load has %d articles, want %d", len(names), len(arts))
	}
}

// TestEveryCommandOnPostgres runs each command that opens the store on a
// PostgreSQL URL, and the read-only ones on its standby too: what they
// answer equals what they answer on an embedded store of the same
// articles.
func TestEveryCommandOnPostgres(t *testing.T) {
	storetest.Postgres(t)
	bin := buildDipgraph(t)
	db := storetest.URL(t)
	bolt := filepath.Join(t.TempDir(), "g.db")
	for _, store := range []string{db, bolt} {
		out, errOut, code := runBin(t, bin, "", "ingest", "--db", store, samplePath)
		if code != 0 || !strings.Contains(out, "(5 new,") {
			t.Fatalf("ingest --db %s: %d\n%s\n%s", store, code, out, errOut)
		}
	}
	if out, errOut, code := runBin(t, bin, "", "ingest", "--db", db, samplePath); code != 0 || !strings.Contains(out, "(0 new, 5 already present") {
		t.Errorf("ingest again: %d\n%s\n%s", code, out, errOut)
	}
	export := func(args ...string) string {
		t.Helper()
		out, errOut, code := runBin(t, bin, "", append([]string{"export", "--format", "nquads"}, args...)...)
		if code != 0 || len(out) == 0 {
			t.Fatalf("export %q: status %d, %d bytes\n%s", args, code, len(out), errOut)
		}
		return sortedLines(out)
	}
	query := func(args ...string) string {
		t.Helper()
		out, errOut, code := runBin(t, bin, "", append([]string{"query"}, args...)...)
		if code != 0 || !strings.Contains(out, `"results"`) {
			t.Fatalf("query %q: status %d\n%s\n%s", args, code, out, errOut)
		}
		return out
	}
	const q = `g.V("<country:MEX>").Out("<name>").All()`
	want, wantQ := export("--db", bolt), query("--db", bolt, q)
	if !strings.Contains(wantQ, "Mexico") {
		t.Fatalf("query on bolt: %s", wantQ)
	}
	if got := export("--db", db); got != want {
		t.Errorf("export --db postgres://… differs from the embedded store's: %d bytes, want %d", len(got), len(want))
	}
	if got := query("--db", db, q); got != wantQ {
		t.Errorf("query --db postgres://… = %s, want %s", got, wantQ)
	}
	if os.Getenv(envTestStandby) == "" && os.Getenv("CI") == "" {
		t.Logf("no standby (%s): the standby cases are left out", envTestStandby)
		return
	}
	sb := standbyURL(t, db)
	conn, err := sql.Open("postgres", sb)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	quads, _ := dbCounts(t, db)
	waitFor(t, replicaDeadline, "the standby to have the samples", func() bool {
		var n int64
		return conn.QueryRow(`SELECT count(*) FROM quads`).Scan(&n) == nil && n == quads
	})
	if got := export("--db", db, "--read-db", sb); got != want {
		t.Errorf("export --read-db standby differs from the embedded store's")
	}
	if got := export("--db", sb); got != want {
		t.Errorf("export --db standby differs from the embedded store's")
	}
	if got := query("--db", db, "--read-db", sb, q); got != wantQ {
		t.Errorf("query --read-db standby = %s, want %s", got, wantQ)
	}
	if _, errOut, code := runBin(t, bin, "", "export", "--db", bolt, "--read-db", sb); code != 1 || !strings.Contains(errOut, "--read-db needs a PostgreSQL --db") {
		t.Errorf("export --db bolt --read-db: status %d, %s", code, errOut)
	}
}

// sortedLines sorts the lines of s: exports list the same quads in an
// order that depends on the store.
func sortedLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
