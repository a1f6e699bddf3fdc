package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/httpapi"
	"github.com/dipgraph/dipgraph/schema"
)

var (
	sampleActors = filepath.Join("..", "..", "samples", "user-actors.tsv")
	sampleVerbs  = filepath.Join("..", "..", "samples", "user-verbs.tsv")
)

// userDictInput is a file of articles that the sample dictionaries code.
func userDictInput(t *testing.T) string {
	t.Helper()
	var lines []string
	for id, text := range map[string]string{
		"front":     "The Sahel Unity Front attacked Malian soldiers near Gao.",
		"leader":    "Amara Kone-Diallo, the leader of the Sahel Unity Front, condemned France on Monday.",
		"blacklist": "Mali blacklisted Algeria on Tuesday.",
		"drone":     "A precision strike by Turkey hit Syria.",
		"welcome":   "Egypt welcomed the Sudanese delegation.",
	} {
		b, err := json.Marshal(schema.Article{ID: id, Date: "2025-05-04", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	sort.Strings(lines)
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return in
}

// eventsByID reads extract's output: per article, its events as
// "TYPE trigger source>target".
func eventsByID(t *testing.T, out *bytes.Buffer) map[string]string {
	t.Helper()
	m := map[string]string{}
	sc := bufio.NewScanner(out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r schema.Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		var evs []string
		for _, e := range r.Events {
			s := e.Event + " " + e.Trigger
			if len(e.Source) > 0 && len(e.Target) > 0 {
				s += " " + e.Source[0].Entity + ">" + e.Target[0].Entity
			}
			evs = append(evs, s)
		}
		m[r.ID] = strings.Join(evs, "; ")
	}
	return m
}

// wantUserEvents are the events of userDictInput with the sample files.
var wantUserEvents = map[string]string{
	"front":     "ASSAULT attacked org:sahel-unity-front>org:mali-military",
	"leader":    "ACCUSE condemned person:amara-kone-diallo>country:FRA",
	"blacklist": "SANCTION blacklisted country:MLI>country:DZA",
	"drone":     "ASSAULT precision strike country:TUR>country:SYR",
	"welcome":   "CONSULT welcomed country:EGY>country:SDN",
}

func checkEvents(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: article %s: events %q, want %q", what, id, got[id], w)
		}
	}
}

func TestExtractWithUserDictionaries(t *testing.T) {
	t.Setenv(envActors, "")
	t.Setenv(envVerbs, "")
	in := userDictInput(t)
	var out bytes.Buffer
	if err := runExtract(context.Background(), []string{in}, &out, quiet); err != nil {
		t.Fatal(err)
	}
	base := eventsByID(t, &out)
	if base["blacklist"] != "" || base["welcome"] != "SUPPORT welcomed country:EGY>country:SDN" {
		t.Errorf("without the files: %q", base)
	}

	out.Reset()
	if err := runExtract(context.Background(), []string{"--actors", sampleActors, "--verbs", sampleVerbs, in}, &out, quiet); err != nil {
		t.Fatal(err)
	}
	checkEvents(t, "--actors --verbs", eventsByID(t, &out), wantUserEvents)

	// From the environment; a later file of a list wins; the flag replaces
	// the variable.
	later := filepath.Join(t.TempDir(), "later.tsv")
	if err := os.WriteFile(later, []byte("blacklist\tCOERCE\t170\tblacklisted\tv\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(envActors, sampleActors)
	t.Setenv(envVerbs, sampleVerbs+","+later)
	out.Reset()
	if err := runExtract(context.Background(), []string{in}, &out, quiet); err != nil {
		t.Fatal(err)
	}
	got := eventsByID(t, &out)
	checkEvents(t, "$DIPGRAPH_VERBS=sample,later", got, map[string]string{
		"blacklist": "COERCE blacklisted country:MLI>country:DZA",
		"front":     wantUserEvents["front"],
		"welcome":   wantUserEvents["welcome"],
	})
	out.Reset()
	if err := runExtract(context.Background(), []string{"--verbs", later, "--verbs", sampleVerbs, in}, &out, quiet); err != nil {
		t.Fatal(err)
	}
	checkEvents(t, "--verbs later --verbs sample", eventsByID(t, &out), wantUserEvents)
	out.Reset()
	if err := runExtract(context.Background(), []string{"--verbs", "", "--actors=", in}, &out, quiet); err != nil {
		t.Fatal(err)
	}
	checkEvents(t, "empty flags over the variables", eventsByID(t, &out), base)
}

func TestIngestWithUserDictionaries(t *testing.T) {
	t.Setenv(envActors, "")
	t.Setenv(envVerbs, "")
	db := filepath.Join(t.TempDir(), "g.db")
	if err := runIngest(context.Background(), []string{"-db", db, "--actors", sampleActors, userDictInput(t)}, io.Discard, quiet); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	q := `g.V("<org:sahel-unity-front>").Out().All()`
	if err := runQuery(context.Background(), []string{"-db", db, q}, &out, quiet); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "org:mali-military") {
		t.Errorf("query %s answered %s, want the user org's assault on the Malian military", q, out.String())
	}
}

// writeBad writes a verbs file with an unknown type on line 3 and an
// actors file with an unknown country on line 2.
func writeBad(t *testing.T) (verbs, actors string) {
	t.Helper()
	dir := t.TempDir()
	verbs, actors = filepath.Join(dir, "verbs.tsv"), filepath.Join(dir, "actors.tsv")
	if err := os.WriteFile(verbs, []byte("# mine\nscold\tACCUSE\t111\tscolded\tv\nrebuke\tSCOLD\t111\trebuked\tv\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(actors, []byte("[leaders]\nAna Lima\tXXX\tPresident\t\t2020-\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return verbs, actors
}

func TestCommandsRejectMalformedUserDictionaries(t *testing.T) {
	t.Setenv(envActors, "")
	t.Setenv(envVerbs, "")
	verbs, actors := writeBad(t)
	in := userDictInput(t)
	wantVerbs := verbs + `:3: unknown PLOVER type "SCOLD"`
	wantActors := actors + `:2: unknown country code "XXX"`
	db := filepath.Join(t.TempDir(), "g.db")
	for _, c := range []struct {
		name string
		run  func(context.Context, []string, io.Writer, *slog.Logger) error
		args []string
		want string
	}{
		{"extract", runExtract, []string{"--verbs", verbs, in}, wantVerbs},
		{"extract", runExtract, []string{"--actors", actors, in}, wantActors},
		{"ingest", runIngest, []string{"-db", db, "--verbs", sampleVerbs + "," + verbs, in}, wantVerbs},
		{"serve", runServe, []string{"-db", db, "--actors", actors}, wantActors},
	} {
		var out bytes.Buffer
		err := c.run(context.Background(), c.args, &out, quiet)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: %v, want %q", c.name, c.args, err, c.want)
		}
		if out.Len() > 0 {
			t.Errorf("%s: output despite the error: %s", c.name, out.String())
		}
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a store was opened before the dictionaries were checked: %v", err)
	}

	// The command exits non-zero with the message.
	if testing.Short() {
		return
	}
	cmd := exec.Command(buildDipgraph(t), "extract", "--verbs", verbs, in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("exit: %v, want status 1", err)
	}
	if want := "dipgraph extract: extract: verbs " + wantVerbs; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}

func TestServeBuildsItsExtractorWithUserDictionaries(t *testing.T) {
	for _, env := range []string{envAPIKey, envAPIKeysFile, envAnonWrites, envProtectReads, envTrustedProxies, envCORSOrigins} {
		t.Setenv(env, "")
	}
	t.Setenv(envActors, sampleActors)
	t.Setenv(envVerbs, "")
	var cfg *httpapi.Config
	old := newHandler
	newHandler = func(c httpapi.Config) http.Handler {
		cfg = &c
		return http.NotFoundHandler()
	}
	defer func() { newHandler = old }()
	db := filepath.Join(t.TempDir(), "g.db")
	// A port out of range: serve stops at listen, after making the handler.
	err := runServe(context.Background(), []string{"-db", db, "--create", "--verbs", sampleVerbs, "--addr", "127.0.0.1:99999"}, io.Discard, quiet)
	if err == nil || !strings.Contains(err.Error(), "listen") {
		t.Fatalf("serve: %v, want a listen error", err)
	}
	if cfg == nil || cfg.Extractor == nil {
		t.Fatal("serve made no handler with an extractor")
	}
	for id, text := range map[string]string{
		"front":     "The Sahel Unity Front attacked Malian soldiers near Gao.",
		"blacklist": "Mali blacklisted Algeria on Tuesday.",
	} {
		r := cfg.Extractor.Extract(schema.Article{ID: id, Date: "2025-05-04", Text: text})
		var buf bytes.Buffer
		if err := json.NewEncoder(&buf).Encode(r); err != nil {
			t.Fatal(err)
		}
		if got := eventsByID(t, &buf)[id]; got != wantUserEvents[id] {
			t.Errorf("serve's extractor: %s: %q, want %q", id, got, wantUserEvents[id])
		}
	}
}
