package rawquery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/query"
	_ "github.com/cayleygraph/cayley/query/gizmo" // Cayley's own Gizmo, to compare with
	"github.com/cayleygraph/quad"
)

func TestMain(m *testing.M) {
	ServeIfWorker()
	os.Exit(m.Run())
}

// testStore is a small graph: 300 people, each knowing the next three,
// half of them in one group, with labels.
func testStore(t *testing.T) *memstore.QuadStore {
	t.Helper()
	qs := memstore.New()
	var qq []quad.Quad
	for i := 0; i < 300; i++ {
		p := quad.IRI(fmt.Sprintf("person:%d", i))
		for j := 1; j <= 3; j++ {
			qq = append(qq, quad.Make(p, quad.IRI("knows"), quad.IRI(fmt.Sprintf("person:%d", (i+j)%300)), quad.IRI("article:a")))
		}
		qq = append(qq, quad.Make(p, quad.IRI("name"), quad.String(fmt.Sprintf("Person %d", i)), nil))
		if i%2 == 0 {
			qq = append(qq, quad.Make(p, quad.IRI("in"), quad.IRI("group:even"), quad.IRI("article:b")))
		}
	}
	for _, q := range qq {
		qs.AddQuad(q)
	}
	return qs
}

// counting lends qs and counts the worker's requests.
func counting(qs cgraph.QuadStore, n *int) Lender {
	return func(f func(cgraph.QuadStore) error) error {
		*n++
		return f(qs)
	}
}

func canon(t *testing.T, vals []any) []string {
	t.Helper()
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	sort.Strings(out)
	return out
}

// The worker's answers equal those of Cayley's own engine on the same
// store, for traversals in every direction, filters, tags and labels.
func TestWorkerAgreesWithCayley(t *testing.T) {
	qs := testStore(t)
	ctx := context.Background()
	for _, q := range []struct{ lang, src string }{
		{"gizmo", `g.V("<person:7>").Out("<knows>").All()`},
		{"gizmo", `g.V("<person:7>").In("<knows>").Out("<name>").All()`},
		{"gizmo", `g.V("<group:even>").In("<in>").Has("<knows>", "<person:11>").All()`},
		{"gizmo", `g.V("<person:1>").Tag("a").Out("<knows>").Tag("b").Out("<knows>").All()`},
		{"gizmo", `g.V("<person:2>").Both().Count()`},
		{"gizmo", `g.V("<person:2>").LabelContext("<article:b>").Out().All()`},
		{"gizmo", `g.V().Has("<name>", "Person 42").All()`},
		{"gizmo", `g.V("<person:5>").Out("<knows>").Intersect(g.V("<group:even>").In("<in>")).All()`},
		{"gizmo", `g.V("<nobody>").Out().All()`},
		{"graphql", `{ n(id: <person:3>) { id knows { id } } }`},
	} {
		it, err := query.Execute(ctx, qs, q.lang, q.src, query.Options{Collation: query.JSON, Limit: 1000})
		if err != nil {
			t.Fatalf("cayley %s: %v", q.src, err)
		}
		var want []any
		for it.Next(ctx) {
			if v := it.Result(); v != nil {
				want = append(want, v)
			}
		}
		it.Close()
		var n int
		raw, err := Run(ctx, counting(qs, &n), q.src, Options{Language: q.lang, Limit: 1000, MaxBytes: 1 << 20, Memory: 64 << 20})
		if err != nil {
			t.Fatalf("worker %s: %v", q.src, err)
		}
		got := make([]any, len(raw))
		for i, r := range raw {
			if err := json.Unmarshal(r, &got[i]); err != nil {
				t.Fatal(err)
			}
		}
		w, g := canon(t, toJSON(t, want)), canon(t, got)
		if fmt.Sprint(w) != fmt.Sprint(g) {
			t.Errorf("%s:\n worker %v\n cayley %v", q.src, g, w)
		}
		t.Logf("%-75s %3d results, %3d store requests", q.src, len(g), n)
	}
}

// toJSON turns results into what their JSON decodes to.
func toJSON(t *testing.T, vals []any) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// A bounded scan of every node reads a chunk, not the store.
func TestScanIsLazy(t *testing.T) {
	qs := testStore(t)
	var n int
	res, err := Run(context.Background(), counting(qs, &n), `g.V().Limit(3).All()`, Options{Language: "gizmo", Limit: 100, MaxBytes: 1 << 20})
	if err != nil || len(res) != 3 {
		t.Fatalf("g.V().Limit(3) = %s, %v", res, err)
	}
	if n > 5 {
		t.Errorf("%d store requests for three nodes", n)
	}
}

// The deadline kills the worker; limits are named.
func TestLimits(t *testing.T) {
	qs := testStore(t)
	var n int
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Run(ctx, counting(qs, &n), `while (true) {}`, Options{Language: "gizmo", Limit: 10, MaxBytes: 1 << 20})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("endless loop: %v after %v", err, time.Since(start))
	}
	for _, c := range []struct {
		src  string
		want error
	}{
		{`var s='x'; for (var i=0;i<30;i++) { s=s+s }`, ErrMemory},
		{`for (var i=0;i<100;i++) { g.Emit('0123456789') }`, ErrTooLarge},
		{`g.V(.All(`, ErrBadQuery},
		{`var a={}; a.a=a; g.Emit(a)`, ErrBadQuery},
	} {
		_, err := Run(context.Background(), counting(qs, &n), c.src, Options{Language: "gizmo", Limit: 1000, MaxBytes: 500, Memory: 32 << 20})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.src, err, c.want)
		}
	}
}
