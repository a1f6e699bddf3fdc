package extract

import (
	"sync"

	"github.com/jdkato/prose/v3/tag"
)

// Parts of speech come from prose's averaged-perceptron tagger (Penn
// Treebank tags), run over the project's own tokens so that offsets stay
// ours. It costs about a microsecond a token, a fraction of what the rest
// of the extractor spends on a sentence, and 1–2 ms to load once.

var posTagger = sync.OnceValues(func() (*tag.Tagger, error) { return tag.New() })

// tagBuf is the per-sentence scratch of the tagger's token slice.
var tagBuf = sync.Pool{New: func() any { s := make([]tag.Token, 0, 64); return &s }}

// tagSentence sets the pos of every token of toks. Our tokenizer keeps
// curly quotes and apostrophes; the tagger was trained on the Penn
// Treebank's ASCII forms, so those are translated first.
func tagSentence(tg *tag.Tagger, toks []token) {
	if tg == nil || len(toks) == 0 {
		return
	}
	bp := tagBuf.Get().(*[]tag.Token)
	buf := (*bp)[:0]
	for i := range toks {
		buf = append(buf, tag.Token{Text: treebankForm(toks[i].text)})
	}
	tg.TagTokens(buf)
	for i := range toks {
		toks[i].pos = buf[i].Tag
	}
	*bp = buf[:0]
	tagBuf.Put(bp)
}

func treebankForm(s string) string {
	switch s {
	case "“", "«":
		return "``"
	case "”", "»":
		return "''"
	case "’s", "’S":
		return "'s"
	case "’":
		return "'"
	case "‘":
		return "`"
	case "—", "–":
		return "--"
	}
	return s
}

// Tag classes, by the first letters of a Penn Treebank tag.
func (t token) isVerbTag() bool   { return len(t.pos) >= 2 && t.pos[:2] == "VB" || t.pos == "MD" }
func (t token) isNounTag() bool   { return len(t.pos) >= 2 && t.pos[:2] == "NN" }
func (t token) isProperTag() bool { return t.pos == "NNP" || t.pos == "NNPS" }

// isFiniteTag: a verb that can head a clause (past, present, modal).
func (t token) isFiniteTag() bool {
	return t.pos == "VBD" || t.pos == "VBZ" || t.pos == "VBP" || t.pos == "MD"
}

// isPluralTag: a plural noun.
func (t token) isPluralTag() bool { return t.pos == "NNS" || t.pos == "NNPS" }
