// Command dipgraph turns news articles into a knowledge graph of diplomatic
// relations and serves it over HTTP.
//
//	dipgraph extract FILE…   articles in, one JSON result a line out
//	dipgraph ingest FILE…    extract and load into the store
//	dipgraph serve           HTTP API over the store
//	dipgraph query QUERY     run a raw Gizmo/GraphQL query against the store
//	dipgraph export          the whole graph in a graph viewer's format
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/dipgraph/dipgraph/internal/rawquery"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `dipgraph: a knowledge graph of diplomatic relations

Usage:
  dipgraph extract [flags] FILE…   extract entities, events and triples; JSON lines to stdout
  dipgraph ingest  [flags] FILE…   extract and load into the store
  dipgraph serve   [flags]         serve the HTTP API
  dipgraph query   [flags] QUERY   run a raw read-only query (Gizmo by default; "-" reads stdin)
  dipgraph export  [flags]         the whole graph as graphml, gexf, cytoscape, d3, json or nquads (-o FILE)

FILE is a JSON-lines file ({"id","title","date","text"} a line), a .txt file
(one article), a directory of those, a glob, or "-" for JSON lines on stdin.
The store is --db (default $DIPGRAPH_DB or ./dipgraph.db, embedded bolt;
postgres:// and cockroach:// URLs for the SQL backends).
extract, ingest and serve take user dictionaries: --actors FILE and --verbs
FILE (also $DIPGRAPH_ACTORS, $DIPGRAPH_VERBS), in the built-in tables'
formats (samples/user-actors.tsv, samples/user-verbs.tsv).
Run "dipgraph COMMAND -h" for the flags of a command.
`

type command struct {
	run func(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error
}

var commands = map[string]command{
	"extract": {runExtract},
	"ingest":  {runIngest},
	"serve":   {runServe},
	"query":   {runQuery},
	"export":  {runExport},
}

func main() {
	// A raw query's worker is this binary started again (internal/rawquery).
	rawquery.ServeIfWorker()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	name := os.Args[1]
	if name == "-h" || name == "--help" || name == "help" {
		fmt.Fprint(os.Stdout, usage)
		return
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "dipgraph: unknown command %q\n\n%s", name, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cmd.run(ctx, os.Args[2:], os.Stdout, log); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintf(os.Stderr, "dipgraph %s: %v\n", name, err)
		os.Exit(1)
	}
}

// newFlags makes a command's flag set; errors are returned, not fatal.
func newFlags(name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: dipgraph %s [flags] %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}
