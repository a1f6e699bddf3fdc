package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/httpapi"
	"github.com/dipgraph/dipgraph/internal/extract"
)

func runServe(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlags("serve", "")
	db := fs.String("db", defaultDB(), "store: a path or bolt:PATH")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	queryTimeout := fs.Duration("query-timeout", 5*time.Second, "time limit of a raw query")
	queryLimit := fs.Int("query-limit", 1000, "results of a raw query at most")
	maxBody := fs.Int64("max-body", 4<<20, "request body bytes at most")
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := graph.Open(*db)
	if err != nil {
		return err
	}
	defer store.Close()

	handler := httpapi.New(httpapi.Config{
		Store:        store,
		Extractor:    extract.New(),
		Logger:       log,
		QueryTimeout: *queryTimeout,
		QueryLimit:   *queryLimit,
		MaxBodyBytes: *maxBody,
	})
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      *queryTimeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", *db)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// SIGINT/SIGTERM: finish in-flight requests, then close the store.
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
