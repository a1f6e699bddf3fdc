package articles

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

func TestReadJSONLinesSkipsBadLinesAndKeepsGood(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"a","title":" T ","date":"2025-05-03","text":"Mexico rejected the offer."}`,
		``,
		`{"id":"b","text":`,       // malformed JSON
		`{"id":"c","text":"   "}`, // empty text
		`{"id":"d","date":"May 3","text":"Hello."}`, // bad date
		`{"id":"e","text":"bin\u0000ary"}`,          // NUL byte
		`{"id":"f","date":"2025-05-04T10:00:00Z","text":"Japan and China met."}`,
	}, "\n")
	var got []schema.Article
	var bad []int
	err := ReadJSONLines(strings.NewReader(in), "in.jsonl", func(a schema.Article) error {
		got = append(got, a)
		return nil
	}, func(e *LineError) {
		if !errors.Is(e, ErrInvalid) {
			t.Errorf("line %d: error %v does not wrap ErrInvalid", e.Line, e)
		}
		bad = append(bad, e.Line)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []schema.Article{
		{ID: "a", Title: "T", Date: "2025-05-03", Text: "Mexico rejected the offer."},
		{ID: "f", Date: "2025-05-04", Text: "Japan and China met."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("articles = %+v, want %+v", got, want)
	}
	if !reflect.DeepEqual(bad, []int{3, 4, 5, 6}) {
		t.Errorf("bad lines = %v, want [3 4 5 6]", bad)
	}
}

func TestReadJSONLinesStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := ReadJSONLines(strings.NewReader("{\"text\":\"a\"}\n{\"text\":\"b\"}\n"), "x", func(schema.Article) error {
		n++
		return stop
	}, func(*LineError) {})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("err=%v n=%d, want stop after 1", err, n)
	}
}

func TestReadTextTakesTitleLine(t *testing.T) {
	a, err := ReadText(strings.NewReader("Talks Resume\n\nChina and Japan met on Monday.\n"), "dir/talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "talks" || a.Title != "Talks Resume" || a.Text != "China and Japan met on Monday.\n" {
		t.Errorf("got %+v", a)
	}
	a, err = ReadText(strings.NewReader("One line only."), "x.txt")
	if err != nil || a.Title != "" || a.Text != "One line only." {
		t.Errorf("got %+v, %v", a, err)
	}
	if _, err := ReadText(strings.NewReader("\xff\xfe"), "bad.txt"); !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid UTF-8: err = %v", err)
	}
}

func TestExpandDirectoriesAndGlobs(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.jsonl", "b.txt", "skip.md", "sub/c.jsonl"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Expand([]string{dir, filepath.Join(dir, "*.txt"), "-"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.txt"), filepath.Join(dir, "sub/c.jsonl"), filepath.Join(dir, "b.txt"), "-"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expand = %v, want %v", got, want)
	}
	if _, err := Expand([]string{filepath.Join(dir, "*.none")}); err == nil {
		t.Error("a glob matching nothing should be an error")
	}
	if _, err := Expand([]string{filepath.Join(dir, "missing.jsonl")}); err == nil {
		t.Error("a missing file should be an error")
	}
}
