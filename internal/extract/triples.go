package extract

import (
	"github.com/dipgraph/dipgraph/schema"
)

// triples derives the analyst triples of a document:
//   - person –leads→ country, from a head-of-state or head-of-government
//     title in the text ("Mexican President Claudia Sheinbaum"). A title
//     marked "former", "ousted", "late" ... gives the role but no leads
//     edge: the text says the person no longer leads.
//   - actor –<past-tense predicate>→ concept, for the object noun of an
//     event verb ("Trump threatened tariffs"), and for nominals with their
//     own agent inside another event ("an offer from Trump to deploy
//     troops").
//   - country –tension→ country, from tension words in a sentence naming
//     two countries, and from conflictual events between actors of two
//     countries.
//   - source –<PLOVER type>→ target, one per event and actor pair.
func (x *Extractor) triples(doc *document) []schema.Triple {
	out := []schema.Triple{}
	seen := map[string]bool{}
	add := func(t schema.Triple) {
		if t.Subject == "" || t.Object == "" || t.Subject == t.Object {
			return
		}
		k := t.Subject + "\x00" + t.Predicate + "\x00" + t.Object + "\x00" + t.Event
		if t.Event == "" {
			k += "\x00" + t.Evidence.Sentence
		}
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, t)
	}
	for _, p := range doc.persons {
		if p.head && !p.former && !p.guessed && p.country != "" && p.headSent != nil {
			add(schema.Triple{Subject: p.id, Predicate: schema.PredLeads, Object: schema.CountryID(p.country), Evidence: doc.evidence(p.headSent, "")})
		}
	}
	for _, e := range doc.events {
		if e.negated {
			continue
		}
		ev := doc.evidence(e.st, e.date)
		for _, s := range e.sources {
			for _, t := range e.targets {
				add(schema.Triple{Subject: s.entity, Predicate: e.typ, Object: t.entity, Event: e.id, Evidence: ev})
			}
			if e.concept != "" && e.predicate != "" {
				add(schema.Triple{Subject: s.entity, Predicate: e.predicate, Object: schema.ConceptID(e.concept), Event: e.id, Evidence: ev})
				doc.ents.addConcept(e.concept)
			}
		}
		if et, ok := schema.LookupEventType(e.typ); ok && et.Conflictual {
			for _, s := range e.sources {
				for _, t := range e.targets {
					if isCountryCode(s.code) && isCountryCode(t.code) && s.code != t.code {
						add(schema.Triple{Subject: schema.CountryID(s.code), Predicate: schema.PredTension, Object: schema.CountryID(t.code), Event: e.id, Evidence: ev})
					}
				}
			}
		}
	}
	for _, st := range doc.sents {
		for _, at := range st.actions {
			add(schema.Triple{Subject: at.subject.entity, Predicate: at.predicate, Object: schema.ConceptID(at.concept), Evidence: doc.evidence(st, "")})
			doc.ents.addConcept(at.concept)
		}
		if !hasTensionWord(st) {
			continue
		}
		var codes []string
		for _, a := range st.actors {
			if isCountryCode(a.code) && !contains(codes, a.code) {
				codes = append(codes, a.code)
			}
		}
		if len(codes) >= 2 {
			add(schema.Triple{Subject: schema.CountryID(codes[0]), Predicate: schema.PredTension, Object: schema.CountryID(codes[1]), Evidence: doc.evidence(st, "")})
		}
	}
	return out
}

func hasTensionWord(st *sentState) bool {
	for _, t := range st.tokens {
		if tensionWords[t.norm] {
			return true
		}
	}
	return false
}

// isCountryCode reports an ISO3 code rather than IGO/NGO/IMG or nothing.
func isCountryCode(c string) bool {
	return len(c) == 3 && c != schema.CodeIGO && c != schema.CodeNGO && c != schema.CodeIMG
}
