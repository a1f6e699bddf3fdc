package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/export"
)

// runExport writes the whole graph in one or more of the export formats
// to files (each written beside its name and renamed into place once
// complete) or, for one format, to stdout.
func runExport(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlags("export", "")
	db := dbFlag(fs)
	readDB := readDBFlag(fs)
	format := fs.String("format", export.GraphML, "format, or a comma-separated list with -o DIR: "+strings.Join(export.Formats, ", "))
	out := fs.String("o", "", "output file, or a directory to write dipgraph.EXT in (default stdout); an existing directory for several formats")
	gexfVersion := fs.String("gexf-version", export.GEXF12, "GEXF version: 1.2 (1.2draft, read by networkx 2.8 and Gephi) or 1.3")
	rdfBase := fs.String("rdf-base", envOr("DIPGRAPH_RDF_BASE", export.DefaultBase), "IRI base of N-Quads exports, also $DIPGRAPH_RDF_BASE")
	preds := fs.String("predicates", "", "comma-separated predicates or groups (plover, verbs, all) of the edges to export (default all)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf(fs, "unexpected arguments %q: the graph comes from --db", fs.Args())
	}
	var formats []string
	exts := map[string]string{}
	for _, f := range strings.Split(*format, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		ext, ok := export.Extension(f)
		if !ok {
			return usageErrorf(fs, "format %q is not one of %s", f, strings.Join(export.Formats, ", "))
		}
		if prev, dup := exts[ext]; dup {
			return usageErrorf(fs, "formats %s and %s would both be written to dipgraph%s", prev, f, ext)
		}
		exts[ext] = f
		formats = append(formats, f)
	}
	if len(formats) == 0 {
		return usageErrorf(fs, "no format given: want one of %s", strings.Join(export.Formats, ", "))
	}
	wo := export.Options{GEXFVersion: *gexfVersion, Base: *rdfBase}
	if _, err := export.NewWriterOptions(export.GEXF, io.Discard, wo); err != nil {
		return usageErrorf(fs, "--gexf-version %q: want %s", *gexfVersion, strings.Join(export.GEXFVersions, " or "))
	}
	if err := export.CheckBase(*rdfBase); err != nil {
		return usageErrorf(fs, "--rdf-base: %v", err)
	}
	var predicates []string
	for _, p := range strings.Split(*preds, ",") {
		if p = strings.TrimSpace(p); p != "" {
			predicates = append(predicates, p)
		}
	}

	// Where each format goes: stdout, the file named, or DIR/dipgraph.EXT.
	dir := ""
	if *out != "" {
		if st, err := os.Stat(*out); err == nil && st.IsDir() {
			dir = *out
		}
	}
	if len(formats) > 1 && dir == "" {
		return usageErrorf(fs, "%d formats need -o DIR, an existing directory, to write dipgraph.EXT in for each", len(formats))
	}

	store, err := openDBRead(*db, *readDB, false)
	if err != nil {
		if errors.Is(err, graph.ErrInUse) {
			return fmt.Errorf("%w: a server (dipgraph serve) holds the store; stop it, or ask it: curl -OJ 'http://HOST:PORT/v1/export?format=%s'", err, formats[0])
		}
		return err
	}
	defer store.Close()

	for _, f := range formats {
		start := time.Now()
		var c exportCounts
		opts := graph.ExportOptions{Predicates: predicates, Articles: export.WantsArticles(f)}
		name := *out
		if dir != "" {
			name = filepath.Join(dir, "dipgraph"+mustExt(f))
		}
		if name == "" {
			if err := exportTo(ctx, store, f, wo, opts, stdout, &c); err != nil {
				return err
			}
		} else if err := exportFile(ctx, store, f, wo, opts, name, &c); err != nil {
			return err
		}
		log.Info("graph exported", "db", *db, "format", f, "file", name,
			"nodes", c.nodes, "edges", c.edges, "duration", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

func mustExt(format string) string {
	ext, _ := export.Extension(format)
	return ext
}

// envOr returns the environment variable name, or def when it is unset.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// exportFile writes the export to a temporary file in the directory of
// name and renames it to name when complete.
func exportFile(ctx context.Context, store *graph.Store, format string, wo export.Options, opts graph.ExportOptions, name string, c *exportCounts) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := exportTo(ctx, store, format, wo, opts, tmp, c); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

func exportTo(ctx context.Context, store *graph.Store, format string, wo export.Options, opts graph.ExportOptions, w io.Writer, c *exportCounts) error {
	ew, err := export.NewWriterOptions(format, w, wo)
	if err != nil {
		return err
	}
	err = store.ExportGraph(ctx, &countingExport{Writer: ew, c: c}, opts)
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("export interrupted: %w", err)
	}
	return err
}

type exportCounts struct{ nodes, edges int }

// countingExport counts what passes through to an export.Writer.
type countingExport struct {
	export.Writer
	c *exportCounts
}

func (w *countingExport) Node(n export.Node) error {
	if err := w.Writer.Node(n); err != nil {
		return err
	}
	w.c.nodes++
	return nil
}

func (w *countingExport) Edge(e export.Edge) error {
	if err := w.Writer.Edge(e); err != nil {
		return err
	}
	w.c.edges++
	return nil
}
