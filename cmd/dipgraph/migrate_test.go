package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
)

// format1Store copies the graph package's format-1 fixture (a store
// written before format versions, graph/testdata/README.md) into a
// temporary bolt store.
func format1Store(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "graph", "testdata", "format1-store.bolt.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "old.db")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, zr); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "indexes.bolt"), buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// storeAnswers is what a store says of everything it holds.
type storeAnswers struct {
	articles []graph.ArticleInfo
	events   any
	triples  []graph.TripleInfo
	entities []graph.EntityInfo
}

func answers(t *testing.T, db string) storeAnswers {
	t.Helper()
	ctx := context.Background()
	s, err := graph.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out storeAnswers
	list, _, err := s.Articles(ctx, graph.ArticleFilter{Page: graph.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		info, err := s.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		out.articles = append(out.articles, info)
	}
	if out.events, _, err = s.Events(ctx, graph.EventFilter{Page: graph.Page{Limit: 1000}}); err != nil {
		t.Fatal(err)
	}
	if out.triples, _, err = s.Triples(ctx, graph.TripleFilter{Page: graph.Page{Limit: 1000}}); err != nil {
		t.Fatal(err)
	}
	if out.entities, _, err = s.Entities(ctx, graph.EntityFilter{Page: graph.Page{Limit: 1000}}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMigrateFormat1Store(t *testing.T) {
	ctx := context.Background()
	old := format1Store(t)
	fixture, err := os.ReadFile(filepath.Join(old, "indexes.bolt"))
	if err != nil {
		t.Fatal(err)
	}

	// Every command that opens the old store refuses it, naming migrate.
	var out bytes.Buffer
	err = runQuery(ctx, []string{"-db", old, `g.V().All()`}, &out, quiet)
	if !errors.Is(err, graph.ErrOldFormat) || !strings.Contains(err.Error(), "dipgraph migrate "+old+" NEW") {
		t.Fatalf("query on the old store: %v", err)
	}

	dst := filepath.Join(t.TempDir(), "new.db")
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	out.Reset()
	if err := runMigrate(ctx, []string{old, dst}, &out, log); err != nil {
		t.Fatalf("migrate: %v\n%s", err, logs.String())
	}
	if !strings.Contains(out.String(), "migrated 2 articles from "+old+" (format 1) into "+dst+" (format "+strconv.Itoa(graph.FormatVersion)+"): 2 new, 0 refused") {
		t.Errorf("summary: %s", out.String())
	}
	for _, want := range []string{"migrate: started", "format=1", "migrate: progress", "articles=2", "of=2"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	// The old store is only read.
	if now, err := os.ReadFile(filepath.Join(old, "indexes.bolt")); err != nil || !bytes.Equal(now, fixture) {
		t.Errorf("migrate changed the old store (%v)", err)
	}

	// The new store holds what ingesting the same articles today makes.
	in := filepath.Join(t.TempDir(), "in.jsonl")
	sample, err := os.ReadFile(filepath.Join("..", "..", "samples", "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfterN(string(sample), "\n", 3)
	if err := os.WriteFile(in, []byte(lines[0]+lines[1]), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	if err := runIngest(ctx, []string{"-db", fresh, "-progress", "never", in}, io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	got, want := answers(t, dst), answers(t, fresh)
	if len(got.articles) != 2 || len(got.triples) == 0 {
		t.Fatalf("migrated store: %d articles, %d triples", len(got.articles), len(got.triples))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the migrated store differs from a fresh ingest of the same articles:\n got %+v\nwant %+v", got, want)
	}

	// Into a store that is not empty: refused, nothing written.
	before := answers(t, fresh)
	err = runMigrate(ctx, []string{old, fresh}, io.Discard, quiet)
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("migrate into a store with articles: %v", err)
	}
	if after := answers(t, fresh); !reflect.DeepEqual(after, before) {
		t.Error("a refused migrate changed the new store")
	}
	// Usage errors.
	for _, args := range [][]string{{old}, {old, old}} {
		var ue *usageError
		if err := runMigrate(ctx, args, io.Discard, quiet); !errors.As(err, &ue) {
			t.Errorf("migrate %q: %v, want a usage error", args, err)
		}
	}
}
