package schema

// Article is one input article. ID is the caller's own identifier (kept as
// sourceId); the graph identifies the article by ArticleID(Text).
type Article struct {
	ID    string `json:"id,omitempty"`
	Title string `json:"title,omitempty"`
	Date  string `json:"date,omitempty"` // YYYY-MM-DD, may be empty
	Text  string `json:"text"`
}

// Entity is a country, person, organisation or concept met in an article.
type Entity struct {
	ID      string   `json:"id"`
	Type    Kind     `json:"type"`
	Name    string   `json:"name"`
	Country string   `json:"country,omitempty"` // ISO3, or IGO/NGO/IMG
	Role    string   `json:"role,omitempty"`    // office of a person
	OrgKind string   `json:"orgKind,omitempty"` // media, military, igo, …
	Sector  string   `json:"sector,omitempty"`  // government, military, police, …
	Aliases []string `json:"aliases,omitempty"` // other surface forms seen
}

// Evidence locates a statement in its article. Offsets are byte offsets in
// the article text: Text[Start:End] is the sentence.
type Evidence struct {
	Article       string `json:"article"` // article ID
	Sentence      string `json:"sentence"`
	SentenceIndex int    `json:"sentenceIndex"`
	Start         int    `json:"start"`
	End           int    `json:"end"`
	Date          string `json:"date,omitempty"`
}

// Actor is one source or target of an event: the entity and the words that
// named it in the sentence.
type Actor struct {
	Entity    string `json:"entity"`
	ActorText string `json:"actorText"`
	Code      string `json:"code,omitempty"` // ISO3 of the actor's country, or IGO/NGO/IMG
	Start     int    `json:"start"`          // byte offsets of ActorText in the article
	End       int    `json:"end"`
	// Inferred marks an actor the event's sentence does not name, supplied
	// from the article's context; ActorText and the offsets are then its
	// own mention elsewhere in the article.
	Inferred bool `json:"inferred,omitempty"`
}

// Event is one coded PLOVER event with its evidence.
type Event struct {
	ID           string   `json:"id"`
	Event        string   `json:"event"` // PLOVER type
	CAMEO        string   `json:"cameo"`
	Score        float64  `json:"score"`
	Source       []Actor  `json:"source"`
	Target       []Actor  `json:"target"`
	Trigger      string   `json:"trigger"`
	TriggerStart int      `json:"triggerStart"`
	TriggerEnd   int      `json:"triggerEnd"`
	Negated      bool     `json:"negated,omitempty"`
	Confidence   float64  `json:"confidence"`
	Date         string   `json:"date,omitempty"`
	Evidence     Evidence `json:"evidence"`
}

// Triple is an analyst edge between two nodes, with the sentence it came
// from. Event is set when the triple restates an event.
type Triple struct {
	Subject   string   `json:"subject"`
	Predicate string   `json:"predicate"`
	Object    string   `json:"object"`
	Event     string   `json:"event,omitempty"`
	Evidence  Evidence `json:"evidence"`
}

// Result is what the extractor makes of one article.
type Result struct {
	ID       string   `json:"id"`      // the caller's article ID (or the article ID when none)
	Article  string   `json:"article"` // ArticleID(text)
	Title    string   `json:"title,omitempty"`
	Date     string   `json:"date,omitempty"`
	Entities []Entity `json:"entities"`
	Events   []Event  `json:"events"`
	Triples  []Triple `json:"triples"`
}

// Vocabulary is the schema as served at GET /v1/schema.
type Vocabulary struct {
	Kinds      []Kind               `json:"kinds"`
	IDs        map[Kind]string      `json:"ids"`
	Predicates map[Predicate]string `json:"predicates"`
	EventTypes []EventType          `json:"eventTypes"`
	ActorCodes map[string]string    `json:"actorCodes"`
}

// Describe returns the whole vocabulary.
func Describe() Vocabulary {
	return Vocabulary{
		Kinds:      Kinds,
		IDs:        IDPatterns,
		Predicates: StructuralPredicates,
		EventTypes: EventTypes,
		ActorCodes: map[string]string{
			"ISO3":  "ISO 3166-1 alpha-3 code of the actor's country",
			CodeIGO: "international governmental organisation",
			CodeNGO: "non-governmental organisation",
			CodeIMG: "international militant group",
		},
	}
}
