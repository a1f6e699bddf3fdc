// Package schema is dipgraph's vocabulary: entity kinds, the ID scheme,
// predicates, the PLOVER event types with their CAMEO roots and scores, and
// the types every other package exchanges (articles, entities, events,
// triples, evidence). It imports nothing of the project's.
package schema

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the kind of a node in the graph.
type Kind string

// The node kinds.
const (
	KindCountry      Kind = "Country"
	KindPerson       Kind = "Person"
	KindOrganization Kind = "Organization"
	KindConcept      Kind = "Concept"
	KindArticle      Kind = "Article"
	KindEvent        Kind = "Event"
)

// Kinds lists every node kind.
var Kinds = []Kind{KindCountry, KindPerson, KindOrganization, KindConcept, KindArticle, KindEvent}

// Actor codes used where an actor is not tied to one country.
const (
	CodeIGO = "IGO" // international governmental organisation (UN, NATO, EU, …)
	CodeNGO = "NGO" // non-governmental organisation
	CodeIMG = "IMG" // international militant group
)

// Predicate names an edge. Structural predicates are fixed here; action
// predicates between actors and concepts ("offered", "rejected") are past
// tense verbs chosen by the extractor's lexicon, and event predicates between
// actors are PLOVER type names ("REJECT").
type Predicate = string

// Entity facts.
const (
	PredName    Predicate = "name"
	PredKind    Predicate = "kind"
	PredCountry Predicate = "country" // object: a country ID, or a literal IGO/NGO/IMG
	PredRole    Predicate = "role"    // office held ("President", "Foreign Minister")
	PredAlias   Predicate = "alias"   // another surface form seen for the entity
	PredOrgKind Predicate = "orgKind" // media, military, igo, ngo, cartel, party, company, …
	PredSector  Predicate = "sector"  // government, military, police, rebels, …
)

// Analyst relations with a fixed meaning.
const (
	PredLeads   Predicate = "leads"   // person → country or organisation they head
	PredTension Predicate = "tension" // country ↔ country, from explicit tension or conflictual events
)

// Event node facts (an event is a node; its evidence and time hang off it).
const (
	PredType       Predicate = "type" // PLOVER type name
	PredCAMEO      Predicate = "cameo"
	PredScore      Predicate = "score"
	PredSource     Predicate = "source"
	PredTarget     Predicate = "target"
	PredTrigger    Predicate = "trigger"
	PredNegated    Predicate = "negated"
	PredConfidence Predicate = "confidence"
)

// Evidence and article facts.
const (
	PredDate     Predicate = "date" // YYYY-MM-DD
	PredSentence Predicate = "sentence"
	PredStart    Predicate = "start" // byte offset in the article text
	PredEnd      Predicate = "end"
	PredTitle    Predicate = "title"
	PredText     Predicate = "text"
	PredSourceID Predicate = "sourceId" // the article's ID in the caller's collection
)

// StructuralPredicates lists the fixed predicates with a short meaning each.
var StructuralPredicates = map[Predicate]string{
	PredName:       "display name of an entity",
	PredKind:       "node kind (Country, Person, Organization, Concept, Article, Event)",
	PredCountry:    "country of an actor (country ID) or its IGO/NGO/IMG code",
	PredRole:       "office a person holds",
	PredAlias:      "another surface form of an entity",
	PredOrgKind:    "kind of organisation (media, military, igo, ngo, cartel, …)",
	PredSector:     "sector of an actor (government, military, police, rebels, …)",
	PredLeads:      "a person heads a country or organisation",
	PredTension:    "two countries are in tension",
	PredType:       "PLOVER type of an event",
	PredCAMEO:      "CAMEO root code of an event",
	PredScore:      "PLOVER conflict–cooperation score of an event (-10..10)",
	PredSource:     "source actor of an event",
	PredTarget:     "target actor of an event",
	PredTrigger:    "words that triggered an event",
	PredNegated:    "the event is stated as not having happened",
	PredConfidence: "extractor confidence in an event (0..1)",
	PredDate:       "date of an article, event or statement (YYYY-MM-DD)",
	PredSentence:   "sentence that states an event or triple",
	PredStart:      "start byte offset of the evidence in the article text",
	PredEnd:        "end byte offset of the evidence in the article text",
	PredTitle:      "article title",
	PredText:       "article text",
	PredSourceID:   "article ID in the caller's collection",
}

// ValidPredicate reports whether p can name an edge: 1 to 128 bytes of
// valid UTF-8 with no white space, control or IRI-reserved characters.
func ValidPredicate(p string) bool {
	if p == "" || len(p) > 128 || !utf8.ValidString(p) {
		return false
	}
	for _, r := range p {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '<' || r == '>' || r == '"' {
			return false
		}
	}
	return true
}

// ActionPredicate makes a predicate of a verb phrase from a lexicon:
// "held talks with" → "held_talks_with".
func ActionPredicate(phrase string) string {
	return strings.Join(strings.Fields(strings.ToLower(phrase)), "_")
}
