package limits

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/internal/extract"
	"github.com/dipgraph/dipgraph/schema"
)

func TestCheckText(t *testing.T) {
	ok := strings.Repeat("Mexico rejected Russia. ", 500)
	for _, c := range []struct {
		name string
		l    Article
		text string
		want string // "" for no error
	}{
		{"at the limit", Default, ok, ""},
		{"one sentence over", Default, ok + "Russia protested.", "article has 501 sentences; the limit is 500 (--max-sentences)"},
		{"huge", Default, strings.Repeat("Mexico rejected Russia. ", 100000),
			"article has 2400000 bytes of text; the limit is 500000 (1000 bytes for each of 500 sentences, --max-sentences)"},
		{"long sentence", Default, strings.Repeat("Mexico rejected Russia, ", 200) + ".",
			"article has 4801 bytes in its longest sentence; the limit is 4000 (--max-sentence-bytes)"},
		{"lower limit", Article{MaxSentences: 2}, "Mexico met Peru. Chile met Cuba. Spain met Peru.", "article has 3 sentences; the limit is 2 (--max-sentences)"},
		{"no limit", Article{MaxSentences: -1, MaxSentenceBytes: -1}, strings.Repeat("Mexico rejected Russia. ", 30000), ""},
	} {
		err := c.l.CheckText(c.text)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || err.Error() != c.want):
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		case c.want != "":
			if e, ok := As(fmt.Errorf("wrapped: %w", err)); !ok || e.Max == 0 || e.Actual <= e.Max {
				t.Errorf("%s: As = %+v, %v", c.name, e, ok)
			}
		}
	}
}

// The check must cost little next to the extraction it saves.
func TestCheckTextIsCheap(t *testing.T) {
	huge := strings.Repeat("Mexico rejected Russia. ", 100000)
	start := time.Now()
	if Default.CheckText(huge) == nil {
		t.Fatal("no error")
	}
	if d := time.Since(start); d > 10*time.Millisecond {
		t.Errorf("refusing a 2.4 MB text took %v", d)
	}
}

func TestCheckResult(t *testing.T) {
	x := extract.New()
	a := schema.Article{Text: strings.Repeat("Mexico rejected Russia. ", 40), Date: "2025-03-01"}
	r := x.Extract(a)
	if len(r.Events) != 40 {
		t.Fatalf("%d events", len(r.Events))
	}
	if err := Default.CheckResult(a, r); err != nil {
		t.Fatal(err)
	}
	err := Article{MaxEvents: 39}.CheckResult(a, r)
	if err == nil || err.Error() != "article has 40 events; the limit is 39 (--max-events)" {
		t.Errorf("events: %v", err)
	}
	err = Article{MaxQuads: 100}.CheckResult(a, r)
	if e, ok := As(err); !ok || e.Limit != FlagQuads || e.Actual <= 100 || !strings.HasSuffix(err.Error(), "; the limit is 100 (--max-quads)") {
		t.Errorf("quads: %v", err)
	}
	if err := (Article{MaxEvents: -1, MaxQuads: -1}).CheckResult(a, r); err != nil {
		t.Errorf("no limits: %v", err)
	}
}
