package httpapi

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/limits"
)

// routeUnmatched is the route label of requests that matched no route
// (404, 405, CORS preflights): raw paths never become label values.
const routeUnmatched = "unmatched"

// Outcomes of a raw query, the outcome label of dipgraph_raw_queries_total.
const (
	queryOK       = "ok"
	queryBad      = "bad"      // the request or the query is wrong (4xx)
	queryTimeout  = "timeout"  // cut at QueryTimeout (504)
	queryRejected = "rejected" // not run: rate limit, no free slot, no key
	queryCanceled = "canceled" // the client went away
	queryError    = "error"    // the server failed (5xx)
)

// metrics are the API's Prometheus metrics, in a registry of their own:
// Cayley registers its own (older) metrics on the default registry, and
// every New gets a fresh set, as tests build many handlers.
type metrics struct {
	reg *prometheus.Registry

	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge

	articles        *prometheus.CounterVec
	articlesInvalid prometheus.Counter
	// articlesOverLimit counts articles refused by an article limit.
	articlesOverLimit *prometheus.CounterVec
	extractErrors     prometheus.Counter
	ingestErrors      prometheus.Counter
	deleted           prometheus.Counter
	queries           *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dipgraph_http_requests_total",
			Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "dipgraph_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and method.",
			Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "dipgraph_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dipgraph_articles_ingested_total",
			Help: "Articles ingested over HTTP: created, or already present (nothing written).",
		}, []string{"result"}),
		articlesInvalid: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "dipgraph_articles_invalid_total",
			Help: "Articles refused before extraction: bad media type, encoding, JSON, size or fields.",
		}),
		articlesOverLimit: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dipgraph_articles_over_limit_total",
			Help: "Articles refused (413) for a limit, by limit: max-sentences, max-sentence-bytes, max-events, max-quads.",
		}, []string{"limit"}),
		extractErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "dipgraph_extraction_errors_total",
			Help: "Articles whose extraction failed or whose result the store refused as invalid.",
		}),
		ingestErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "dipgraph_ingest_errors_total",
			Help: "Articles the store failed to write.",
		}),
		deleted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "dipgraph_articles_deleted_total",
			Help: "Articles retracted over HTTP.",
		}),
		queries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dipgraph_raw_queries_total",
			Help: "Raw queries by outcome: ok, bad, timeout, rejected, canceled, error.",
		}, []string{"outcome"}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.inFlight, m.articles, m.articlesInvalid, m.articlesOverLimit,
		m.extractErrors, m.ingestErrors, m.deleted, m.queries,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Known label values start at zero, so rates work from the first scrape.
	for _, r := range []string{"created", "existing"} {
		m.articles.WithLabelValues(r)
	}
	for _, l := range []string{limits.FlagSentences, limits.FlagSentenceBytes, limits.FlagEvents, limits.FlagQuads} {
		m.articlesOverLimit.WithLabelValues(l)
	}
	for _, o := range []string{queryOK, queryBad, queryTimeout, queryRejected, queryCanceled, queryError} {
		m.queries.WithLabelValues(o)
	}
	return m
}

// changeLog exports how the store follows the writes of the other
// servers on its PostgreSQL database (graph.Store.ChangeLog): the last
// change row applied, the rows applied and polls made, and the age of the
// last successful poll (0 on bolt), which should stay under a second.
func (m *metrics) changeLog(s *graph.Store) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "dipgraph_change_log_last_id",
			Help: "ID of the last row of the PostgreSQL change log this server applied.",
		}, func() float64 { return float64(s.ChangeLog().LastChange) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "dipgraph_change_log_applied_total",
			Help: "Change log rows of other servers applied to this server's caches.",
		}, func() float64 { return float64(s.ChangeLog().Applied) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "dipgraph_change_log_polls_total",
			Help: "Successful polls of the PostgreSQL change log.",
		}, func() float64 { return float64(s.ChangeLog().Polls) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "dipgraph_change_log_poll_age_seconds",
			Help: "Seconds since the last successful poll of the PostgreSQL change log (0 on bolt).",
		}, func() float64 {
			if t := s.ChangeLog().LastPoll; !t.IsZero() {
				return time.Since(t).Seconds()
			}
			return 0
		}),
	)
}

func (m *metrics) handler(log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(log.Handler(), slog.LevelError),
		ErrorHandling: promhttp.ContinueOnError,
	})
}

// observe records one finished request. route is its pattern or
// routeUnmatched; the raw query route also counts its outcome.
func (m *metrics) observe(route, method string, status int, problem string, seconds float64) {
	method = methodLabel(method)
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(seconds)
	if route == "/v1/query" && method == http.MethodPost {
		m.queries.WithLabelValues(classifyQuery(status, problem)).Inc()
	}
}

// classifyQuery classifies a raw query's answer by its status and the slug
// of its problem.
func classifyQuery(status int, problem string) string {
	switch {
	case status < 300:
		return queryOK
	case problem == probQueryTimeout.slug:
		return queryTimeout
	case problem == probRateLimited.slug || problem == probBusy.slug ||
		problem == probUnauthorized.slug || problem == probForbidden.slug:
		return queryRejected
	case status == statusClientClosed:
		return queryCanceled
	case status < 500:
		return queryBad
	default:
		return queryError
	}
}

// methodLabel keeps the method label to the methods HTTP defines: a
// client can send any token as a method.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}
