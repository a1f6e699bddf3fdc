package corpus

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/schema"
)

func TestSameSeedSameArticles(t *testing.T) {
	var a, b bytes.Buffer
	if _, err := New(7).WriteJSONLines(&a, 50); err != nil {
		t.Fatal(err)
	}
	if _, err := New(7).WriteJSONLines(&b, 50); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Fatal("the same seed gave different archives")
	}
	var c bytes.Buffer
	New(8).WriteJSONLines(&c, 50)
	if a.String() == c.String() {
		t.Fatal("different seeds gave the same archive")
	}
}

func TestArticlesAreValidAndDistinct(t *testing.T) {
	g := New(1)
	seen := map[string]bool{}
	for i := 0; i < 500; i++ {
		a := g.Next()
		if _, err := time.Parse(time.DateOnly, a.Date); err != nil {
			t.Fatalf("article %d: date %q: %v", i, a.Date, err)
		}
		if n := strings.Count(a.Text, "."); n < 4 {
			t.Fatalf("article %d has %d sentences: %q", i, n, a.Text)
		}
		id := schema.ArticleID(a.Text)
		if seen[id] {
			t.Fatalf("article %d repeats an earlier text", i)
		}
		seen[id] = true
		if _, err := json.Marshal(a); err != nil {
			t.Fatal(err)
		}
	}
}
