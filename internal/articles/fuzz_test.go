package articles

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/schema"
)

// FuzzReadJSONLines feeds arbitrary bytes as a JSON-lines stream: reading
// never panics, every article handed on is valid, and every line is either
// handed on, reported bad, or blank.
func FuzzReadJSONLines(f *testing.F) {
	f.Add([]byte(`{"id":"a","title":"T","date":"2025-05-03","text":"Mexico rejected the offer."}` + "\n"))
	f.Add([]byte("{\"text\":\"a\"}\n\n{\"text\":\n{\"text\":\"\\u0000\"}\n"))
	f.Add([]byte(`{"text":"x","date":"2025-13-40"}`))
	f.Add([]byte{0xff, 0xfe, '\n', '{', '}'})
	f.Fuzz(func(t *testing.T, in []byte) {
		good, bad := 0, 0
		err := ReadJSONLines(bytes.NewReader(in), "fuzz", func(a schema.Article) error {
			good++
			if !utf8.ValidString(a.Text) || strings.TrimSpace(a.Text) == "" || strings.ContainsRune(a.Text, 0) {
				t.Fatalf("invalid article handed on: %q", a.Text)
			}
			if _, err := json.Marshal(a); err != nil {
				t.Fatalf("article does not encode: %v", err)
			}
			return nil
		}, func(e *LineError) {
			bad++
			if !errors.Is(e, ErrInvalid) || e.Line < 1 {
				t.Fatalf("bad line report %v", e)
			}
		})
		if err != nil {
			t.Fatalf("in-memory read failed: %v", err)
		}
		lines := 0
		for _, l := range bytes.Split(in, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				lines++
			}
		}
		if good+bad != lines {
			t.Fatalf("%d good + %d bad != %d non-blank lines", good, bad, lines)
		}
	})
}

// FuzzReadText: any bytes as a text article either give a valid article or
// an ErrInvalid error.
func FuzzReadText(f *testing.F) {
	f.Add([]byte("Title\n\nBody of the article."))
	f.Add([]byte("\xff"))
	f.Add([]byte("   \n\n  "))
	f.Fuzz(func(t *testing.T, in []byte) {
		a, err := ReadText(bytes.NewReader(in), "fuzz.txt")
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if !utf8.ValidString(a.Text) || strings.TrimSpace(a.Text) == "" {
			t.Fatalf("invalid article accepted: %+v", a)
		}
	})
}
