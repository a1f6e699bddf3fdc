package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestExtractWritesOneResultPerArticleInInputOrder(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.jsonl")
	lines := []string{
		`{"id":"one","date":"2025-05-04","text":"Mexican President Claudia Sheinbaum rejected an offer from U.S. President Donald Trump."}`,
		`not json`,
		`{"id":"two","text":"Japan and China held talks in Tokyo."}`,
		`{"id":"three","text":"France condemned the attack."}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := runExtract(context.Background(), []string{"-workers", "3", in}, &out, quiet)
	if err == nil || !strings.Contains(err.Error(), "1 invalid") {
		t.Errorf("err = %v, want a report of 1 invalid article", err)
	}
	var ids []string
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var r schema.Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		ids = append(ids, r.ID)
		if r.ID == "one" && len(r.Events) == 0 {
			t.Errorf("article one: no events")
		}
	}
	if got := strings.Join(ids, ","); got != "one,two,three" {
		t.Errorf("ids = %s, want one,two,three (bad line skipped, order kept)", got)
	}
}

func TestIngestThenQueryTheStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	var out bytes.Buffer
	sample := filepath.Join("..", "..", "samples", "articles.jsonl")
	if err := runIngest(context.Background(), []string{"-db", db, sample}, &out, quiet); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "already present") || strings.Contains(out.String(), "(0 new,") {
		t.Errorf("first ingest summary: %s", out.String())
	}
	out.Reset()
	if err := runIngest(context.Background(), []string{"-db", db, sample}, &out, quiet); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "(0 new,") {
		t.Errorf("second ingest should add nothing: %s", out.String())
	}
	out.Reset()
	q := `g.V("<country:MEX>").In("<leads>").All()`
	if err := runQuery(context.Background(), []string{"-db", db, q}, &out, quiet); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "person:claudia-sheinbaum") {
		t.Errorf("query %s answered %s, want Sheinbaum", q, out.String())
	}
}

func TestCommandsRejectMissingInput(t *testing.T) {
	if err := runExtract(context.Background(), nil, io.Discard, quiet); err == nil {
		t.Error("extract without input should fail")
	}
	if err := runIngest(context.Background(), []string{"-db", filepath.Join(t.TempDir(), "x.db")}, io.Discard, quiet); err == nil {
		t.Error("ingest without input should fail")
	}
	if err := runQuery(context.Background(), []string{"-db", filepath.Join(t.TempDir(), "x.db"), " "}, io.Discard, quiet); err == nil {
		t.Error("empty query should fail")
	}
}
