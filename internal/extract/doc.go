// Package extract turns news articles into coded diplomatic events and
// knowledge-graph triples. It is a dictionary coder in the tradition of
// TABARI and PETRARCH: no statistical model, only the gazetteer, a few
// word lists and rules about English clause structure. It is pure (no
// I/O after New) and an Extractor is safe for concurrent use.
//
// # Stages
//
//  1. Tokens and sentences (tokenize.go). A hand-written scanner keeps byte
//     offsets into the article text, keeps "U.S.", "Gen." and initials
//     whole, splits possessives ("Mexico’s" → "Mexico", "’s") and hyphens
//     ("U.S.-Mexico" → "U.S.", "-", "Mexico"), and ends sentences at line
//     breaks and at ". ! ?" before a new sentence. Every token carries a
//     normalised form (lower case, no dots, accents folded) that all
//     lookups use.
//     Each sentence is then tagged with parts of speech (pos.go: prose's
//     averaged-perceptron tagger, Penn Treebank tags, over our tokens);
//     the rules below read the tags to tell a noun from a verb reading, a
//     modifying participle from a clause's verb, a light verb from an
//     adjective.
//  2. Names (names.go, trie.go). One token trie, built once by New, holds
//     every country name, alias, demonym and capital (a capital or seat of
//     government stands for the government: "Tokyo", "Kremlin"), every
//     organisation and leader of the gazetteer, and the titles and sector
//     nouns of the lexicons. Lookups take the longest match. Proper names
//     must be capitalised; aliases of up to three capitals ("US", "UN")
//     must match letter for letter, so "us" and "it" never do.
//  3. Actors (actors.go, persons.go). Runs of names become actor phrases:
//     "former U.S. President Donald Trump" (a person with role and country),
//     "Israeli police" (the country's police sector), "Iraq's interim
//     government", "opposition parties in Nepal", "King Hassan of Morocco",
//     "Ana Ferreira, the Brazilian foreign minister". A description beside
//     an unknown name makes it a person and gives the country the person
//     holds a place in: "X, head of the Mexican consular section", "the
//     boss of Russia's Wagner force, X" (function.tsv: memberrole; a
//     personrole such as "critic" gives no country). An aide named after
//     a person's possessive ("Abiy's adviser X") is of that person's
//     country; an office of one country ("Taoiseach") gives it. People are kept per
//     article: a later surname ("Trump") or full name resolves to them, and
//     "he"/"she" to the subject of the sentence or the last person of that
//     gender (gender comes from titles, given names and pronouns seen);
//     "it"/"they" resolve to the last country or group subject. Leaders
//     met by surname alone come from the gazetteer, chosen by the
//     article's date. Coordinated actors ("France and Germany", "Iran,
//     Libya and Cuba", "U.S.-Mexico") form groups.
//  4. Triggers (triggers.go). The verb lexicon gives each trigger its
//     PLOVER type; a form that reads as a noun ("an offer", "Mexico’s
//     rejection") is a nominal and needs an agent: a possessive or
//     modifier actor, "from/by X", or a light verb ("held talks", "imposed
//     sanctions", "gave X aid").
//  5. Events (events.go). The triggers of a clause form a chain; the first
//     that can carry an event governs it and the rest are its complements
//     and adjuncts ("offered to deploy troops" is one AGREE; "opened fire,
//     killing one" one ASSAULT). A coordinated verb ("criticized Mexico and
//     threatened tariffs") or a new subject after a comma starts a new
//     chain. Governors type their complement: intent words ("offer",
//     "agree", "willing") give AGREE; modals and readiness ("will",
//     "would", "prepared", "plan") give AGREE for cooperative acts and
//     THREATEN for conflictual ones; "refuse", "urge", "threaten" keep
//     their own type. "X said Y must ..." is a REQUEST of X to Y. The
//     source is the subject (nearest actor on the left that no preposition
//     governs, skipping appositions and "According to X,"), or the by-agent
//     of a passive, or the agent of a nominal; the target is the first
//     actor after the trigger, with compounds expanded. Reported speech
//     needs no rule of its own: reporting verbs are not triggers, and a
//     trailing attribution (", a newspaper said") is never searched for
//     actors. Hypotheticals ("if", "unless", "could") carry no event.
//     Negation: a negated cooperative act ("will not accept") is coded as
//     REJECT; any other negated event ("did not attack") is kept with
//     Negated set internally and left out of the output, since it is not
//     an event of its type. Events without a target take one from context:
//     the other country of the article's main dyad, another country of the
//     sentence, or the source's own country for a domestic act (with lower
//     confidence). A sentence keeps one event per (sources, type, targets).
//     Relative dates ("Saturday", "yesterday", "last week") are resolved
//     back from the article date (dates.go).
//     Constructions with rules of their own, each tested with sentences
//     of our own in extract_test.go: participle adjuncts of another type
//     with a party of their own (", seizing the airports"); labelling
//     ("called the airlift a violation"); ultimatums ("gave X a week to
//     ... or face sanctions"); "each other"; groups that list whom they
//     include ("partners including X and Y"); agentless attacks in a story
//     of two parties; a protest of no named agent as its place's people;
//     places after locative prepositions are no targets, except for acts
//     done to a place; meetings need their other party named; acts dated
//     years before the article, acts held unlikely, and direct speech
//     (a quoted clause, or one in the first person) are not coded.
//  6. Triples (triples.go): leads (from head-of-state or head-of-government
//     titles not marked former), action triples to concepts ("Trump
//     offered troops", read through a nominal's own object), tension
//     between countries (tension words, conflictual events), and one
//     triple per event actor pair with the PLOVER type as predicate.
//  7. Entities (entities.go): every country, person, organisation, sector
//     group and concept referred to, with aliases seen.
//
// # Extending the lexicons
//
// The lexicons are tab-separated files under data/lexicon, embedded at
// build time; each explains its columns in its header:
//
//   - verbs.tsv: trigger phrases with PLOVER type, CAMEO code, analyst
//     predicate, part of speech (v verbs are inflected from the base form,
//     irregular pasts come from irregular.tsv; n nouns get their plural; x
//     phrases match as written) and flags (intent, modal, gov, needcomp,
//     needto, needobj, objonly, popular=TYPE, armed=TYPE, obj=words:TYPE).
//   - sectors.tsv: sector nouns ("police", "rebels", "officials") and their
//     sector; titles.tsv: titles with the role and whether the holder
//     leads a country; concepts.tsv: object nouns that become concept
//     nodes; firstnames.tsv: given names with a usual gender;
//     function.tsv: word classes the rules use (reporting verbs, light
//     verbs, auxiliaries, determiners, prepositions, partitives).
//
// Add a line, run the tests and the scorer; no code changes are needed
// for new words of an existing class.
//
// # User dictionaries
//
// NewWithOptions merges files written like verbs.tsv (Options.VerbFiles)
// and like leaders.tsv and orgs.tsv under "[leaders]" and "[orgs]" section
// lines (Options.ActorFiles) over the embedded tables, so that new actors
// and triggers need no rebuild; userdict.go gives the formats and what
// replaces what. samples/user-verbs.tsv and samples/user-actors.tsv are
// examples.
//
// # Field dictionaries
//
// data/petrarch holds the PETRARCH-2 / Phoenix dictionaries (verb
// patterns, synonym sets, dated actors, agent words) and the CAMEO-to-
// PLOVER table, converted by cmd/dictconv (go generate; see NOTICE for
// the source and licence) and loaded by DefaultDictionaries (petrarch.go).
// The coder reads the verb patterns (verbpattern.go: null patterns,
// source and target slots, triggers for dictionary verbs with specific
// patterns) and the dated actors (a person of no stated country takes the
// country of the role held on the article's date). They are generated: do
// not edit them; fixes and later facts go into the tables above, which
// take precedence (Dictionaries.Office).
package extract
