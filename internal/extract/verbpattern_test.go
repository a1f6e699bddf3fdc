package extract

import (
	"io/fs"
	"testing"

	"github.com/dipgraph/dipgraph/schema"
)

func TestVerbPatternsCompile(t *testing.T) {
	vp, err := defaultVerbPatterns()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(vp.byForm); n < 3000 {
		t.Errorf("patterns for %d verb forms, want the dictionary's (> 3000)", n)
	}
	// patterns written for "take" in the block of "capture" stay with "take"
	for _, p := range vp.byForm["captured"] {
		if p.verb == "TAKE" {
			t.Errorf("pattern of line %d (written for TAKE) applies to \"captured\"", p.line)
		}
	}
}

func TestIsPluralOf(t *testing.T) {
	for _, c := range []struct {
		n, w string
		ok   bool
	}{
		{"weapons", "weapon", true}, {"boxes", "box", true}, {"parties", "party", true},
		{"party", "party", false}, {"partys", "party", true}, {"weapon", "weapons", false}, {"armies", "arm", false},
	} {
		if got := isPluralOf(c.n, c.w); got != c.ok {
			t.Errorf("isPluralOf(%q, %q) = %v, want %v", c.n, c.w, got, c.ok)
		}
	}
}

// TestVerbPatternMatch checks which dictionary pattern the engine picks
// for a verb, by the words around it, in sentences of our own.
func TestVerbPatternMatch(t *testing.T) {
	x := newTestExtractor(t)
	cases := []struct {
		text, verb, cameo string // cameo "" when no pattern may match
	}{
		{"Police seized weapons and explosives in the raid.", "seized", "1711"},
		{"The rebels seized control of the town.", "seized", "192"},
		{"Iran took part in the conference on Monday.", "took", "046"},
		{"Kenya seized part of the rebel stronghold.", "seized", "192"},
		{"Kenya captured the rebel headquarters.", "captured", "192"},
		{"Peru took a long time.", "took", ""},
	}
	for _, c := range cases {
		doc := x.analyse(schema.Article{Text: c.text})
		st := doc.sents[0]
		v := -1
		for i, tk := range st.tokens {
			if tk.norm == c.verb {
				v = i
			}
		}
		m, ok := x.matchVerbPatterns(st, v, v+1, 0)
		got := ""
		if ok && m.p.entry != nil {
			got = m.p.entry.cameo
		}
		if ok && m.p.entry == nil {
			got = "---"
		}
		if got != c.cameo {
			t.Errorf("%q: pattern code %q, want %q", c.text, got, c.cameo)
		}
	}
}

// TestDictionaryConstructions: what the dictionary adds to the lexicon's
// events, in sentences of our own.
func TestDictionaryConstructions(t *testing.T) {
	checkConstructions(t, newTestExtractor(t), []construction{
		// "gave" is no trigger of the lexicon; a four-word pattern is specific
		{"a specific pattern makes a trigger", "Washington gave air and naval support to Kenya.",
			[]want{{"AID", "USA", "KEN"}}, nil},
		{"a bare dictionary verb is no event", "Washington gave a speech in Kenya.",
			nil, []string{"AID", "AGREE"}},
		// the pattern's slots: refugees from + arrived in $
		{"source and target slots", "Syrian refugees from Turkey arrived in Greece on Monday.",
			[]want{{"AID", "GRC", "TUR"}}, nil},
	})
}

// BenchmarkCompileVerbPatterns is what New pays, once per process, for
// the verb dictionary.
func BenchmarkCompileVerbPatterns(b *testing.B) {
	sub, err := fs.Sub(petrarchFiles, "data/petrarch")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		d, err := parseDictionaries(sub, false)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := compileVerbPatterns(d); err != nil {
			b.Fatal(err)
		}
	}
}
