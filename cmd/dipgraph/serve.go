package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/httpapi"
	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/web"
)

// Environment variables read by serve; each flag's default comes from its
// variable when set.
const (
	envAPIKey         = "DIPGRAPH_API_KEY"       // API keys, comma-separated
	envAPIKeysFile    = "DIPGRAPH_API_KEYS_FILE" // --api-keys-file
	envAnonWrites     = "DIPGRAPH_ALLOW_ANONYMOUS_WRITES"
	envProtectReads   = "DIPGRAPH_REQUIRE_AUTH_FOR_READS"
	envTrustProxy     = "DIPGRAPH_TRUST_PROXY"
	envTrustedProxies = "DIPGRAPH_TRUSTED_PROXIES"
	envWriteRate      = "DIPGRAPH_WRITE_RATE"
	envQueryRate      = "DIPGRAPH_QUERY_RATE"
	envCORSOrigins    = "DIPGRAPH_CORS_ORIGINS"
	envOpenQueries    = "DIPGRAPH_OPEN_RAW_QUERIES"
	envQueryMemory    = "DIPGRAPH_QUERY_MEMORY" // MiB
)

// newHandler makes serve's HTTP handler; tests replace it to see the
// configuration.
var newHandler = httpapi.New

func runServe(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlags("serve", "")
	db := dbFlag(fs)
	readDB := readDBFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	queryTimeout := fs.Duration("query-timeout", 5*time.Second, "time limit of a raw query")
	requestTimeout := fs.Duration("request-timeout", httpapi.DefaultRequestTimeout, "time limit of every other request")
	queryLimit := fs.Int("query-limit", 1000, "results of a raw query at most")
	maxBody := fs.Int64("max-body", 4<<20, "request body bytes at most")
	keysFile := fs.String("api-keys-file", os.Getenv(envAPIKeysFile),
		"file of API keys for writes, one a line, # comments (also $"+envAPIKey+", comma-separated)")
	anonWrites := fs.Bool("allow-anonymous-writes", envBool(envAnonWrites),
		"accept writes without a key when no API key is configured (otherwise writes answer 403)")
	protectReads := fs.Bool("require-auth-for-reads", envBool(envProtectReads),
		"require an API key for reads, raw queries and /metrics too (/healthz, /readyz, /openapi.json stay open)")
	trustProxy := fs.Bool("trust-proxy", envBool(envTrustProxy),
		"take the client IP from X-Forwarded-For when the connection comes from a trusted proxy")
	trustedProxies := fs.String("trusted-proxies", os.Getenv(envTrustedProxies),
		"CIDRs of trusted proxies, comma-separated (default loopback)")
	defWriteRate, err := envInt(envWriteRate, httpapi.DefaultWriteRate)
	if err != nil {
		return err
	}
	defQueryRate, err := envInt(envQueryRate, httpapi.DefaultQueryRate)
	if err != nil {
		return err
	}
	writeRate := fs.Int("write-rate", defWriteRate, "writes per client IP and minute; 0 for no limit")
	queryRate := fs.Int("query-rate", defQueryRate, "raw queries per client IP and minute; 0 for no limit")
	openQueries := fs.Bool("open-raw-queries", envBool(envOpenQueries),
		"let anyone run raw queries without an API key (Gizmo is arbitrary JavaScript, bounded in time, memory and size; see README)")
	defQueryMemory, err := envInt(envQueryMemory, httpapi.DefaultQueryMemory>>20)
	if err != nil {
		return err
	}
	queryMemory := fs.Int("query-memory", defQueryMemory, "MiB of memory for all running raw queries together, shared by their worker processes")
	queryBytes := fs.Int64("query-bytes", httpapi.DefaultQueryBytes, "bytes of JSON results of one raw query at most")
	corsOrigins := fs.String("cors-origins", os.Getenv(envCORSOrigins),
		"browser origins allowed to call the API, comma-separated (https://viz.example.org, *); none: CORS off")
	rdfBase := fs.String("rdf-base", envOr("DIPGRAPH_RDF_BASE", export.DefaultBase), "IRI base of N-Quads exports, also $DIPGRAPH_RDF_BASE")
	create := fs.Bool("create", false, "create the store when --db names none (otherwise refused: ingest creates stores)")
	getLimits := limitFlags(fs)
	newExtractor := dictFlags(fs, log)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf(fs, "unexpected arguments %q", fs.Args())
	}
	lim, err := getLimits()
	if err != nil {
		return err
	}
	x, err := newExtractor()
	if err != nil {
		return err
	}
	keys, err := httpapi.LoadAPIKeys(os.Getenv(envAPIKey), *keysFile)
	if err != nil {
		return err
	}
	if *keysFile != "" {
		if fi, err := os.Stat(*keysFile); err == nil && fi.Mode().Perm()&0o077 != 0 {
			log.Warn("API keys file is readable by others", "file", *keysFile, "mode", fi.Mode().Perm().String())
		}
	}
	cfg := httpapi.Config{
		Extractor:            x,
		Logger:               log,
		QueryTimeout:         *queryTimeout,
		RequestTimeout:       *requestTimeout,
		QueryLimit:           *queryLimit,
		MaxBodyBytes:         *maxBody,
		Limits:               lim,
		APIKeys:              keys,
		AllowAnonymousWrites: *anonWrites,
		ProtectReads:         *protectReads,
		TrustProxy:           *trustProxy,
		TrustedProxies:       splitList(*trustedProxies),
		WriteRate:            perMinute(*writeRate),
		QueryRate:            perMinute(*queryRate),
		CORSOrigins:          splitList(*corsOrigins),
		OpenRawQueries:       *openQueries,
		QueryMemory:          int64(*queryMemory) << 20,
		QueryBytes:           *queryBytes,
		RDFBase:              *rdfBase,
	}
	if assets, ok := web.Assets(); ok {
		cfg.Explorer = assets
	}
	if *queryMemory < 16 {
		return fmt.Errorf("serve: --query-memory %d MiB: at least 16 MiB", *queryMemory)
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	store, err := openDBRead(*db, *readDB, *create)
	if err != nil {
		if errors.Is(err, graph.ErrInUse) {
			return fmt.Errorf("%w: another dipgraph (a server, an ingest) holds the store; stop it, or use the server that holds it", err)
		}
		return err
	}
	defer store.Close()
	cfg.Store = store

	writes := "API key"
	switch {
	case len(keys) == 0 && *anonWrites:
		writes = "anonymous"
	case len(keys) == 0:
		writes = "disabled (no API key configured)"
	}
	log.Info("access", "api_keys", len(keys), "writes", writes, "reads_need_key", *protectReads,
		"write_rate", *writeRate, "query_rate", *queryRate, "trust_proxy", *trustProxy,
		"cors_origins", len(cfg.CORSOrigins), "max_sentences", lim.MaxSentences, "max_sentence_bytes", lim.MaxSentenceBytes,
		"max_events", lim.MaxEvents, "max_quads", lim.MaxQuads)
	handler := newHandler(cfg)
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
	if *readDB != "" {
		log.Info("reads from a standby", "read_db", graph.RedactURL(*readDB))
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", graph.RedactURL(*db))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(httpapi.Listener(ln)) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// SIGINT/SIGTERM: finish in-flight requests, then close the store.
	log.Info("shutting down")
	// The grace period outlasts the longest request the server allows, so
	// a request in flight at SIGTERM is never cut off.
	grace := max(*requestTimeout, *queryTimeout) + 5*time.Second
	shutCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// perMinute turns a rate flag (0: no limit) into a Config rate (<0: no limit).
func perMinute(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// envBool is a boolean variable: 1, true, yes or on (any case) is true.
func envBool(name string) bool {
	switch strings.ToLower(strings.TrimSpace(os.Getenv(name))) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// envInt is an integer variable, def when unset.
func envInt(name string, def int) (int, error) {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("$%s=%q is not an integer", name, v)
	}
	return n, nil
}
