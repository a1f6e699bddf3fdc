package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/limits"
)

// Problem is an RFC 9457 problem detail, the body of every error response.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Instance  string `json:"instance"`
	RequestID string `json:"request_id,omitempty"`
	// Limit names the article limit exceeded, for article-too-large.
	Limit *ProblemLimit `json:"limit,omitempty"`
}

// ProblemLimit is the limit an article exceeded: the server flag that
// sets it, its value and the article's figure.
type ProblemLimit struct {
	Name   string `json:"name"` // max-sentences, max-sentence-bytes, max-events, max-quads
	Max    int    `json:"max"`
	Actual int    `json:"actual"`
}

// ProblemContentType is the media type of error responses.
const ProblemContentType = "application/problem+json"

// problemKind is one kind of problem the API reports: its status, its
// stable type URI and its short title.
type problemKind struct {
	status int
	slug   string
	title  string
}

const problemTypePrefix = "urn:dipgraph:problem:"

var (
	probBadRequest     = problemKind{http.StatusBadRequest, "bad-request", "Bad request"}
	probBadParameter   = problemKind{http.StatusBadRequest, "invalid-parameter", "Invalid parameter"}
	probBadJSON        = problemKind{http.StatusBadRequest, "malformed-json", "Malformed JSON body"}
	probBadEncoding    = problemKind{http.StatusBadRequest, "invalid-encoding", "Body is not valid UTF-8"}
	probBadQuery       = problemKind{http.StatusBadRequest, "bad-query", "Query failed"}
	probInvalidInput   = problemKind{http.StatusBadRequest, "invalid-input", "Input refused by the store"}
	probUnauthorized   = problemKind{http.StatusUnauthorized, "unauthorized", "API key required"}
	probForbidden      = problemKind{http.StatusForbidden, "forbidden", "Forbidden"}
	probNotFound       = problemKind{http.StatusNotFound, "not-found", "Not found"}
	probNoRoute        = problemKind{http.StatusNotFound, "no-route", "No such route"}
	probNoMethod       = problemKind{http.StatusMethodNotAllowed, "method-not-allowed", "Method not allowed"}
	probConflict       = problemKind{http.StatusConflict, "ambiguous", "Ambiguous reference"}
	probUnknownParam   = problemKind{http.StatusBadRequest, "unknown-parameter", "Unknown parameter"}
	probTooLarge       = problemKind{http.StatusRequestEntityTooLarge, "body-too-large", "Request body too large"}
	probArticleLimit   = problemKind{http.StatusRequestEntityTooLarge, "article-too-large", "Article over a limit"}
	probMediaType      = problemKind{http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported media type"}
	probInvalidArticle = problemKind{http.StatusUnprocessableEntity, "invalid-article", "Invalid article"}
	probRateLimited    = problemKind{http.StatusTooManyRequests, "rate-limited", "Too many requests"}
	probInternal       = problemKind{http.StatusInternalServerError, "internal", "Internal server error"}
	probUnavailable    = problemKind{http.StatusServiceUnavailable, "unavailable", "Service unavailable"}
	probBusy           = problemKind{http.StatusServiceUnavailable, "too-many-queries", "Too many concurrent queries"}
	probWriteBusy      = problemKind{http.StatusServiceUnavailable, "store-busy", "Store busy with another write"}
	probTimeout        = problemKind{http.StatusGatewayTimeout, "timeout", "Request timed out"}
	probQueryTimeout   = problemKind{http.StatusGatewayTimeout, "query-timeout", "Query timed out"}
	probQueryMemory    = problemKind{http.StatusUnprocessableEntity, "query-memory", "Query exceeded its memory limit"}
	probQueryTooLarge  = problemKind{http.StatusUnprocessableEntity, "query-result-too-large", "Query results too large"}
	probQueryCrashed   = problemKind{http.StatusUnprocessableEntity, "query-engine-failed", "Query engine failed"}
)

// writeRetryAfter is the Retry-After of a write refused because another
// held the store: the longest write, a capped article's delete, takes a
// few seconds.
const writeRetryAfter = 5

// statusClientClosed is logged when the client went away before the answer.
const statusClientClosed = 499

// apiError is an error with the problem it becomes.
type apiError struct {
	kind       problemKind
	detail     string
	retryAfter int // seconds; 0 for none
	limit      *limits.Error
	err        error
}

func (e *apiError) Error() string {
	if e.err != nil {
		return e.detail + ": " + e.err.Error()
	}
	return e.detail
}

func (e *apiError) Unwrap() error { return e.err }

// resourceError names what an error is about ("entity country:MEX"), for
// the problem's detail.
type resourceError struct {
	what string
	err  error
}

func (e *resourceError) Error() string { return e.what + ": " + e.err.Error() }
func (e *resourceError) Unwrap() error { return e.err }

// about wraps a graph error with the resource it concerns; nil stays nil.
func about(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return &resourceError{what: fmt.Sprintf(format, args...), err: err}
}

func problemf(k problemKind, format string, args ...any) *apiError {
	return &apiError{kind: k, detail: fmt.Sprintf(format, args...)}
}

// fail writes err as a problem. It is the one place errors become responses:
// *apiError carries its own problem; graph.ErrNotFound is 404,
// graph.ErrBadQuery and graph.ErrInvalid 400, graph.ErrClosed 503,
// graph.ErrBusy (a write that gave up waiting for another) 503 with
// Retry-After, an expired deadline 504, anything else 500.
func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	var tooLarge *http.MaxBytesError
	var overLimit *limits.Error
	switch {
	case errors.As(err, &ae):
	case errors.As(err, &overLimit):
		ae = &apiError{kind: probArticleLimit, detail: overLimit.Error(), limit: overLimit}
	case errors.As(err, &tooLarge):
		ae = problemf(probTooLarge, "request body exceeds the limit of %d bytes", tooLarge.Limit)
	case errors.Is(err, graph.ErrNotFound):
		ae = &apiError{kind: probNotFound, detail: "not found"}
		var re *resourceError
		if errors.As(err, &re) {
			ae.detail = re.what + " not found"
		}
	case errors.Is(err, graph.ErrBadCursor):
		ae = problemf(probBadParameter, "parameter cursor is not a cursor of this list: pass next_cursor (or the Link header) as it was given")
	case errors.Is(err, graph.ErrBadQuery):
		ae = &apiError{kind: probBadQuery, detail: fromSentinel(err, graph.ErrBadQuery), err: err}
	case errors.Is(err, graph.ErrInvalid):
		ae = &apiError{kind: probInvalidInput, detail: fromSentinel(err, graph.ErrInvalid), err: err}
	case errors.Is(err, graph.ErrClosed):
		ae = &apiError{kind: probUnavailable, detail: "the store is closed", err: err}
	case errors.Is(err, graph.ErrBusy) && !(errors.Is(err, context.Canceled) && r.Context().Err() != nil):
		// Another write held the store until this request's deadline:
		// nothing was written, and a retry shortly after may succeed.
		ae = &apiError{kind: probWriteBusy, retryAfter: writeRetryAfter, err: err,
			detail: "another write held the store for longer than this request may wait; nothing was written, retry later"}
	case errors.Is(err, context.DeadlineExceeded):
		ae = problemf(probTimeout, "the request did not finish within %s", a.cfg.RequestTimeout)
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		a.log.InfoContext(r.Context(), "client closed request",
			"request_id", middleware.GetReqID(r.Context()), "err", err)
		w.WriteHeader(statusClientClosed)
		return
	default:
		ae = &apiError{kind: probInternal, detail: "internal error; quote the request_id when reporting it", err: err}
	}
	// Server faults, and store refusals that may reveal an extractor bug.
	level := slog.LevelError
	if ae.kind == probInvalidInput {
		level = slog.LevelWarn
	}
	if ae.kind.status >= 500 || ae.kind == probInvalidInput {
		a.log.Log(r.Context(), level, "request failed",
			"request_id", middleware.GetReqID(r.Context()),
			"method", r.Method, "path", r.URL.Path, "status", ae.kind.status, "err", err)
	}
	a.writeProblem(w, r, ae)
}

// fromSentinel is err's message from the sentinel on ("bad query: …"),
// without the call-path prefixes wrapped around it.
func fromSentinel(err, sentinel error) string {
	msg := err.Error()
	if i := strings.Index(msg, sentinel.Error()+": "); i >= 0 {
		return msg[i:]
	}
	return msg
}

func (a *api) writeProblem(w http.ResponseWriter, r *http.Request, ae *apiError) {
	p := Problem{
		Type:      problemTypePrefix + ae.kind.slug,
		Title:     ae.kind.title,
		Status:    ae.kind.status,
		Detail:    ae.detail,
		Instance:  redactedURI(r.URL),
		RequestID: middleware.GetReqID(r.Context()),
	}
	if l := ae.limit; l != nil {
		p.Limit = &ProblemLimit{Name: l.Limit, Max: l.Max, Actual: l.Actual}
	}
	if ae.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(ae.retryAfter))
	}
	if st := stateOf(r.Context()); st != nil {
		st.problem = ae.kind.slug
	}
	a.send(w, r, p.Status, ProblemContentType, p)
}

// writeJSON writes v as JSON with status.
func (a *api) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	a.send(w, r, status, "application/json", v)
}

// send encodes v before writing anything, so an encoding failure can still
// become a 500 problem.
func (a *api) send(w http.ResponseWriter, r *http.Request, status int, contentType string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		if contentType == ProblemContentType {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		a.fail(w, r, fmt.Errorf("encode response: %w", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if _, err := w.Write(buf.Bytes()); err != nil {
		a.log.DebugContext(r.Context(), "write response",
			"request_id", middleware.GetReqID(r.Context()), "err", err)
	}
}
