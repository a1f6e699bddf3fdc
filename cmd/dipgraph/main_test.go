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

// limitsInput writes four articles: two small ones, one of 501 sentences
// and one with 4 events.
func limitsInput(t *testing.T) string {
	t.Helper()
	line := func(id, text string) string {
		b, err := json.Marshal(schema.Article{ID: id, Date: "2025-05-04", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	lines := []string{
		line("small", "France condemned the attack."),
		line("long", strings.Repeat("Mexico rejected Russia. ", 501)),
		line("eventful", strings.Repeat("Mexico rejected Russia. ", 4)+"Spain praised Chile."),
		line("small2", "Japan and China held talks in Tokyo."),
	}
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return in
}

func resultIDs(t *testing.T, out *bytes.Buffer) string {
	t.Helper()
	var ids []string
	sc := bufio.NewScanner(out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r schema.Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ",")
}

func TestExtractSkipsArticlesOverLimits(t *testing.T) {
	in := limitsInput(t)
	var out, logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	err := runExtract(context.Background(), []string{"-max-events", "4", in}, &out, log)
	if err == nil || !strings.Contains(err.Error(), "2 articles over the article limits") {
		t.Errorf("err = %v, want a report of 2 articles over the limits", err)
	}
	if got := resultIDs(t, &out); got != "small,small2" {
		t.Errorf("results %s, want small,small2", got)
	}
	for _, want := range []string{"article has 501 sentences; the limit is 500 (--max-sentences)",
		"article has 5 events; the limit is 4 (--max-events)", "id=long", "id=eventful"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}

	// From the environment, and 0 for no limit.
	t.Setenv("DIPGRAPH_MAX_SENTENCES", "600")
	out.Reset()
	if err := runExtract(context.Background(), []string{"-max-events", "0", in}, &out, quiet); err != nil {
		t.Errorf("raised limits: %v", err)
	}
	if got := resultIDs(t, &out); got != "small,long,eventful,small2" {
		t.Errorf("results with raised limits %s", got)
	}
	t.Setenv("DIPGRAPH_MAX_SENTENCES", "many")
	if err := runExtract(context.Background(), []string{in}, io.Discard, quiet); err == nil || !strings.Contains(err.Error(), "DIPGRAPH_MAX_SENTENCES") {
		t.Errorf("malformed variable: %v", err)
	}
	t.Setenv("DIPGRAPH_MAX_SENTENCES", "")
	if err := runExtract(context.Background(), []string{"-max-quads", "-1", in}, io.Discard, quiet); err == nil || !strings.Contains(err.Error(), "--max-quads -1") {
		t.Errorf("negative flag: %v", err)
	}
}

func TestIngestSkipsArticlesOverLimits(t *testing.T) {
	in := limitsInput(t)
	db := filepath.Join(t.TempDir(), "g.db")
	var out, logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	err := runIngest(context.Background(), []string{"-db", db, "-max-quads", "40", in}, &out, log)
	if err == nil || !strings.Contains(err.Error(), "2 articles over the article limits") {
		t.Errorf("err = %v, want a report of 2 articles over the limits", err)
	}
	if !strings.Contains(out.String(), "(2 new, 0 already present, 0 invalid, 2 refused)") {
		t.Errorf("summary: %s", out.String())
	}
	for _, want := range []string{"article has 501 sentences; the limit is 500 (--max-sentences)",
		"quads; the limit is 40 (--max-quads)"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	out.Reset()
	q := `g.V("<country:RUS>").All()`
	if err := runQuery(context.Background(), []string{"-db", db, q}, &out, quiet); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "country:RUS") {
		t.Errorf("an article over the limits reached the store: %s", out.String())
	}
}
