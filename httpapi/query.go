package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
)

type queryRequest struct {
	Language string `json:"language"`
	Query    string `json:"query"`
}

type queryResponse struct {
	Results []json.RawMessage `json:"results"`
}

// postQuery runs a raw read-only query. It holds one of MaxQueries slots
// until the store gives the query up, answers 503 with Retry-After when
// none is free, and answers 504 at QueryTimeout even if the store is slow
// to stop.
func (a *api) postQuery(w http.ResponseWriter, r *http.Request) {
	req, err := a.readQuery(w, r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	select {
	case a.queries <- struct{}{}:
	default:
		a.fail(w, r, &apiError{
			kind:       probBusy,
			detail:     fmt.Sprintf("%d raw queries are already running; retry later", cap(a.queries)),
			retryAfter: int(math.Ceil(a.cfg.QueryTimeout.Seconds())),
		})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), a.cfg.QueryTimeout)
	defer cancel()
	done := make(chan queryOutcome, 1)
	go func() {
		defer func() { <-a.queries }()
		done <- a.runQuery(ctx, req)
	}()

	var out queryOutcome
	select {
	case out = <-done:
	case <-ctx.Done():
		out.err = ctx.Err()
	}
	switch {
	case out.err == nil:
		if out.results == nil {
			out.results = []json.RawMessage{}
		}
		a.writeJSON(w, r, http.StatusOK, queryResponse{Results: out.results})
	case r.Context().Err() != nil:
		a.fail(w, r, fmt.Errorf("%s query: %w", req.Language, r.Context().Err()))
	case ctx.Err() != nil:
		// Whatever words the store used for the interrupted query.
		a.fail(w, r, problemf(probQueryTimeout,
			"the query did not finish within %s (--query-timeout); narrow it, or bound it with .Limit(n)", a.cfg.QueryTimeout))
	case errors.Is(out.err, graph.ErrQueryMemory):
		a.fail(w, r, problemf(probQueryMemory,
			"the query needed more than its memory limit of %d MiB (--query-memory %d MiB shared by %d queries) and was stopped",
			a.queryMemory()>>20, a.cfg.QueryMemory>>20, cap(a.queries)))
	case errors.Is(out.err, graph.ErrQueryTooLarge):
		a.fail(w, r, problemf(probQueryTooLarge,
			"the query's results exceed %d bytes; bound it with .Limit(n) or return less of each result", a.cfg.QueryBytes))
	case errors.Is(out.err, graph.ErrQueryCrashed):
		a.fail(w, r, &apiError{kind: probQueryCrashed, err: out.err,
			detail: fromSentinel(out.err, graph.ErrQueryCrashed) + " (the query was stopped; the server is unaffected)"})
	default:
		a.fail(w, r, fmt.Errorf("%s query: %w", req.Language, out.err))
	}
}

type queryOutcome struct {
	results []json.RawMessage
	err     error
}

// runQuery calls the store, turning a panic in the query engine into an
// error: it runs outside the request's goroutine, out of the recoverer's
// reach.
func (a *api) runQuery(ctx context.Context, req queryRequest) (out queryOutcome) {
	defer func() {
		if rec := recover(); rec != nil {
			out = queryOutcome{err: fmt.Errorf("query engine panic: %v", rec)}
		}
	}()
	res, err := a.store.Query(ctx, req.Query, graph.QueryOptions{
		Language: req.Language, Limit: a.cfg.QueryLimit, Timeout: a.cfg.QueryTimeout,
		MaxBytes: a.cfg.QueryBytes, Memory: a.queryMemory(),
	})
	return queryOutcome{results: res, err: err}
}

// queryMemory is the memory limit of one raw query's worker: the budget
// shared by the queries that may run at once.
func (a *api) queryMemory() int64 {
	return a.cfg.QueryMemory / int64(cap(a.queries))
}

// requireQueryKey guards the raw query: arbitrary JavaScript for Gizmo, so
// it needs an API key like a write unless the operator opened it.
func (a *api) requireQueryKey(next http.Handler) http.Handler {
	if a.cfg.OpenRawQueries {
		return a.requireReadKey(next)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.keys.empty() {
			a.fail(w, r, problemf(probForbidden,
				"raw queries need an API key and none is configured: set DIPGRAPH_API_KEY or --api-keys-file, or open them with --open-raw-queries"))
			return
		}
		if a.authenticate(w, r) {
			next.ServeHTTP(w, r)
		}
	})
}

// readQuery reads and checks the JSON body of a raw query.
func (a *api) readQuery(w http.ResponseWriter, r *http.Request) (queryRequest, error) {
	var req queryRequest
	if _, err := mediaType(r, mediaJSON); err != nil {
		return req, err
	}
	body, err := readBody(w, r, min(a.cfg.MaxBodyBytes, maxQueryBytes))
	if err != nil {
		return req, err
	}
	if err := decodeJSON(body, &req); err != nil {
		return req, err
	}
	req.Language = strings.ToLower(strings.TrimSpace(req.Language))
	if req.Language == "" {
		req.Language = "gizmo"
	}
	if !knownLanguage(req.Language) {
		return req, problemf(probBadRequest, "language %q is not supported: want one of %s",
			req.Language, strings.Join(graph.QueryLanguages, ", "))
	}
	if strings.TrimSpace(req.Query) == "" {
		return req, problemf(probBadRequest, "query is missing or empty")
	}
	return req, nil
}

func knownLanguage(l string) bool {
	for _, k := range graph.QueryLanguages {
		if l == k {
			return true
		}
	}
	return false
}
