// Package limits bounds what one article may cost: its sentences, checked
// before extraction, and the events and quads extracted from it. The same
// limits serve the HTTP API and the command line.
package limits

import (
	"errors"
	"fmt"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/extract"
	"github.com/dipgraph/dipgraph/schema"
)

// Article holds the limits of one article. A zero field takes its default;
// a negative one is no limit.
type Article struct {
	MaxSentences     int // sentences, as the extractor splits them
	MaxSentenceBytes int // bytes of the longest sentence
	MaxEvents        int // events extracted
	MaxQuads         int // quads the store would write
}

// Defaults, from real news: a long article has a few hundred sentences of
// about 150 bytes and makes about 35 quads a sentence. The sentence
// length bound is there because extraction time grows with the square of
// a sentence's length (a 100 KB sentence takes seconds); the longest
// sentence of the real-news development set is 319 bytes.
const (
	DefaultMaxSentences     = 500
	DefaultMaxSentenceBytes = 4000
	DefaultMaxEvents        = 1000
	DefaultMaxQuads         = 40000
)

// BytesPerSentence bounds the text of an article before it is split:
// MaxSentences × BytesPerSentence bytes at most. Six times the length of
// an average news sentence, it refuses a huge text at no cost, and bounds
// the cost of splitting the texts that pass.
const BytesPerSentence = 1000

// Flag names, which error messages cite so an operator knows what to raise.
const (
	FlagSentences     = "max-sentences"
	FlagSentenceBytes = "max-sentence-bytes"
	FlagEvents        = "max-events"
	FlagQuads         = "max-quads"
)

// Default is the limits with every default.
var Default = Article{
	MaxSentences:     DefaultMaxSentences,
	MaxSentenceBytes: DefaultMaxSentenceBytes,
	MaxEvents:        DefaultMaxEvents,
	MaxQuads:         DefaultMaxQuads,
}

// WithDefaults returns l with its zero fields set to the defaults.
func (l Article) WithDefaults() Article {
	set := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	set(&l.MaxSentences, DefaultMaxSentences)
	set(&l.MaxSentenceBytes, DefaultMaxSentenceBytes)
	set(&l.MaxEvents, DefaultMaxEvents)
	set(&l.MaxQuads, DefaultMaxQuads)
	return l
}

// Error is an article over one of the limits.
type Error struct {
	Limit  string // the flag that sets it: FlagSentences, …
	What   string // "sentences", "bytes of text", …
	Actual int    // the article's figure
	Max    int    // the limit
	note   string // how the limit derives from the flag, if it does
}

func (e *Error) Error() string {
	s := fmt.Sprintf("article has %d %s; the limit is %d", e.Actual, e.What, e.Max)
	if e.note != "" {
		return s + " (" + e.note + ", --" + e.Limit + ")"
	}
	return s + " (--" + e.Limit + ")"
}

// As returns the limit error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// CheckText refuses, before extraction, a text over the sentence limits.
// A text longer than MaxSentences × BytesPerSentence is refused on its
// length alone; a shorter one is split as the extractor splits it.
func (l Article) CheckText(text string) error {
	l = l.WithDefaults()
	if l.MaxSentences > 0 {
		if maxBytes := l.MaxSentences * BytesPerSentence; len(text) > maxBytes {
			return &Error{Limit: FlagSentences, What: "bytes of text", Actual: len(text), Max: maxBytes,
				note: fmt.Sprintf("%d bytes for each of %d sentences", BytesPerSentence, l.MaxSentences)}
		}
	}
	if l.MaxSentences < 0 && l.MaxSentenceBytes < 0 {
		return nil
	}
	st := extract.CountSentences(text)
	if l.MaxSentences > 0 && st.Sentences > l.MaxSentences {
		return &Error{Limit: FlagSentences, What: "sentences", Actual: st.Sentences, Max: l.MaxSentences}
	}
	if l.MaxSentenceBytes > 0 && st.LongestBytes > l.MaxSentenceBytes {
		return &Error{Limit: FlagSentenceBytes, What: "bytes in its longest sentence", Actual: st.LongestBytes, Max: l.MaxSentenceBytes}
	}
	return nil
}

// CheckResult refuses an extraction over the event or quad limits. Quads
// are built, to be counted exactly, only when a cheap bound exceeds the
// limit; a result the store would refuse for another reason passes here
// and is refused by the store.
func (l Article) CheckResult(a schema.Article, r schema.Result) error {
	l = l.WithDefaults()
	if l.MaxEvents > 0 && len(r.Events) > l.MaxEvents {
		return &Error{Limit: FlagEvents, What: "events", Actual: len(r.Events), Max: l.MaxEvents}
	}
	if l.MaxQuads > 0 && graph.QuadBound(r) > l.MaxQuads {
		n, err := graph.CountQuads(a, r)
		if err == nil && n > l.MaxQuads {
			return &Error{Limit: FlagQuads, What: "quads", Actual: n, Max: l.MaxQuads}
		}
	}
	return nil
}
