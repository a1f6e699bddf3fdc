package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/corpus"
	"github.com/dipgraph/dipgraph/schema"
)

// TestKilledIngestLeavesWholeArticlesAndResumes kills a real `dipgraph
// ingest` process with SIGKILL several times mid-run, checks after each kill
// that the store opens and holds only whole articles, then lets a last run
// finish and checks the store equals one loaded without interruption.
func TestKilledIngestLeavesWholeArticlesAndResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a subprocess")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "dipgraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	input := filepath.Join(dir, "archive.jsonl")
	f, err := os.Create(input)
	if err != nil {
		t.Fatal(err)
	}
	gen := corpus.New(42)
	var arts []schema.Article
	for i := 0; i < 600; i++ {
		arts = append(arts, gen.Next())
	}
	gen = corpus.New(42)
	if _, err := gen.WriteJSONLines(f, len(arts)); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// The reference: the same archive loaded without interruption.
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

	db := filepath.Join(dir, "crash.db")
	for round, after := range []time.Duration{150 * time.Millisecond, 400 * time.Millisecond, 700 * time.Millisecond} {
		cmd := exec.Command(bin, "ingest", "-db", db, input)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		s := openStore(t, db)
		present := 0
		for _, a := range arts {
			info, err := s.Article(context.Background(), schema.ArticleID(a.Text))
			if err != nil {
				continue // not written yet
			}
			present++
			if info.Quads != want[info.ID] {
				t.Errorf("round %d: article %s has %d quads, want %d (half an article)", round, a.ID, info.Quads, want[info.ID])
			}
		}
		s.Close()
		t.Logf("round %d: killed after %v with %d of %d articles stored", round, after, present, len(arts))
	}

	out, err := exec.Command(bin, "ingest", "-db", db, input).CombinedOutput()
	if err != nil {
		t.Fatalf("resumed ingest: %v\n%s", err, out)
	}
	s := openStore(t, db)
	defer s.Close()
	got, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got != refStats {
		t.Errorf("after resuming: %+v, want %+v as without interruption", got, refStats)
	}
}

func openStore(t *testing.T, path string) *graph.Store {
	t.Helper()
	s, err := graph.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return s
}
