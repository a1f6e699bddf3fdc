package extract

import (
	"sort"
	"strconv"
	"strings"

	"github.com/dipgraph/dipgraph/schema"
)

// event is one coded event before it is written out.
type event struct {
	typ        string
	sources    []*actor
	targets    []*actor
	trig       *trigger
	comp       *trigger // complement absorbed by a governing trigger
	st         *sentState
	negated    bool
	confidence float64
	date       string
	predicate  string
	concept    string
	// objectStart is where the object of the event's verb is looked for.
	objectStart int
	id          string
}

// actionTriple is an actor → concept relation from a nominal that is not
// an event of its own ("rebuffed an offer from Trump to deploy troops":
// Trump offered troops).
type actionTriple struct {
	subject   *actor
	predicate string
	concept   string
	st        *sentState
}

// chain is a run of triggers of one clause: the first that can carry an
// event governs it, the later ones are its complements or adjuncts.
type chain struct {
	main    *trigger
	members []*trigger
	inherit *event // coordinated with an earlier event: shares its source
	hypo    bool
}

var cooperative = map[string]bool{
	schema.Agree: true, schema.Consult: true, schema.Support: true, schema.Concede: true,
	schema.Cooperate: true, schema.Aid: true, schema.Retreat: true,
}

// verbal types keep their own type under a modal ("would reject" is a
// rejection, not a threat).
var verbal = map[string]bool{schema.Request: true, schema.Accuse: true, schema.Reject: true, schema.Threaten: true, schema.Agree: true}

var symmetric = map[string]bool{schema.Consult: true, schema.Cooperate: true, schema.Agree: true, schema.Support: true, schema.Assault: true}

var beAux = map[string]bool{"is": true, "are": true, "was": true, "were": true, "been": true, "being": true, "be": true, "am": true, "get": true, "got": true}

var tensionWords = map[string]bool{
	"tension": true, "tensions": true, "friction": true, "frictions": true, "dispute": true, "disputes": true,
	"rift": true, "standoff": true, "stand-off": true, "feud": true, "spat": true, "row": true, "strain": true,
	"strained": true, "hostility": true, "hostilities": true, "animosity": true, "rivalry": true, "confrontation": true,
}

// findEvents codes the events of every sentence of the document.
func (x *Extractor) findEvents(doc *document) {
	for _, st := range doc.sents {
		x.findTriggers(st)
		sort.SliceStable(st.triggers, func(a, b int) bool { return st.triggers[a].from < st.triggers[b].from })
		x.sentenceEvents(doc, st)
	}
}

// sentenceEvents groups the triggers of a sentence into chains and turns
// each chain's governing trigger into events.
func (x *Extractor) sentenceEvents(doc *document, st *sentState) {
	toks := st.tokens
	var chains []*chain
	var cur *chain
	var last *trigger
	quoted := x.speechQuotes(st)
	for _, tr := range st.triggers {
		if tr.from < st.leadAttribution || tr.from >= st.attribution {
			continue
		}
		if quoted != nil && quoted[tr.from] {
			continue
		}
		start := true
		coord := false
		if cur != nil && last != nil {
			start, coord = x.startsClause(st, last, tr)
		}
		if start {
			cur = &chain{}
			if coord && len(chains) > 0 {
				cur.inherit = &event{} // filled below from the previous chain
			}
			chains = append(chains, cur)
		}
		cur.members = append(cur.members, tr)
		st.chainHead = cur.members[0]
		last = tr
	}
	var prev *event
	for _, c := range chains {
		evs := x.chainEvents(doc, st, c, prev)
		if len(evs) > 0 {
			prev = evs[0]
		} else if c.inherit == nil {
			prev = nil
		}
		for _, e := range evs {
			x.addEvent(doc, e)
		}
	}
	_ = toks
}

// speechQuotes marks the tokens of direct speech: a quoted clause of five
// words or more, or one in the first person ("we won't have to help them",
// "tell all our officials to come home"). What a speaker says in his own
// words is his statement, coded by the verb that reports it, not an event
// the article reports. A quoted label ("aggression", "a stab in the
// back") is no speech and stays. Nil when the sentence has none.
func (x *Extractor) speechQuotes(st *sentState) []bool {
	toks := st.tokens
	var out []bool
	open := -1
	for i, t := range toks {
		q := t.text == "“" || t.text == "”" || t.text == "\"" || t.text == "``" || t.text == "''"
		if !q {
			continue
		}
		if open < 0 && t.text != "”" && t.text != "''" {
			open = i
			continue
		}
		if open >= 0 {
			first, clause := false, false
			for _, u := range toks[open+1 : i] {
				if firstPerson[u.norm] {
					first = true
				}
				if u.isFiniteTag() {
					clause = true
				}
			}
			if (first || clause) && i-open > 4 {
				if out == nil {
					out = make([]bool, len(toks))
				}
				for k := open + 1; k < i; k++ {
					out[k] = true
				}
			}
			open = -1
		}
	}
	return out
}

var firstPerson = map[string]bool{"i": true, "we": true, "our": true, "us": true, "my": true, "me": true, "ours": true}

// startsClause decides whether trigger tr opens a new clause after the
// trigger last (and whether it is coordinated with it, sharing its
// subject), or belongs to last's clause as a complement or adjunct.
func (x *Extractor) startsClause(st *sentState, last, tr *trigger) (start, coord bool) {
	toks := st.tokens
	between := toks[last.to:tr.from]
	for _, t := range between {
		if t.text == ";" {
			return true, false
		}
	}
	// a participle adjunct of another type is an act of its own by the
	// same subject: "invaded the island, seizing its airports" (one
	// of the same type stays part of the event: "opened fire, killing one")
	if t := toks[tr.from]; t.pos == "VBG" && !tr.nominal && tr.from > last.to && toks[tr.from-1].text == "," &&
		x.objectType(st, tr) != x.objectType(st, last) && st.chainHead != nil && x.objectType(st, tr) != x.objectType(st, st.chainHead) &&
		!last.entry.gov && !last.entry.intent && !last.entry.modal && !last.entry.needComp {
		tr.adjunct = true
		return true, true
	}
	// a nominal subject and its verb: "The Syrian proposal was rejected"
	if last.nominal && !tr.nominal && st.chainHead == last && tr.from > last.to {
		plain := true
		for _, t := range between {
			if !x.lex.is("aux", t.norm) && !strings.HasSuffix(t.norm, "ly") {
				plain = false
				break
			}
		}
		if plain {
			return true, false
		}
	}
	// skip auxiliaries and adverbs back from tr
	k := tr.from - 1
	for k >= last.to && (x.lex.is("aux", toks[k].norm) || strings.HasSuffix(toks[k].norm, "ly") && toks[k].kind == tokWord) {
		k--
	}
	if tr.light >= 0 {
		k = tr.light - 1
		for k >= last.to && (x.lex.is("aux", toks[k].norm) || strings.HasSuffix(toks[k].norm, "ly")) {
			k--
		}
	}
	if k >= last.to {
		switch toks[k].norm {
		case "and", "but", "or", "then":
			// "criticized Mexico ... and has threatened tariffs"; a verb
			// coordinated with an adjunct ("killing one and arresting 12")
			// stays an adjunct; a finite verb after the object or
			// complement opens its own clause ("condemned the invasion and
			// demanded that Iraq withdraw")
			if st.chainHead != last && !(toks[tr.from].isFiniteTag() && tr.light < 0 && !tr.nominal) {
				return false, false
			}
			return true, true
		}
		// a new subject: ", Sheinbaum's firm rejection", "while X rejected",
		// ", the Sudanese government and SPLM/A have agreed"
		for m := k; m >= last.to && m > k-6; m-- {
			if toks[m].text == "," || x.isTrigger(toks, m) {
				break
			}
			a := st.actorAtTok(m)
			if a == nil {
				continue
			}
			if a.from <= last.to || a.prep != "" {
				break
			}
			b := x.groupStart(st, a) - 1
			for b > last.to && (x.lex.is("det", toks[b].norm) || isQuoteOrBracket(toks[b].text)) {
				b-- // "demanded that “Iraq withdraw": the quote opens the complement
			}
			if b < last.to {
				break
			}
			switch toks[b].norm {
			case "that":
				// "demanded that the US cancel": the complement of a governor
				if !last.entry.gov && !last.entry.intent && !last.entry.modal {
					return true, false
				}
			case ",", "and", "but", "while", "whereas", "as", "after", "when", "because", "although", "though":
				return true, false
			}
			if x.lex.is("reporting", toks[b].norm) && !strings.HasSuffix(toks[b].norm, "ing") {
				return true, false
			}
			break
		}
		if tr.agent != nil && tr.agent.possessive && tr.agent.from > last.to {
			b := tr.agent.from - 1
			if b >= 0 && (toks[b].text == "," || toks[b].norm == "and" || toks[b].norm == "but") {
				return true, false
			}
		}
	}
	return false, false
}

// chainEvents codes the events of one chain: its governing trigger, typed
// by its complement, with sources, targets, negation and modality.
func (x *Extractor) chainEvents(doc *document, st *sentState, c *chain, prev *event) []*event {
	for k, tr := range c.members {
		if tr.nominal && tr.agent == nil && tr.light < 0 && (tr.entry.typ == schema.Protest || tr.entry.popular == schema.Protest) {
			// "protests against Japan swept China": a protest is its
			// place's people
			if p := x.protestPlace(st, tr); p != nil {
				people := *p
				people.sector, people.possessive, people.group = "civilians", false, -1
				x.giveCountry(&people, p.code)
				tr.agent = &people
			}
		}
		if tr.nominal && tr.agent == nil && tr.light < 0 {
			continue // a nominal with no agent carries no event
		}
		if x.nounModifier(st, tr) {
			continue // "combat aircraft", "attack helicopters": a kind of thing
		}
		var comp *trigger
		if tr.entry.needComp || tr.entry.intent || tr.entry.modal || tr.entry.gov {
			if k+1 < len(c.members) && x.complementOf(st, tr, c.members[k+1]) {
				comp = c.members[k+1]
			}
			if tr.entry.needComp && comp == nil {
				continue
			}
		}
		if evs := x.triggerEvents(doc, st, c, tr, comp, prev); len(evs) > 0 {
			// absorbed nominals with their own agent still state who
			// proposed what
			for _, o := range c.members[k+1:] {
				if o.nominal && o.agent != nil && o != comp {
					if con := x.objectConcept(st, o, o.to); con != "" {
						st.actions = append(st.actions, actionTriple{subject: o.agent, predicate: o.entry.predicate, concept: con, st: st})
					}
				}
			}
			return evs
		}
		if x.hypothetical(st, tr) {
			return nil // what governs a hypothetical is hypothetical too
		}
	}
	return nil
}

// nounModifier reports a noun trigger of force that only modifies the
// noun after it ("combat air space", "attack helicopters", "assault
// rifles"): it names a kind of thing, not an act.
func (x *Extractor) nounModifier(st *sentState, tr *trigger) bool {
	switch tr.entry.typ {
	case schema.Assault, schema.Coerce, schema.Mobilize:
	default:
		return false
	}
	toks := st.tokens
	if tr.to >= len(toks) || !toks[tr.to-1].isNounTag() || toks[tr.to-1].isPluralTag() {
		return false
	}
	next := toks[tr.to]
	return next.kind == tokWord && !next.capital && next.isNounTag() && !x.isTrigger(toks, tr.to) && st.actorAtTok(tr.to) == nil
}

// triggerEvents codes the events of the governing trigger main of a chain.
func (x *Extractor) triggerEvents(doc *document, st *sentState, c *chain, main, comp *trigger, prev *event) []*event {
	e := &event{trig: main, comp: comp, st: st, predicate: main.entry.predicate, confidence: 0.85}
	typ := x.objectType(st, main)
	if typ == "" {
		return nil
	}
	if x.hypothetical(st, main) || x.historical(doc, st, main) {
		return nil
	}
	// The dictionary's patterns read a verb with the words around it. A
	// specific pattern coded "---" says the verb is no event there ("call
	// a cabinet meeting"). A pattern's own code does not override the
	// lexicon's type: mapped to PLOVER through CAMEO, it disagrees with
	// PLOVER-coded news in the neighbouring classes (lift a curfew is
	// CONCEDE, not RETREAT; send arms is AID, not MOBILIZE), and on the
	// dev sets overriding cost 0.03 of type-F1. Its slots are used when it
	// places the source itself (then its code too: the reading is the
	// pattern's), and its target when the clause gives no other.
	var pm patternMatch
	if !main.nominal && !main.synthetic && !main.entry.intent && !main.entry.modal && !main.entry.gov {
		var ok bool
		if pm, ok = x.matchVerbPatterns(st, main.from, main.to, 0); ok && pm.p.entry == nil && pm.p.weight > 0 {
			return nil
		}
	}
	neg := x.negatedAt(st, main.from)
	if main.light >= 0 {
		neg = neg || x.negatedAt(st, main.light)
	}
	switch {
	case main.entry.intent:
		typ = schema.Agree
		if comp != nil && main.entry.phrase == "agree" && (comp.entry.phrase == "withdraw" || strings.HasPrefix(comp.entry.phrase, "pull ")) {
			typ = schema.Concede
		}
		// "agreed a set of sanctions against X": a measure decided is the
		// measure, not an agreement with its target
		if o := x.objectNominal(c, main); comp == nil && o != nil && o.entry.typ == schema.Sanction {
			typ, e.predicate = schema.Sanction, o.entry.predicate
		}
	case main.entry.modal:
		if comp == nil {
			return nil
		}
		ct := comp.entry.typ
		cneg := x.negatedAt(st, comp.from)
		switch {
		case cneg && cooperative[ct]:
			typ = schema.Reject
			e.predicate = "rejected"
		case cneg:
			return nil
		case verbal[ct]:
			typ = ct
			e.predicate = comp.entry.predicate
		case cooperative[ct]:
			typ = schema.Agree
			e.predicate = "promised"
		case ct == schema.Assault && main.entry.phrase == "prepared" && !x.passiveAt(st, main.from):
			// "the army prepared to resume shelling": a force posture
			typ = schema.Mobilize
			e.predicate = "prepared to attack"
		case ct == schema.Sanction && (st.tokens[main.from].norm == "will" || st.tokens[main.from].norm == "shall") && !x.conditionAfter(st, comp):
			// "will tighten export controls": a measure decided, stated
			// in the future; "would ban" stays a threat
			typ = ct
			e.predicate = comp.entry.predicate
		case x.announcedFor(st, main.from) && (main.entry.phrase == "will" || main.entry.phrase == "would" || main.entry.phrase == "shall"):
			// "announced it would prohibit aid": a decision, not a threat
			typ = ct
			e.predicate = comp.entry.predicate
		default:
			typ = schema.Threaten
			e.predicate = "threatened"
		}
	case materialConflict[typ] && !main.entry.modal && x.wouldBefore(st, main):
		// "said it would impose tariffs unless ...", "would strike
		// back": a conditional act is a threat of it (CAMEO 13), unless
		// announced as decided
		typ = schema.Threaten
		e.predicate = "threatened"
	}
	if main.entry.needTo && !x.followedByActorTo(st, main) {
		return nil
	}
	if main.entry.needObj {
		if a := x.firstActorAfter(st, main.to, main.to+4); a == nil {
			return nil
		}
	}
	if neg {
		if cooperative[typ] {
			typ, e.predicate = schema.Reject, "rejected"
		} else {
			e.negated = true
		}
	}
	e.typ = typ
	// sources
	passive := false
	switch {
	case c.inherit != nil && prev != nil:
		e.sources = prev.sources
	case main.agent != nil:
		e.sources = x.expandGroup(st, main.agent)
		e.confidence -= 0.05
	case pm.source != nil:
		// the pattern places the source itself ("refugees from X arrived
		// in $"), and the target with it
		passive = true
		if pm.p.entry != nil {
			e.typ = pm.p.entry.typ
		}
		e.sources = x.expandGroup(st, pm.source)
		if pm.target != nil && !containsActor(e.sources, pm.target) {
			e.targets = x.expandGroup(st, pm.target)
		}
	default:
		from := main.from
		if main.light >= 0 {
			from = main.light
		}
		if main.form.participle && x.passiveAt(st, from) {
			passive = true
			a := x.byAgent(st, main.to)
			if a == nil && authorityTypes[typ] {
				// "was arrested in Lebanon": the authorities of the place
				a = x.placeAfter(st, main.to)
			}
			if a != nil {
				e.sources = x.expandGroup(st, a)
				if subj := x.subjectBefore(st, from); subj != nil {
					e.targets = x.expandGroup(st, subj)
				} else if p := x.subjectPlace(st, from); p != nil {
					e.targets = []*actor{p}
				}
			} else if typ == schema.Assault {
				// "two U.S. helicopters were shot down": an unnamed attacker
				// of a named victim is, in a story of two parties, the other
				if subj := x.subjectBefore(st, from); subj != nil && isCountryCode(subj.code) {
					if o := x.contextTarget(doc, st, []*actor{subj}, typ); o != nil && o.start < 0 {
						e.sources = []*actor{o}
						e.targets = x.expandGroup(st, subj)
						e.confidence -= 0.3
					}
				}
			}
		} else if main.form.participle && main.light < 0 && x.reducedRelative(st, from) {
			// "a pact signed by X", "sailors, captured by Iranian forces":
			// a participle modifying the noun before it is an event only
			// with its by-agent; without one it describes, it does not report
			passive = true
			a := x.byAgent(st, main.to)
			if a == nil || a.from > main.to+4 {
				return nil
			}
			e.sources = x.expandGroup(st, a)
			if n := st.actorAtTok(x.modifiedNoun(st, from)); n != nil {
				e.targets = x.expandGroup(st, n)
			}
		} else if subj := x.subjectBefore(st, from); subj != nil {
			e.sources = x.expandGroup(st, subj)
		}
	}
	if len(e.sources) == 0 {
		return nil
	}
	if main.entry.popular != "" && popularSource(e.sources[0]) {
		e.typ = main.entry.popular
	}
	if s := e.sources[0].sector; main.entry.armed != "" && (s == "military" || s == "rebels") {
		e.typ = main.entry.armed
	}
	if e.sources[0].pronoun {
		e.confidence -= 0.1
	}
	// targets
	if !passive && e.typ == schema.Support && !main.nominal && x.ownObject(st, main, e.sources) {
		// "a right to defend its territory": support of one's own is no
		// act towards another party
		return nil
	}
	if !passive {
		after := main.to
		if main.agent != nil && main.agent.from >= main.to {
			after = main.agent.to
		}
		end := clauseEnd(st, after, st.attribution)
		t := x.targetAfter(st, after, end, e.sources, e.typ, main)
		if t == nil && pm.target != nil && !containsActor(e.sources, pm.target) {
			t = pm.target
		}
		if after > main.to {
			// "the invasion of Kuwait by Iraq": the object before the agent
			if o := x.targetAfter(st, main.to, main.agent.from, e.sources, e.typ, main); o != nil {
				t = o
			}
		}
		if t != nil {
			e.targets = x.expandGroup(st, t)
			// a target of the source's own country is a weak reading when
			// the article's main dyad names another party
			if t.code == e.sources[0].code && t.possessive && len(doc.sents) > 1 {
				if c := x.contextTarget(doc, st, e.sources, e.typ); c != nil && c.start < 0 {
					e.targets = []*actor{c}
					e.confidence -= 0.2
				}
			}
		}
	}
	e.objectStart = main.to
	if main.agent != nil && main.agent.from >= main.to {
		e.objectStart = main.agent.to
	}
	conceptFrom := e.objectStart
	if comp != nil {
		e.objectStart = comp.to
		conceptFrom = comp.to
		if comp.nominal || st.tokens[comp.to-1].isNounTag() {
			// "threatened tariffs", "offered aid": the complement noun is
			// itself what is threatened or offered
			conceptFrom = comp.from
		}
	}
	e.concept = x.objectConcept(st, main, conceptFrom)
	e.date = resolveDate(doc, st, main.from)
	// reciprocal: "X and Y held talks" with no other party, or any act
	// "X and Y" did to "each other" ("accused each other of aggression")
	mutual := len(e.sources) > 1 && x.eachOtherAfter(st, main)
	if mutual {
		e.targets = nil
	}
	if len(e.targets) == 0 && len(e.sources) > 1 && (symmetric[e.typ] || mutual) {
		var out []*event
		for _, s := range e.sources {
			f := *e
			f.sources = []*actor{s}
			f.targets = nil
			for _, o := range e.sources {
				if o.entity != s.entity {
					f.targets = append(f.targets, o)
				}
			}
			out = append(out, &f)
		}
		return out
	}
	if main.adjunct && (len(e.targets) == 0 || e.targets[0].pronoun) {
		// an adjunct is an event of its own only with a party of its own
		// ("seizing the airports and capturing Cuban personnel"), not as
		// an elaboration ("rioted, setting fire to their mattresses")
		return nil
	}
	if len(e.targets) == 0 && main.recipient != nil {
		e.targets = x.expandGroup(st, main.recipient)
	}
	if len(e.targets) == 0 && e.typ == schema.Consult {
		// a meeting needs its other party named: "leaders meeting in
		// Abuja" is a meeting among themselves
		return nil
	}
	if len(e.targets) == 0 {
		if t := x.contextTarget(doc, st, e.sources, e.typ); t != nil {
			e.targets = []*actor{t}
			e.confidence -= 0.2
		} else if src := e.sources[0]; isCountryCode(src.code) && src.kind != schema.KindCountry {
			// a domestic act with no other party named: the source's own
			// country ("Sudan's government lifted a state of emergency")
			e.targets = []*actor{x.countryActor(src.code)}
			e.confidence -= 0.3
		}
	}
	if main.entry == ultimatumEntry && x.orFace(st, main.to) {
		// "... or face sanctions": the deadline comes with a threat
		t := *e
		t.typ, t.predicate = schema.Threaten, "threatened"
		return []*event{e, &t}
	}
	return []*event{e}
}

// ownObject reports a verb whose object is the source's own: a
// possessive pronoun of the source right after it ("defend its
// territory", "protect their citizens").
func (x *Extractor) ownObject(st *sentState, tr *trigger, sources []*actor) bool {
	a := st.actorAtTok(tr.to)
	if a == nil || !a.pronoun || !a.possessive {
		return false
	}
	for _, s := range sources {
		if s.entity == a.entity {
			return true
		}
	}
	return false
}

// orFace reports "or face", "or risk" after token from in its sentence.
func (x *Extractor) orFace(st *sentState, from int) bool {
	toks := st.tokens
	for k := from; k+1 < len(toks); k++ {
		if toks[k].text == ";" {
			return false
		}
		if toks[k].norm == "or" && (toks[k+1].norm == "face" || toks[k+1].norm == "risk") {
			return true
		}
	}
	return false
}

// eachOtherAfter reports "each other" or "one another" as the object of
// a trigger.
func (x *Extractor) eachOtherAfter(st *sentState, tr *trigger) bool {
	toks := st.tokens
	for k := tr.to; k+1 < len(toks) && k <= tr.to+3; k++ {
		if (toks[k].norm == "each" && toks[k+1].norm == "other") || (toks[k].norm == "one" && toks[k+1].norm == "another") {
			return true
		}
		if toks[k].text == "," || toks[k].isVerbTag() {
			return false
		}
	}
	return false
}

// protestPlace is the country where a protest of no named agent took
// place: the object of "swept", "erupted in", "spread across", a locative;
// never the country protested against.
func (x *Extractor) protestPlace(st *sentState, tr *trigger) *actor {
	for _, a := range st.actors {
		if a.from < tr.to || a.kind != schema.KindCountry || a.pronoun || a.from >= st.attribution {
			continue
		}
		switch a.prep {
		case "", "in", "across", "throughout":
			if a.from > 0 && st.tokens[a.from-1].isVerbTag() || a.prep != "" {
				return a
			}
		}
	}
	return nil
}

// objectNominal is the nominal trigger of chain c that is the direct
// object of tr: the next member, within a few words, with no agent of its
// own.
func (x *Extractor) objectNominal(c *chain, tr *trigger) *trigger {
	for k, m := range c.members {
		if m == tr && k+1 < len(c.members) {
			o := c.members[k+1]
			if o.nominal && o.agent == nil && o.from >= tr.to && o.from-tr.to <= 5 {
				return o
			}
		}
	}
	return nil
}

// objectType is a trigger's type read with its object ("blocked roads" is
// a protest), or "" when its entry needs an object word it lacks.
func (x *Extractor) objectType(st *sentState, tr *trigger) string {
	e := tr.entry
	if e.objType == "" {
		return e.typ
	}
	toks := st.tokens
	for k := tr.to; k < len(toks) && k < tr.to+5; k++ {
		if e.objWords[toks[k].norm] {
			return e.objType
		}
	}
	// the object named first, in a passive or a noun: "peacekeeping
	// troops were deployed", "a peacekeeping deployment" (an active verb's
	// words before it are its subject's)
	for k := tr.from - 1; k >= 0 && k >= tr.from-4 && (tr.nominal || tr.form.participle && x.passiveAt(st, tr.from)); k-- {
		if toks[k].text == "," || toks[k].text == ";" {
			break
		}
		if e.objWords[toks[k].norm] {
			return e.objType
		}
	}
	if e.objOnly {
		return ""
	}
	return e.typ
}

// complementOf reports whether trigger c is the complement of governor g:
// "offer (from X) to deploy", "would boycott", "demanded that Y withdraw",
// "express willingness to collaborate".
func (x *Extractor) complementOf(st *sentState, g, c *trigger) bool {
	toks := st.tokens
	if c.from-g.to > 12 {
		return false
	}
	gap := toks[g.to:c.from]
	if len(gap) == 0 {
		return true
	}
	onlyAux := true
	for _, t := range gap {
		if !x.lex.is("aux", t.norm) && !strings.HasSuffix(t.norm, "ly") && t.norm != "to" && t.norm != "be" {
			onlyAux = false
		}
		if t.text == ";" || t.text == "," {
			return false
		}
	}
	if onlyAux {
		return true
	}
	for _, t := range gap {
		if t.norm == "to" || t.norm == "that" || t.norm == "for" {
			return true
		}
	}
	return false
}

// negatedAt reports a negation in the auxiliaries before token i: "did
// not reject", "will never accept", "didn't".
func (x *Extractor) negatedAt(st *sentState, i int) bool {
	toks := st.tokens
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		n := toks[k].norm
		if n == "not" || n == "never" || strings.HasSuffix(n, "n't") || n == "no" {
			return true
		}
		if toks[k].kind == tokPunct && !isQuoteOrBracket(toks[k].text) {
			return false
		}
		if !x.lex.is("aux", n) && !strings.HasSuffix(n, "ly") && n != "to" && !isQuoteOrBracket(toks[k].text) {
			return false
		}
	}
	return false
}

// hypothetical reports a trigger under "if", "unless", "whether" or
// "unlikely (that)" in its clause, or right after "could", "might" or
// "may".
func (x *Extractor) hypothetical(st *sentState, tr *trigger) bool {
	toks := st.tokens
	from := tr.from
	if tr.light >= 0 {
		from = tr.light
	}
	for k := from - 1; k >= 0 && k >= from-3; k-- {
		n := toks[k].norm
		if n == "could" || n == "might" || n == "may" {
			return true
		}
		// "face sanctions", "risks an attack": a consequence threatened
		if tr.nominal && (n == "face" || n == "faces" || n == "facing" || n == "risk" || n == "risks" || n == "risking") {
			return true
		}
		if !x.lex.is("aux", n) && !strings.HasSuffix(n, "ly") {
			break
		}
	}
	for k := from - 1; k >= 0; k-- {
		n := toks[k].norm
		if toks[k].text == "," || toks[k].text == ";" {
			return false
		}
		if n == "if" || n == "unless" || n == "whether" || n == "unlikely" {
			return true
		}
	}
	return false
}

// historical reports an act the article dates years before itself: "in
// 1931", "a 1965 agreement signed", "61 years ago": background, not news.
// The year must stand in the trigger's clause, next to it.
func (x *Extractor) historical(doc *document, st *sentState, tr *trigger) bool {
	if !doc.hasDate {
		return false
	}
	toks := st.tokens
	year := doc.date.Year()
	from, to := max(0, tr.from-6), min(len(toks), tr.to+6)
	for k := tr.from - 1; k >= from; k-- {
		if toks[k].text == "," || toks[k].text == ";" {
			from = k + 1
			break
		}
	}
	for k := tr.to; k < to; k++ {
		if toks[k].text == "," || toks[k].text == ";" {
			to = k
			break
		}
	}
	for k := from; k < to; k++ {
		t := toks[k]
		n, err := strconv.Atoi(t.norm)
		if err != nil {
			if n = numberWords[t.norm]; n == 0 {
				continue
			}
		}
		if n >= 1800 && n <= year-2 && len(t.norm) == 4 {
			return true
		}
		if k+2 < len(toks) && toks[k+1].norm == "years" && toks[k+2].norm == "ago" && n >= 2 {
			return true
		}
	}
	return false
}

var numberWords = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "hundred": 100}

// passiveAt reports a form of "be" in the auxiliaries before token i.
func (x *Extractor) passiveAt(st *sentState, i int) bool {
	toks := st.tokens
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		n := toks[k].norm
		if beAux[n] {
			return true
		}
		if !x.lex.is("aux", n) && !strings.HasSuffix(n, "ly") {
			return false
		}
	}
	return false
}

// reducedRelative reports a past participle that modifies the noun phrase
// before it ("the pact signed by", "forces deployed in Lebanon went
// home") rather than heading a clause: the tagger reads it as VBN, a
// noun (or a comma after one) comes right before it, and the clause has
// its finite verb elsewhere: before the noun phrase, or after the
// participle with no subordinator between. The tagger alone cannot tell
// "rebels surrendered" (a clause) from "rebels armed by X" (a modifier).
//
// The tagger often reads such a participle as a past tense ("the troops
// deployed near the border would stay"); a VBD counts only when the
// clause has a finite verb both before the noun phrase and, as an
// auxiliary, after the participle.
func (x *Extractor) reducedRelative(st *sentState, i int) bool {
	toks := st.tokens
	if i == 0 || toks[i].pos != "VBN" && toks[i].pos != "VBD" {
		return false
	}
	n := x.modifiedNoun(st, i)
	if n < 0 {
		return false
	}
	before := false
	for k := n - 1; k >= 0 && toks[k].text != "," && toks[k].text != ";"; k-- {
		if toks[k].isFiniteTag() {
			before = true
			break
		}
	}
	after := false
	for k := i + 1; k < len(toks); k++ {
		t := toks[k]
		if t.text == "," || t.text == ";" || t.pos == "IN" && !participlePreps[t.norm] || t.pos == "WDT" || t.pos == "WRB" || t.pos == "CC" {
			break
		}
		if t.isFiniteTag() {
			after = toks[i].pos == "VBN" || t.pos == "MD" || x.lex.is("aux", t.norm)
			break
		}
	}
	if toks[i].pos == "VBD" {
		return before && after
	}
	return before || after
}

// participlePreps may follow a participle inside its own phrase ("signed
// by", "deployed in", "armed with").
var participlePreps = map[string]bool{"by": true, "in": true, "on": true, "with": true, "of": true, "near": true, "at": true, "from": true, "to": true, "into": true, "along": true}

// modifiedNoun is the token of the noun a participle at i modifies, or -1.
func (x *Extractor) modifiedNoun(st *sentState, i int) int {
	toks := st.tokens
	k := i - 1
	if k > 0 && toks[k].text == "," {
		k--
	}
	if k < 0 {
		return -1
	}
	if t := toks[k]; t.isNounTag() && pronouns[t.norm] == 0 {
		return k
	}
	return -1
}

// byAgent finds the "by X" agent of a passive verb.
func (x *Extractor) byAgent(st *sentState, from int) *actor {
	toks := st.tokens
	for k := from; k < len(toks) && k < from+25 && k < st.attribution; k++ {
		if toks[k].text == ";" {
			return nil
		}
		if toks[k].norm == "by" {
			for m := k + 1; m < len(toks) && m <= k+3; m++ {
				if a := st.actorAtTok(m); a != nil {
					return a
				}
			}
			// "by neighbours and partners including the United States"
			for m := k + 1; m < len(toks) && m <= k+6 && !toks[m].isFiniteTag(); m++ {
				if toks[m].norm == "including" || toks[m].norm == "such" && m+1 < len(toks) && toks[m+1].norm == "as" {
					for q := m + 1; q < len(toks) && q <= m+4; q++ {
						if a := st.actorAtTok(q); a != nil {
							return a
						}
					}
					break
				}
			}
		}
	}
	return nil
}

// authorityTypes are the acts only authorities do: a passive one without
// an agent is done by the authorities of the place it happens in.
var authorityTypes = map[string]bool{schema.Coerce: true, schema.Accuse: true, schema.Sanction: true}

// placeAfter finds the "in X" country after a passive verb.
func (x *Extractor) placeAfter(st *sentState, from int) *actor {
	for _, a := range st.actors {
		if a.from >= from && a.from < from+6 && a.prep == "in" && isCountryCode(a.code) {
			return a
		}
	}
	return nil
}

var popularSectors = map[string]bool{"civilians": true, "protesters": true, "opposition": true, "labor": true, "refugees": true, "religious": true, "party": true}

func popularSource(a *actor) bool { return popularSectors[a.sector] }

// announcedBefore reports "announced" or "decided" governing the clause of
// token i ("announced it would prohibit").
// materialConflict are the acts a "would" turns into threats.
var materialConflict = map[string]bool{schema.Sanction: true, schema.Coerce: true, schema.Assault: true}

// wouldBefore reports "would" among the auxiliaries right before the
// trigger (or its light verb: "would impose tariffs"), not after a
// decision announced ("announced it would ban").
func (x *Extractor) wouldBefore(st *sentState, tr *trigger) bool {
	toks := st.tokens
	from := tr.from
	if tr.light >= 0 && tr.light < from {
		from = tr.light
	}
	for k := from - 1; k >= 0 && k >= from-5; k-- {
		n := toks[k].norm
		if n == "would" {
			return !x.announcedFor(st, k)
		}
		if n == "will" || n == "shall" {
			// "will impose sanctions if it does not act": the condition
			// makes it a threat; without one it is the measure
			return x.conditionAfter(st, tr)
		}
		// "would impose new sanctions": a nominal's verb and modifiers
		words := (tr.nominal || toks[tr.from].isNounTag()) && (toks[k].pos == "VB" || toks[k].pos == "JJ" || x.lex.is("det", n))
		if !x.lex.is("aux", n) && !strings.HasSuffix(n, "ly") && n != "not" && !words {
			return false
		}
	}
	return false
}

// conditionAfter reports an "if" or "unless" clause after the trigger in
// its sentence, before any other trigger.
func (x *Extractor) conditionAfter(st *sentState, tr *trigger) bool {
	toks := st.tokens
	for k := tr.to; k < len(toks) && k < tr.to+12; k++ {
		if toks[k].norm == "if" || toks[k].norm == "unless" {
			return true
		}
		if toks[k].text == ";" || x.isTrigger(toks, k) {
			return false
		}
	}
	return false
}

// announcedFor reports a decision announced before the modal at token i
// in its sentence: "announced it would prohibit aid ... and would deny
// entry" puts every "would" under the announcement.
func (x *Extractor) announcedFor(st *sentState, i int) bool {
	for m := i; m >= 0; m-- {
		if st.tokens[m].text == ";" {
			return false
		}
		if x.announcedBefore(st, m+1) {
			return true
		}
	}
	return false
}

func (x *Extractor) announcedBefore(st *sentState, i int) bool {
	toks := st.tokens
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		switch toks[k].norm {
		case "announced", "announces", "decided", "decides", "ruled":
			return true
		}
	}
	return false
}

// subjectBefore finds the subject of a verb at token i: the nearest actor
// to its left that no preposition governs, skipping appositions (", a key
// U.S. ally,"), attributions and possessive modifiers.
func (x *Extractor) subjectBefore(st *sentState, i int) *actor {
	toks := st.tokens
	// "entered Gambia as part of efforts to support X": an infinitive
	// after a noun has the subject of its clause, not the object before
	purpose := i >= 2 && toks[i-1].norm == "to" && toks[i-2].isNounTag() && st.actorAtTok(i-2) == nil
	for k := i - 1; k >= st.leadAttribution; k-- {
		t := toks[k]
		if t.text == ";" {
			break
		}
		if t.text == "," {
			// skip an apposition or a relative clause between commas
			q := k - 1
			for q >= 0 && toks[q].text != "," {
				q--
			}
			if q >= 0 && q+1 < k {
				n := toks[q+1].norm
				if x.lex.is("det", n) || n == "who" || n == "which" || n == "whose" {
					k = q
					continue
				}
			}
			continue
		}
		a := st.actorAtTok(k)
		if a == nil {
			continue
		}
		k = a.from
		if a.prep == "of" && x.partitiveBefore(st, a.from) {
			// "Thousands of Nigerians", "supporters of X"
			return a
		}
		if a.possessive && a.prep == "" && a.to < len(toks) && x.lex.is("document", toks[a.to].norm) && a.to+1 <= i {
			// "the council's resolution condemned", "Iran's statement
			// said": an actor's text speaks for it
			return a
		}
		if a.prep != "" || (a.possessive && !a.pronoun) {
			continue
		}
		if a.possessive && a.pronoun {
			continue
		}
		if purpose && a.from > 0 && toks[a.from-1].isVerbTag() && !x.lex.is("reporting", toks[a.from-1].norm) {
			continue // the object of the clause's verb
		}
		return a
	}
	return nil
}

// subjectPlace is the country where the subject of a passive happened
// when the subject is no actor: "the coup in Niger was condemned".
func (x *Extractor) subjectPlace(st *sentState, i int) *actor {
	toks := st.tokens
	for k := i - 1; k >= st.leadAttribution; k-- {
		if toks[k].text == "," || toks[k].text == ";" {
			return nil
		}
		if a := st.actorAtTok(k); a != nil {
			if a.prep == "in" && a.kind == schema.KindCountry && a.from >= 2 && toks[a.from-2].isNounTag() {
				return a
			}
			return nil
		}
	}
	return nil
}

// groupStart is the first token of the coordination an actor is part of.
func (x *Extractor) groupStart(st *sentState, a *actor) int {
	from := a.from
	for _, b := range st.actors {
		if b.group == a.group && b.from < from && b.from >= 0 {
			from = b.from
		}
	}
	return from
}

// partitiveBefore reports "thousands of", "members of" before the
// phrase at i.
func (x *Extractor) partitiveBefore(st *sentState, i int) bool {
	toks := st.tokens
	k := i - 1
	for k >= 0 && (x.lex.is("det", toks[k].norm) || x.lex.is("modifier", toks[k].norm)) {
		k--
	}
	if k < 1 || toks[k].norm != "of" {
		return false
	}
	return x.lex.is("partitive", toks[k-1].norm) || toks[k-1].kind == tokNumber
}

// governedByTrigger reports an actor right after a trigger that ends with
// its preposition ("arrived in the capital of X").
func (x *Extractor) governedByTrigger(st *sentState, tr *trigger, a *actor) bool {
	if tr == nil || tr.to <= tr.from || st.tokens[tr.to-1].norm != a.prep {
		return false
	}
	for k := tr.to; k < a.from; k++ {
		if st.tokens[k].pos == "IN" || st.tokens[k].text == "," {
			return false
		}
	}
	return a.from-tr.to <= 3
}

// locativePreps name where an event happens (an IGO "at" is a forum, and
// stays a party: "vetoed the resolution at the UN").
var locativePreps = map[string]bool{"in": true, "at": true, "near": true, "inside": true, "outside": true, "across": true, "throughout": true, "within": true, "around": true}

// placeTypes are acts done to a place: a locative names their target.
var placeTypes = map[string]bool{schema.Assault: true, schema.Coerce: true, schema.Mobilize: true, schema.Aid: true}

// contrastWords open a new clause after a comma: its actors belong to that
// clause, not to the event before it ("would never accept foreign troops,
// but she offered ...").
var contrastWords = map[string]bool{"but": true, "while": true, "whereas": true, "although": true, "though": true, "yet": true}

// clauseEnd is where the clause that starts at from ends: at a semicolon,
// or a comma followed by a contrast word, or at end.
func clauseEnd(st *sentState, from, end int) int {
	toks := st.tokens
	for i := from; i < end && i < len(toks); i++ {
		if toks[i].norm == ";" {
			return i
		}
		if toks[i].norm == "," && i+1 < len(toks) && contrastWords[toks[i+1].norm] {
			return i
		}
		if subordinators[toks[i].norm] && i > from && finiteWithin(toks, i+1, 6) {
			return i // "signed an agreement after Rubio visited Mexico"
		}
	}
	return end
}

// subordinators open a clause of their own: its actors are not the
// object of the verb before.
var subordinators = map[string]bool{"after": true, "before": true, "when": true, "because": true, "although": true, "though": true, "while": true, "whereas": true, "until": true, "since": true, "unless": true, "if": true}

// finiteWithin reports a finite verb among the n tokens from i.
func finiteWithin(toks []token, i, n int) bool {
	for k := i; k < len(toks) && k < i+n; k++ {
		if toks[k].isFiniteTag() {
			return true
		}
		if toks[k].text == "," || toks[k].text == ";" {
			return false
		}
	}
	return false
}

// targetAfter finds the target of an event: the first actor after the
// trigger that is not a source, skipping the subject of an embedded clause
// ("asked how the U.S. could aid Mexico") and media that only report.
//
// A place named after a locative preposition is where the event happens,
// not whom it concerns ("met in Cairo", "condemned the attack at the
// UN in New York"), except for acts done to a place (attacks,
// deployments, occupations) and for a trigger that ends with the
// preposition itself ("arrived in").
func (x *Extractor) targetAfter(st *sentState, from, end int, sources []*actor, typ string, tr *trigger) *actor {
	ents := map[string]bool{}
	for _, s := range sources {
		ents[s.entity] = true
	}
	toks := st.tokens
	var fallback *actor
	for _, a := range st.actors {
		if a.from < from || a.from >= end {
			continue
		}
		if ents[a.entity] || a.prep == "according to" {
			continue
		}
		if (a.code == "" && a.person == nil) || a.orgKind == "media" {
			continue
		}
		if locativePreps[a.prep] && !placeTypes[typ] && !x.governedByTrigger(st, tr, a) && !(a.prep == "at" && a.code == schema.CodeIGO) {
			continue
		}
		if a.to < len(toks) && x.lex.is("aux", toks[a.to].norm) && !a.possessive && toks[a.to].norm != "also" {
			if fallback == nil {
				fallback = a
			}
			continue
		}
		return a
	}
	return fallback
}

func (x *Extractor) firstActorAfter(st *sentState, from, to int) *actor {
	for _, a := range st.actors {
		if a.from >= from && a.from < to {
			return a
		}
	}
	return nil
}

// followedByActorTo checks the "tell X to ..." pattern.
func (x *Extractor) followedByActorTo(st *sentState, tr *trigger) bool {
	a := x.firstActorAfter(st, tr.to, tr.to+3)
	if a == nil {
		return false
	}
	return a.to < len(st.tokens) && st.tokens[a.to].norm == "to"
}

// expandGroup returns the actor with its coordinated partners; a member
// that names no country but lists who it includes ("international
// partners including the United States and France") gives way to them.
func (x *Extractor) expandGroup(st *sentState, a *actor) []*actor {
	var members []*actor
	if a.group < 0 {
		members = []*actor{a}
	} else {
		for _, b := range st.actors {
			if b.group == a.group {
				members = append(members, b)
			}
		}
		if len(members) == 0 {
			members = []*actor{a}
		}
	}
	var out []*actor
	seen := map[string]bool{}
	for _, b := range members {
		list := []*actor{b}
		if b.code == "" {
			if inc := x.inclusionList(st, b); len(inc) > 0 {
				list = inc
			}
		}
		for _, c := range list {
			if !seen[c.entity] {
				seen[c.entity] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// inclusionList is the list of actors a generic group says it includes:
// "partners including X, Y and Z", "leaders such as X", within a few
// words after it.
func (x *Extractor) inclusionList(st *sentState, a *actor) []*actor {
	toks := st.tokens
	for k := a.to; k < len(toks) && k <= a.to+4; k++ {
		t := toks[k]
		if t.isVerbTag() && t.norm != "including" || t.text == ";" || x.isTrigger(toks, k) {
			return nil
		}
		n := 0
		switch {
		case t.norm == "including" || t.norm == "notably" || t.norm == "particularly":
			n = 1
		case t.norm == "such" && k+1 < len(toks) && toks[k+1].norm == "as":
			n = 2
		case t.norm == "among" && k+1 < len(toks) && toks[k+1].norm == "them":
			n = 2
		}
		if n == 0 {
			continue
		}
		for m := k + n; m < len(toks) && m <= k+n+3; m++ {
			if b := st.actorAtTok(m); b != nil && b.code != "" {
				if b.group < 0 {
					return []*actor{b}
				}
				var out []*actor
				for _, c := range st.actors {
					if c.group == b.group && c.code != "" {
						out = append(out, c)
					}
				}
				return out
			}
		}
		return nil
	}
	return nil
}

// contextTarget supplies a target when the sentence names none: the other
// party of the article's main dyad, or another country of the sentence.
func (x *Extractor) contextTarget(doc *document, st *sentState, sources []*actor, typ string) *actor {
	codes := map[string]bool{}
	for _, s := range sources {
		codes[s.code] = true
	}
	other := ""
	switch {
	case codes[doc.dyad[0]] && doc.dyad[1] != "" && !codes[doc.dyad[1]]:
		other = doc.dyad[1]
	case codes[doc.dyad[1]] && doc.dyad[0] != "" && !codes[doc.dyad[0]]:
		other = doc.dyad[0]
	}
	if other == "" {
		// another party of the sentence; a place only when there is none
		// ("food aid to refugees in Liberia"), and a capital named as a
		// place never ("the League, meeting in Cairo")
		var place *actor
		for _, a := range st.actors {
			if codes[a.code] || a.code == "" || a.prep == "according to" || a.from >= st.attribution {
				continue
			}
			if !locativePreps[a.prep] || placeTypes[typ] {
				return a
			}
			if place == nil && a.kind == schema.KindCountry && a.sector == "" {
				place = a
			}
		}
		return place
	}
	return x.countryActor(other)
}

// countryActor is a country as an actor supplied by context, named by no
// words of the sentence.
func (x *Extractor) countryActor(code string) *actor {
	name := code
	if c := x.names.countries[code]; c != nil {
		name = c.Name
	}
	return &actor{kind: schema.KindCountry, entity: schema.CountryID(code), name: name, code: code, group: -1, from: -1, to: -1, start: -1, end: -1}
}

// objectConcept finds the concept object of an event's verb: "threatened
// tariffs" → tariffs; it reads through an absorbed nominal and its agent
// ("rebuffed an offer from Trump to deploy troops" → troops).
func (x *Extractor) objectConcept(st *sentState, tr *trigger, from int) string {
	toks := st.tokens
	for k := from; k < len(toks) && k < from+16 && k < st.attribution; k++ {
		t := toks[k]
		if t.text == "," || t.text == ";" || x.lex.is("relative", t.norm) {
			return ""
		}
		if vals, n := x.lex.concepts.longest(toks, k, nil); n > 0 {
			// the concept may be a sector noun of an actor ("American troops")
			if a := st.actorAtTok(k); a == nil || a.sector != "" && a.person == nil && a.sector != "government" {
				return vals[0]
			}
		}
		if a := st.actorAtTok(k); a != nil {
			if a.sector != "" && a.person == nil && a.sector != "government" {
				continue
			}
			if x.isAgentOfNominal(st, a) {
				k = a.to - 1
				continue
			}
			return ""
		}
	}
	return ""
}

func (x *Extractor) isAgentOfNominal(st *sentState, a *actor) bool {
	for _, tr := range st.triggers {
		if tr.agent == a && tr.nominal {
			return true
		}
	}
	return false
}

// addEvent keeps one event per (sources, type, targets) in a sentence.
func (x *Extractor) addEvent(doc *document, e *event) {
	key := func(e *event) string {
		var b strings.Builder
		b.WriteString(e.typ)
		for _, s := range e.sources {
			b.WriteString("|" + s.entity)
		}
		b.WriteString(">")
		for _, t := range e.targets {
			b.WriteString("|" + t.entity)
		}
		return b.String()
	}
	k := key(e)
	for _, f := range doc.events {
		if f.st == e.st && key(f) == k {
			return
		}
	}
	if e.confidence < 0.1 {
		e.confidence = 0.1
	}
	doc.events = append(doc.events, e)
}

// outputEvents writes the events out. Negated events ("did not attack")
// are not events of their type: they are left out of the output.
func (doc *document) outputEvents() []schema.Event {
	out := []schema.Event{}
	n := 0
	for _, e := range doc.events {
		if e.negated {
			continue
		}
		n++
		et, _ := schema.LookupEventType(e.typ)
		ev := schema.Event{
			ID:         schema.EventID(doc.articleID, n),
			Event:      e.typ,
			CAMEO:      et.CAMEO,
			Score:      et.Score,
			Source:     doc.actorsOut(e.sources),
			Target:     doc.actorsOut(e.targets),
			Confidence: round2(e.confidence),
			Date:       e.date,
			Evidence:   doc.evidence(e.st, e.date),
		}
		tf, tt := e.trig.from, e.trig.to
		if e.trig.light >= 0 && e.trig.light < tf {
			tf = e.trig.light
		}
		if e.comp != nil && e.comp.to > tt {
			tt = e.comp.to
		}
		toks := e.st.tokens
		ev.TriggerStart, ev.TriggerEnd = toks[tf].start, toks[tt-1].end
		ev.Trigger = doc.text[ev.TriggerStart:ev.TriggerEnd]
		e.id = ev.ID
		out = append(out, ev)
	}
	return out
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

func (doc *document) actorsOut(as []*actor) []schema.Actor {
	out := []schema.Actor{}
	for _, a := range as {
		o := schema.Actor{Entity: a.entity, ActorText: a.text, Code: a.code, Start: a.start, End: a.end}
		if a.start < 0 {
			// supplied from context: no words of the sentence name it; the
			// evidence points at its own mention elsewhere in the article
			o.Inferred = true
			o.Start, o.End = 0, 0
			if m := doc.mentionOf(a); m != nil {
				o.ActorText, o.Start, o.End = m.text, m.start, m.end
			}
		}
		out = append(out, o)
	}
	return out
}

// mentionOf is the first mention in the article of the entity of a
// context actor, or of its country.
func (doc *document) mentionOf(a *actor) *actor {
	var byCode *actor
	for _, st := range doc.sents {
		for _, m := range st.actors {
			if m.start < 0 || m.pronoun {
				continue
			}
			if m.entity == a.entity {
				return m
			}
			if byCode == nil && a.code != "" && m.code == a.code {
				byCode = m
			}
		}
	}
	return byCode
}

func (doc *document) evidence(st *sentState, date string) schema.Evidence {
	if date == "" {
		date = doc.dateStr
	}
	return schema.Evidence{Article: doc.articleID, Sentence: st.text, SentenceIndex: st.index, Start: st.start, End: st.end, Date: date}
}

func containsActor(as []*actor, a *actor) bool {
	for _, b := range as {
		if b.entity == a.entity {
			return true
		}
	}
	return false
}
