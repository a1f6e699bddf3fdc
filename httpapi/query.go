package httpapi

import (
	"context"
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
	Results []any `json:"results"`
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
			out.results = []any{}
		}
		a.writeJSON(w, r, http.StatusOK, queryResponse{Results: out.results})
	case r.Context().Err() != nil:
		a.fail(w, r, fmt.Errorf("%s query: %w", req.Language, r.Context().Err()))
	case ctx.Err() != nil:
		// Whatever words the store used for the interrupted query.
		a.fail(w, r, problemf(probQueryTimeout,
			"the query did not finish within %s; narrow it, or bound it with .Limit(n)", a.cfg.QueryTimeout))
	default:
		a.fail(w, r, fmt.Errorf("%s query: %w", req.Language, out.err))
	}
}

type queryOutcome struct {
	results []any
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
	res, err := a.store.Query(ctx, req.Query, graph.QueryOptions{Language: req.Language, Limit: a.cfg.QueryLimit, Timeout: a.cfg.QueryTimeout})
	return queryOutcome{results: res, err: err}
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
