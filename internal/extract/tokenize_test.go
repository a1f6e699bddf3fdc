package extract

import (
	"strings"
	"testing"
)

func sentenceTexts(text string) []string {
	var out []string
	for _, s := range splitSentences(tokenize(text)) {
		out = append(out, text[s.start:s.end])
	}
	return out
}

func TestSplitSentences(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Mr. Smith met Gen. Jones in Jan. 2020. They talked.", []string{"Mr. Smith met Gen. Jones in Jan. 2020.", "They talked."}},
		{"He flew to the U.S. on Monday. Then he left.", []string{"He flew to the U.S. on Monday.", "Then he left."}},
		{"Aid came from the U.S. The talks went on.", []string{"Aid came from the U.S.", "The talks went on."}},
		{"F.W. de Klerk and John F. Kennedy spoke.", []string{"F.W. de Klerk and John F. Kennedy spoke."}},
		{"“We refuse,” he said. “No.”", []string{"“We refuse,” he said.", "“No.”"}},
		{"She said \"no.\" He left.", []string{"She said \"no.\"", "He left."}},
		{"First line\nSecond line", []string{"First line", "Second line"}},
		{"Is it over? Yes! Done.", []string{"Is it over?", "Yes!", "Done."}},
	}
	for _, c := range cases {
		got := sentenceTexts(c.text)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", c.text, got, c.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	cases := []struct{ text, want string }{
		{"U.S.-Mexico relations", "U.S.|-|Mexico|relations"},
		{"Mexico’s rejection", "Mexico|’s|rejection"},
		{"Israel's army didn't move", "Israel|'s|army|didn't|move"},
		{"over 450,000 lives in 2.5 years", "over|450,000|lives|in|2.5|years"},
		{"“No,” she said.", "“|No|,|”|she|said|."},
		{"``Enough'' group", "``|Enough|''|group"},
		{"O'Brien and Côte d'Ivoire", "O'Brien|and|Côte|d'Ivoire"},
	}
	for _, c := range cases {
		var got []string
		for _, tk := range tokenize(c.text) {
			got = append(got, tk.text)
			if c.text[tk.start:tk.end] != tk.text {
				t.Errorf("offsets of %q wrong", tk.text)
			}
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("%q: got %s want %s", c.text, strings.Join(got, "|"), c.want)
		}
	}
	if n := normalize("Erdoğan"); n != "erdogan" {
		t.Errorf("normalize Erdoğan = %q", n)
	}
	if n := normalize("U.S."); n != "us" {
		t.Errorf("normalize U.S. = %q", n)
	}
}

func TestCaseSensitiveAliases(t *testing.T) {
	x := newTestExtractor(t)
	res := x.Extract(schemaArticle("Let us meet, the US envoy told them."))
	n := 0
	for _, e := range res.Entities {
		if e.ID == "country:USA" {
			n++
			for _, a := range e.Aliases {
				if a == "us" {
					t.Error("lower-case \"us\" matched the United States")
				}
			}
		}
	}
	if n != 1 {
		t.Errorf("want the US once, got entities %v", res.Entities)
	}
}

func TestInflections(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	forms := func(base string) string {
		var out []string
		for _, f := range lx.verbForms(base) {
			out = append(out, f.form)
		}
		return strings.Join(out, " ")
	}
	for base, want := range map[string][]string{
		"offer":     {"offers", "offered", "offering"},
		"ban":       {"bans", "banned", "banning"},
		"deny":      {"denies", "denied", "denying"},
		"meet":      {"meets", "met", "meeting"},
		"criticize": {"criticizes", "criticized", "criticizing"},
		"withdraw":  {"withdraws", "withdrew", "withdrawn", "withdrawing"},
	} {
		got := " " + forms(base) + " "
		for _, w := range want {
			if !strings.Contains(got, " "+w+" ") {
				t.Errorf("%s: missing %s in %q", base, w, got)
			}
		}
	}
}

func TestCountSentencesMatchesExtraction(t *testing.T) {
	text := "Mexico rejected Russia. The U.S. The talks went on.\nPresident Sheinbaum met Gen. Smith! “Why?” he asked"
	got := CountSentences(text)
	sents := splitSentences(tokenize(text))
	if got.Sentences != len(sents) || got.Sentences < 4 {
		t.Fatalf("CountSentences = %d sentences, the splitter gives %d", got.Sentences, len(sents))
	}
	longest := 0
	for _, s := range sents {
		longest = max(longest, len(s.tokens[len(s.tokens)-1].text)+s.tokens[len(s.tokens)-1].start-s.start)
	}
	if got.LongestBytes != longest {
		t.Errorf("LongestBytes = %d, want %d", got.LongestBytes, longest)
	}
	if st := CountSentences(""); st != (SentenceStats{}) {
		t.Errorf("empty text: %+v", st)
	}
}
