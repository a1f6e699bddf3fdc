package extract

import (
	"fmt"

	"github.com/dipgraph/dipgraph/schema"
	"github.com/jdkato/prose/v3/tag"
)

// Extractor turns articles into entities, events and triples. It holds
// only read-only tables built by New, so one Extractor serves any number
// of goroutines.
type Extractor struct {
	gaz      *Gazetteer
	lex      *lexicon
	names    *names
	tagger   *tag.Tagger
	patterns *verbPatterns
}

// New builds an extractor from the embedded gazetteer and lexicons; safe
// for concurrent use. The embedded data is checked by the package tests,
// so a failure here is a build defect and panics.
func New() *Extractor {
	x, err := NewWith(DefaultGazetteer())
	if err != nil {
		panic(err)
	}
	return x
}

// NewWith builds an extractor over the given gazetteer and the embedded
// lexicons.
func NewWith(g *Gazetteer) (*Extractor, error) {
	if g == nil {
		return nil, fmt.Errorf("extract: nil gazetteer")
	}
	lx, err := loadLexicon()
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	return newExtractor(g, lx)
}

func newExtractor(g *Gazetteer, lx *lexicon) (*Extractor, error) {
	tg, err := posTagger()
	if err != nil {
		return nil, fmt.Errorf("extract: part-of-speech model: %w", err)
	}
	vp, err := defaultVerbPatterns()
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	return &Extractor{gaz: g, lex: lx, names: buildNames(g, lx), tagger: tg, patterns: vp}, nil
}

// Extract turns one article into entities, events and triples with
// evidence. Pure: no I/O.
func (x *Extractor) Extract(a schema.Article) schema.Result {
	doc := x.analyse(a)
	res := schema.Result{
		ID:       a.ID,
		Article:  doc.articleID,
		Title:    a.Title,
		Date:     a.Date,
		Entities: []schema.Entity{},
		Events:   []schema.Event{},
		Triples:  []schema.Triple{},
	}
	if res.ID == "" {
		res.ID = doc.articleID
	}
	x.findEvents(doc)
	res.Events = doc.outputEvents()
	res.Triples = x.triples(doc)
	res.Entities = doc.entities()
	return res
}
