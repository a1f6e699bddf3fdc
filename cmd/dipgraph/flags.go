package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/extract"
	"github.com/dipgraph/dipgraph/internal/limits"
)

// dbFlag adds the --db flag every command that opens the store shares.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", defaultDB(),
		"store: a path or bolt:PATH (embedded), postgres://USER@HOST:PORT/DB?sslmode=disable, or cockroach://USER@HOST:PORT/DB")
}

// envReadDB is the variable of --read-db.
const envReadDB = "DIPGRAPH_READ_DB"

// readDBFlag adds --read-db: a hot standby of the --db primary that
// reads go to.
func readDBFlag(fs *flag.FlagSet) *string {
	return fs.String("read-db", os.Getenv(envReadDB),
		"PostgreSQL hot standby of --db to read from (postgres://…); writes still go to --db; also $"+envReadDB)
}

// openStore opens the store db. An embedded store whose directory is not
// there is created only when create is set (ingest, serve --create):
// otherwise the command would answer from an empty store it just made.
func openDB(db string, create bool) (*graph.Store, error) {
	return openDBRead(db, "", create)
}

// openDBRead is openDB with reads going to readDB, a hot standby of db
// ("" for db itself).
func openDBRead(db, readDB string, create bool) (*graph.Store, error) {
	if strings.TrimSpace(db) == "" {
		return nil, errors.New("no store: --db is empty, or $DIPGRAPH_DB is set to nothing (scripts/postgres.sh url prints nothing when no server runs: start one with scripts/postgres.sh start)")
	}
	if p, ok := graph.BoltPath(db); ok && !create {
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("store %s does not exist: load articles into it first (dipgraph ingest --db %s FILE…), or check --db and $DIPGRAPH_DB", p, p)
		}
	}
	if strings.TrimSpace(readDB) != "" {
		if !graph.IsSQL(db) || !graph.IsSQL(readDB) {
			return nil, errors.New("--read-db needs a PostgreSQL --db (the primary) and a PostgreSQL --read-db (its hot standby)")
		}
		return graph.OpenWith(db, graph.OpenOptions{ReadURL: readDB})
	}
	return graph.Open(db)
}

// defaultDB is the store used when --db is not given: $DIPGRAPH_DB, even
// when set to nothing (refused then, not taken for ./dipgraph.db).
func defaultDB() string {
	if v, ok := os.LookupEnv("DIPGRAPH_DB"); ok {
		return v
	}
	return "dipgraph.db"
}

// Environment variables of the article limits, read by extract, ingest
// and serve: each flag's default comes from its variable when set.
const (
	envMaxSentences     = "DIPGRAPH_MAX_SENTENCES"
	envMaxSentenceBytes = "DIPGRAPH_MAX_SENTENCE_BYTES"
	envMaxEvents        = "DIPGRAPH_MAX_EVENTS"
	envMaxQuads         = "DIPGRAPH_MAX_QUADS"
)

// limitFlags adds the article limit flags to fs. The returned function,
// called after fs.Parse, gives the limits (a flag of 0 is no limit), or
// the error of a malformed variable or a negative flag.
func limitFlags(fs *flag.FlagSet) func() (limits.Article, error) {
	var envErr error
	def := func(env string, v int) int {
		n, err := envInt(env, v)
		if err != nil && envErr == nil {
			envErr = err
		}
		return n
	}
	type lim struct {
		name string
		v    *int
		dst  func(*limits.Article) *int
	}
	ls := []lim{
		{limits.FlagSentences, fs.Int(limits.FlagSentences, def(envMaxSentences, limits.DefaultMaxSentences),
			"sentences of an article at most, checked before extraction (text up to 1000 bytes a sentence); 0 for no limit, also $"+envMaxSentences),
			func(a *limits.Article) *int { return &a.MaxSentences }},
		{limits.FlagSentenceBytes, fs.Int(limits.FlagSentenceBytes, def(envMaxSentenceBytes, limits.DefaultMaxSentenceBytes),
			"bytes of an article's longest sentence at most; 0 for no limit, also $"+envMaxSentenceBytes),
			func(a *limits.Article) *int { return &a.MaxSentenceBytes }},
		{limits.FlagEvents, fs.Int(limits.FlagEvents, def(envMaxEvents, limits.DefaultMaxEvents),
			"events of an article at most; 0 for no limit, also $"+envMaxEvents),
			func(a *limits.Article) *int { return &a.MaxEvents }},
		{limits.FlagQuads, fs.Int(limits.FlagQuads, def(envMaxQuads, limits.DefaultMaxQuads),
			"quads of an article at most; 0 for no limit, also $"+envMaxQuads),
			func(a *limits.Article) *int { return &a.MaxQuads }},
	}
	return func() (limits.Article, error) {
		var out limits.Article
		if envErr != nil {
			return out, envErr
		}
		for _, l := range ls {
			switch {
			case *l.v < 0:
				return out, fmt.Errorf("--%s %d: want 0 (no limit) or more", l.name, *l.v)
			case *l.v == 0:
				*l.dst(&out) = -1
			default:
				*l.dst(&out) = *l.v
			}
		}
		return out, nil
	}
}

// Environment variables of the user dictionaries, read by extract, ingest
// and serve: comma-separated lists of files, the defaults of --actors and
// --verbs.
const (
	envActors = "DIPGRAPH_ACTORS"
	envVerbs  = "DIPGRAPH_VERBS"
)

// fileList is a flag of files, repeatable and comma-separated. Its default
// comes from the environment; the first use on the command line replaces
// it (so --verbs "" turns $DIPGRAPH_VERBS off).
type fileList struct {
	files []string
	set   bool
}

func (l *fileList) String() string { return strings.Join(l.files, ",") }

func (l *fileList) Set(v string) error {
	if !l.set {
		l.files, l.set = nil, true
	}
	l.files = append(l.files, splitList(v)...)
	return nil
}

// dictFlags adds --actors and --verbs to fs. The returned function, called
// after fs.Parse, builds the extractor: the built-in one without user
// files, else one with the files merged over the built-in tables, or the
// error (naming file and line) of a file that does not load.
func dictFlags(fs *flag.FlagSet, log *slog.Logger) func() (*extract.Extractor, error) {
	actors := &fileList{files: splitList(os.Getenv(envActors))}
	verbs := &fileList{files: splitList(os.Getenv(envVerbs))}
	fs.Var(actors, "actors", "user actors `FILE`: [leaders] and [orgs] sections in the format of the built-in leaders.tsv and orgs.tsv, "+
		"merged over the built-in gazetteer; repeatable or comma-separated, a later file wins; also $"+envActors)
	fs.Var(verbs, "verbs", "user verbs `FILE` in the format of the built-in verbs.tsv, merged over the built-in triggers; "+
		"repeatable or comma-separated, a later file wins; also $"+envVerbs)
	return func() (*extract.Extractor, error) {
		if len(actors.files) == 0 && len(verbs.files) == 0 {
			return extract.New(), nil
		}
		x, err := extract.NewWithOptions(extract.Options{ActorFiles: actors.files, VerbFiles: verbs.files})
		if err != nil {
			return nil, err
		}
		log.Info("user dictionaries", "actors", actors.String(), "verbs", verbs.String())
		return x, nil
	}
}
