package graph

import (
	"bufio"
	"compress/gzip"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

// format1Store copies the format-1 fixture (testdata/README.md) into a
// temporary bolt store and returns its directory.
func format1Store(t testing.TB) string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "format1-store.bolt.gz"))
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
	out, err := os.Create(filepath.Join(dir, "indexes.bolt"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sampleArticles reads the first n articles of samples/articles.jsonl.
func sampleArticles(t testing.TB, n int) []schema.Article {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "samples", "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []schema.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for len(out) < n && sc.Scan() {
		var a schema.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func TestFormat1StoreRefused(t *testing.T) {
	dir := format1Store(t)
	s, err := Open(dir)
	if err == nil {
		s.Close()
		t.Fatal("a format-1 store was opened")
	}
	if !errors.Is(err, ErrOldFormat) || !strings.Contains(err.Error(), "dipgraph migrate "+dir+" NEW") ||
		!strings.Contains(err.Error(), "format 1") {
		t.Fatalf("error %q: want ErrOldFormat naming `dipgraph migrate %s NEW`", err, dir)
	}
	// Refusing it wrote nothing: no version was recorded.
	if _, err := os.Stat(filepath.Join(dir, formatFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the refused store got a format file: %v", err)
	}

	src, err := OpenSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if src.Version() != 1 {
		t.Errorf("version %d, want 1", src.Version())
	}
	want := map[string]schema.Article{}
	for _, a := range sampleArticles(t, 2) {
		want[a.ID] = a
	}
	n := 0
	err = src.Articles(bg, func(i, total int, a schema.Article) error {
		n++
		if i != n || total != 2 {
			t.Errorf("article %d of %d, want %d of 2", i, total, n)
		}
		if w, ok := want[a.ID]; !ok || a != w {
			t.Errorf("article %q read as\n%+v\nwant\n%+v", a.ID, a, w)
		}
		return nil
	})
	if err != nil || n != 2 {
		t.Fatalf("%d articles, %v", n, err)
	}
}

func TestFormatVersionRecorded(t *testing.T) {
	s, u := openTest(t)
	v, ok, err := s.backend.readFormat(bg)
	if err != nil || !ok || v != FormatVersion {
		t.Fatalf("new store: format %d, %v, %v; want %d", v, ok, err, FormatVersion)
	}
	docTroops().ingest(t, s)
	s.Close()
	s, err = Open(u)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	s.Close()

	// A store with quads and no version is of the first format.
	b, _ := parseStoreURL(u)
	setVersion := func(v string) {
		t.Helper()
		if b.driver == "" {
			if v == "" {
				err = os.Remove(filepath.Join(u, formatFile))
			} else {
				err = os.WriteFile(filepath.Join(u, formatFile), []byte(v), 0o644)
			}
		} else {
			db, err2 := sql.Open(b.driver, b.addr)
			if err2 != nil {
				t.Fatal(err2)
			}
			defer db.Close()
			if _, err = db.Exec(`DELETE FROM dipgraph_meta WHERE name = $1`, formatName); err == nil && v != "" {
				_, err = db.Exec(`INSERT INTO dipgraph_meta (name, value) VALUES ($1, $2)`, formatName, v)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	setVersion("")
	if _, err := Open(u); !errors.Is(err, ErrOldFormat) || !strings.Contains(err.Error(), "dipgraph migrate") {
		t.Errorf("store without a version: %v, want ErrOldFormat", err)
	}
	// A store of format 2 has no dyad aggregates: it is migrated.
	setVersion("2")
	if _, err := Open(u); !errors.Is(err, ErrOldFormat) || !strings.Contains(err.Error(), "format 2") ||
		!strings.Contains(err.Error(), "dipgraph migrate "+b.redacted()+" NEW") {
		t.Errorf("store of format 2: %v, want ErrOldFormat naming `dipgraph migrate %s NEW`", err, b.redacted())
	}
	setVersion("99")
	if _, err := Open(u); !errors.Is(err, ErrNewFormat) {
		t.Errorf("store of format 99: %v, want ErrNewFormat", err)
	}
	setVersion("two")
	if _, err := Open(u); err == nil || !strings.Contains(err.Error(), "format version") {
		t.Errorf("store of format \"two\": %v", err)
	}
}
