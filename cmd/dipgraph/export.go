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

// runExport writes the whole graph in one of the export formats to a file
// (written beside it and renamed into place once complete) or to stdout.
func runExport(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlags("export", "")
	db := dbFlag(fs)
	format := fs.String("format", export.GraphML, "format: "+strings.Join(export.Formats, ", "))
	out := fs.String("o", "", "output file (default stdout)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments %q: the graph comes from --db", fs.Args())
	}
	f := strings.ToLower(strings.TrimSpace(*format))
	if _, ok := export.ContentType(f); !ok {
		return fmt.Errorf("format %q is not one of %s", *format, strings.Join(export.Formats, ", "))
	}
	if err := storeExists(*db); err != nil {
		return err
	}
	store, err := graph.Open(*db)
	if err != nil {
		return err
	}
	defer store.Close()

	start := time.Now()
	var c exportCounts
	if *out == "" {
		if err := exportTo(ctx, store, f, stdout, &c); err != nil {
			return err
		}
	} else if err := exportFile(ctx, store, f, *out, &c); err != nil {
		return err
	}
	log.Info("graph exported", "db", *db, "format", f, "file", *out,
		"nodes", c.nodes, "edges", c.edges, "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// storeExists refuses a store path that is not there: opening it would
// create an empty store and export nothing.
func storeExists(db string) error {
	p := db
	for _, prefix := range []string{"bolt://", "bolt:"} {
		if strings.HasPrefix(p, prefix) {
			p = strings.TrimPrefix(p, prefix)
			break
		}
	}
	if _, err := os.Stat(p); err != nil {
		return fmt.Errorf("store %s: %w", db, err)
	}
	return nil
}

// exportFile writes the export to a temporary file in the directory of
// name and renames it to name when complete.
func exportFile(ctx context.Context, store *graph.Store, format, name string, c *exportCounts) (err error) {
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
	if err := exportTo(ctx, store, format, tmp, c); err != nil {
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

func exportTo(ctx context.Context, store *graph.Store, format string, w io.Writer, c *exportCounts) error {
	ew, err := export.NewWriter(format, w)
	if err != nil {
		return err
	}
	err = store.ExportGraph(ctx, &countingExport{Writer: ew, c: c})
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
