package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// runBin runs the built command and returns its stdout, stderr and exit
// status.
func runBin(t *testing.T, bin string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	return runBinEnv(t, bin, nil, stdin, args...)
}

// runBinEnv is runBin with variables added to the environment.
func runBinEnv(t *testing.T, bin string, env []string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// TestCLIHelpAndUsageErrors: --version, help CMD and CMD -h answer on
// stdout with status 0; every usage error exits 2.
func TestCLIHelpAndUsageErrors(t *testing.T) {
	bin := buildDipgraph(t)
	if out, _, code := runBin(t, bin, "", "--version"); code != 0 || !strings.HasPrefix(out, "dipgraph ") || !strings.Contains(out, "go1.") {
		t.Errorf("--version: %d %q", code, out)
	}
	for _, cmd := range []string{"extract", "ingest", "serve", "query", "export"} {
		help, _, code := runBin(t, bin, "", "help", cmd)
		if code != 0 || !strings.HasPrefix(help, "Usage: dipgraph "+cmd) || !strings.Contains(help, "-db") && cmd != "extract" {
			t.Errorf("help %s: status %d, stdout %.200q", cmd, code, help)
		}
		h, _, code := runBin(t, bin, "", cmd, "-h")
		if code != 0 || h != help {
			t.Errorf("%s -h: status %d, stdout differs from help %s:\n%.200s", cmd, code, cmd, h)
		}
	}
	if out, _, code := runBin(t, bin, "", "help"); code != 0 || !strings.Contains(out, "Exit status") {
		t.Errorf("help: %d %.100q", code, out)
	}
	db := filepath.Join(t.TempDir(), "none.db")
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"export", "--no-such-flag"},
		{"export", "--db", db, "stray"},
		{"export", "--db", db, "--format", "svg"},
		{"export", "--db", db, "--format", "json,d3"},
		{"export", "--db", db, "--gexf-version", "1.1"},
		{"extract"},
		{"ingest", "--db", db},
		{"query", "--db", db},
		{"serve", "--db", db, "stray"},
		{"help", "export", "ingest"},
	} {
		_, stderr, code := runBin(t, bin, "", args...)
		if code != exitUsage {
			t.Errorf("%q: status %d, want %d (usage error); stderr %s", args, code, exitUsage, stderr)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a usage error created the store")
	}
}

// TestCLIMissingStore: serve, query and export refuse a store that does not
// exist, naming it, and create nothing; ingest of a missing input creates
// no store either.
func TestCLIMissingStore(t *testing.T) {
	bin := buildDipgraph(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "none.db")
	for _, args := range [][]string{
		{"serve", "--db", db, "--addr", "127.0.0.1:0"},
		{"query", "--db", db, `g.V().All()`},
		{"export", "--db", db},
		{"ingest", "--db", db, filepath.Join(dir, "missing.jsonl")},
	} {
		_, stderr, code := runBin(t, bin, "", args...)
		if code != exitFailure || !strings.Contains(stderr, filepath.Base(args[len(args)-1])) && !strings.Contains(stderr, db) {
			t.Errorf("%q: status %d, stderr %s", args, code, stderr)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%q created the store", args)
		}
	}
	if _, stderr, _ := runBin(t, bin, "", "serve", "--db", db); !strings.Contains(stderr, "does not exist") || !strings.Contains(stderr, "ingest") {
		t.Errorf("serve on a missing store: %s", stderr)
	}
	// An empty $DIPGRAPH_DB (scripts/postgres.sh url without a server) is
	// refused, not taken for ./dipgraph.db.
	_, stderr, code := runBinEnv(t, bin, []string{"DIPGRAPH_DB="}, "", "query", `g.V().All()`)
	if code != exitFailure || !strings.Contains(stderr, "DIPGRAPH_DB is set to nothing") {
		t.Errorf("empty DIPGRAPH_DB: %d %s", code, stderr)
	}
}

// TestCLIInputMessages: a line that is not JSON, empty inputs, singular
// counts and a re-ingest's counts.
func TestCLIInputMessages(t *testing.T) {
	bin := buildDipgraph(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")

	_, stderr, code := runBin(t, bin, "Mexico rejected the offer.\n", "ingest", "--db", db, "-")
	if code != exitFailure || !strings.Contains(stderr, "stdin:1") || !strings.Contains(stderr, "not a JSON object") ||
		!strings.Contains(stderr, "standard input") || !strings.Contains(stderr, "skipped 1 invalid article ") {
		t.Errorf("plain text on stdin: status %d, stderr %s", code, stderr)
	}

	empty := filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	emptyDir := filepath.Join(dir, "nothing")
	if err := os.Mkdir(emptyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{empty, emptyDir} {
		for _, cmd := range [][]string{{"extract", in}, {"ingest", "--db", filepath.Join(dir, "e.db"), in}} {
			_, stderr, code := runBin(t, bin, "", cmd...)
			if code != exitFailure || !strings.Contains(stderr, "no articles found") {
				t.Errorf("%q: status %d, stderr %s", cmd, code, stderr)
			}
		}
	}

	out, stderr, code := runBin(t, bin, "", "ingest", "--db", db, samplePath)
	if code != 0 || strings.Contains(out, " 0 new events") {
		t.Fatalf("ingest: %d %s %s", code, out, stderr)
	}
	out, _, code = runBin(t, bin, "", "ingest", "--db", db, samplePath)
	if code != 0 || !strings.Contains(out, "0 new quads and 0 new events written") {
		t.Errorf("re-ingest should report nothing new: %s", out)
	}
	one := filepath.Join(dir, "one.jsonl")
	if err := os.WriteFile(one, []byte(`{"id":"x","text":"Mexico and Canada signed a trade agreement on Monday."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, _ := runBin(t, bin, "", "ingest", "--db", db, one); !strings.HasPrefix(out, "ingested 1 article (1 new,") {
		t.Errorf("one article: %s", out)
	}
}

// TestCLIExportBesideServer: export of a store a server holds says what
// to do; two formats go to their own files in a directory.
func TestCLIExportBesideServer(t *testing.T) {
	bin := buildDipgraph(t)
	dir := t.TempDir()
	db, _ := sampleStore(t, dir)

	outDir := filepath.Join(dir, "out")
	if err := os.Mkdir(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runBin(t, bin, "", "export", "--db", db, "--format", "json,d3,cytoscape,graphml,gexf,nquads,jsonld", "-o", outDir); code != 0 {
		t.Fatalf("export to a directory: %d %s", code, stderr)
	}
	for _, name := range []string{"dipgraph.json", "dipgraph.d3.json", "dipgraph.cyjs", "dipgraph.graphml", "dipgraph.gexf", "dipgraph.nq", "dipgraph.jsonld"} {
		b, err := os.ReadFile(filepath.Join(outDir, name))
		if err != nil || len(b) < 100 {
			t.Errorf("%s: %v, %d bytes", name, err, len(b))
		}
	}
	json1, _ := os.ReadFile(filepath.Join(outDir, "dipgraph.json"))
	d3, _ := os.ReadFile(filepath.Join(outDir, "dipgraph.d3.json"))
	if bytes.Equal(json1, d3) || !bytes.Contains(d3, []byte(`"links"`)) || bytes.Contains(json1, []byte(`"links"`)) {
		t.Error("json and d3 exports are not each their own")
	}

	startServe(t, bin, db, nil)
	_, stderr, code := runBin(t, bin, "", "export", "--db", db, "--format", "gexf")
	if code != exitFailure || !strings.Contains(stderr, "in use by another process") || !strings.Contains(stderr, "/v1/export?format=gexf") ||
		!strings.Contains(stderr, "stop it") {
		t.Errorf("export beside a server: %d %s", code, stderr)
	}
}

// TestREADMEAnalystSession runs the README's analyst session against a
// server of the sample articles (scripts/readme-session.sh): the README
// must show what its commands print.
func TestREADMEAnalystSession(t *testing.T) {
	bin := buildDipgraph(t)
	for _, tool := range []string{"bash", "curl", "jq", "python3"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing (scripts/deps.sh installs it): %v", tool, err)
			}
			t.Skipf("%s is missing (scripts/deps.sh installs it)", tool)
		}
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "readme-session.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(script)
	cmd.Env = append(os.Environ(), "DIPGRAPH_BIN="+bin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

// TestDemoScript runs scripts/demo.sh: on a busy port it says so and
// stops; on a free one it serves and echoes curl lines that a shell reads
// back as the requests made.
func TestDemoScript(t *testing.T) {
	bin := buildDipgraph(t)
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "demo.sh"))
	if err != nil {
		t.Fatal(err)
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	_, stderr, code := runBinEnv(t, script, []string{"PORT=" + port, "DIPGRAPH_BIN=" + bin}, "")
	if code == 0 || !strings.Contains(stderr, "port "+port+" is in use") {
		t.Errorf("demo on a busy port: status %d, stderr %s", code, stderr)
	}

	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port = strconv.Itoa(free.Addr().(*net.TCPAddr).Port)
	free.Close()
	out, stderr, code := runBinEnv(t, script, []string{"PORT=" + port, "DIPGRAPH_BIN=" + bin}, "")
	if code != 0 {
		t.Fatalf("demo: status %d\n%s\n%s", code, out, stderr)
	}
	if !strings.Contains(out, "== next") {
		t.Errorf("demo does not end with what to try next:\n%s", out)
	}
	n := 0
	for _, line := range strings.Split(out, "\n") {
		cmdline, ok := strings.CutPrefix(line, "$ curl ")
		if !ok {
			continue
		}
		n++
		// The shell reads the line back into curl's arguments: the URL is
		// one of them, and a JSON body is valid JSON.
		args, _, code := runBinEnv(t, "bash", nil, "", "-c", `curl() { printf '%s\n' "$@"; }; curl `+cmdline)
		if code != 0 {
			t.Errorf("not pasteable: %s", line)
			continue
		}
		as := strings.Split(strings.TrimSuffix(args, "\n"), "\n")
		if last := as[len(as)-1]; !strings.HasPrefix(last, "http://127.0.0.1:"+port+"/") {
			t.Errorf("%s: the shell reads the URL as %q", line, last)
		}
		for i, a := range as {
			if a == "-d" && (i+1 >= len(as) || !json.Valid([]byte(as[i+1]))) {
				t.Errorf("%s: the body is not JSON once read by the shell", line)
			}
		}
	}
	if n < 4 {
		t.Errorf("%d curl lines echoed:\n%s", n, out)
	}
}
