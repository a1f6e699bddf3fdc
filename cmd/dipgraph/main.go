// Command dipgraph turns news articles into a knowledge graph of diplomatic
// relations and serves it over HTTP.
//
//	dipgraph extract FILE…   articles in, one JSON result a line out
//	dipgraph ingest FILE…    extract and load into the store
//	dipgraph serve           HTTP API over the store
//	dipgraph query QUERY     run a raw Gizmo/GraphQL query against the store
//	dipgraph export          the whole graph in a graph viewer's format
//
// Exit status: 0 on success (and for -h, help and --version), 1 when a
// command fails, 2 for a usage error (an unknown command or flag, a
// missing or stray argument, a bad flag value).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"

	"github.com/dipgraph/dipgraph/internal/rawquery"
)

const usage = `dipgraph: a knowledge graph of diplomatic relations

Usage:
  dipgraph extract [flags] FILE…   extract entities, events and triples; JSON lines to stdout
  dipgraph ingest  [flags] FILE…   extract and load into the store
  dipgraph serve   [flags]         serve the HTTP API
  dipgraph query   [flags] QUERY   run a raw read-only query (Gizmo by default; "-" reads stdin)
  dipgraph export  [flags]         the whole graph as graphml, gexf, cytoscape, d3, json, nquads or jsonld (-o FILE)
  dipgraph migrate [flags] OLD NEW rebuild a store of an older format into a new, empty one

FILE is a JSON-lines file ({"id","title","date","text"} a line), a .txt file
(one article), a directory of those, a glob, or "-" for JSON lines on stdin.
The store is --db (default $DIPGRAPH_DB or ./dipgraph.db, embedded bolt;
postgres:// and cockroach:// URLs for the SQL backends).
extract, ingest and serve take user dictionaries: --actors FILE and --verbs
FILE (also $DIPGRAPH_ACTORS, $DIPGRAPH_VERBS), in the built-in tables'
formats (samples/user-actors.tsv, samples/user-verbs.tsv).
Run "dipgraph help COMMAND" or "dipgraph COMMAND -h" for the flags of a
command, "dipgraph --version" for the version. Exit status: 0 success,
1 failure, 2 usage error.
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
	"migrate": {runMigrate},
}

// Exit statuses.
const (
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	// A raw query's worker is this binary started again (internal/rawquery).
	rawquery.ServeIfWorker()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, log))
}

// run runs the command line args (without the program name) and returns
// the exit status.
func run(args []string, stdout, stderr io.Writer, log *slog.Logger) int {
	if len(args) < 1 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return 0
	case "--version", "-version", "version":
		fmt.Fprintln(stdout, versionString())
		return 0
	case "help":
		if len(args) == 1 {
			fmt.Fprint(stdout, usage)
			return 0
		}
		if len(args) > 2 {
			fmt.Fprintf(stderr, "dipgraph help: give one command, not %q\n", args[1:])
			return exitUsage
		}
		name, args = args[1], []string{args[1], "-h"}
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "dipgraph: unknown command %q\n\n%s", name, usage)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := cmd.run(ctx, args[1:], stdout, log)
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "dipgraph %s: %v\n", name, err)
		if ue.fs != nil {
			ue.fs.SetOutput(stderr)
			ue.fs.Usage()
		}
		return exitUsage
	default:
		fmt.Fprintf(stderr, "dipgraph %s: %v\n", name, err)
		return exitFailure
	}
}

// versionString names the build: the module version (or "devel"), the VCS
// revision when the binary was built from a checkout, and the Go version.
func versionString() string {
	v, rev, dirty := "devel", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	out := "dipgraph " + v
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		out += " " + rev
		if dirty {
			out += "+dirty"
		}
	}
	return out + " " + runtime.Version()
}

// usageError is a command line that cannot run: exit status 2, with the
// command's usage.
type usageError struct {
	fs  *flag.FlagSet
	msg string
}

func (e *usageError) Error() string { return e.msg }

// usageErrorf returns a usage error of fs's command.
func usageErrorf(fs *flag.FlagSet, format string, args ...any) error {
	return &usageError{fs: fs, msg: fmt.Sprintf(format, args...)}
}

// newFlags makes a command's flag set; errors are returned, not fatal, and
// the usage goes to stdout for -h (see parseFlags).
func newFlags(name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: dipgraph %s [flags] %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a command's flags: -h prints the usage on stdout
// and returns flag.ErrHelp; a bad flag is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(os.Stdout)
		fs.Usage()
		return flag.ErrHelp
	default:
		return &usageError{fs: fs, msg: err.Error()}
	}
}
