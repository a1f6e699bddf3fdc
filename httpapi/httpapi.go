// Package httpapi serves the knowledge graph over HTTP: a chi router whose
// handlers parse a request, call one graph function and encode the answer.
// Every error leaves as an RFC 9457 problem (application/problem+json) made
// in one place, problem.go.
//
// Routes:
//
//	GET    /healthz                     the process is alive
//	GET    /readyz                      the store answers
//	GET    /v1/schema                   the vocabulary (schema.Describe)
//	POST   /v1/articles                 ingest an article (JSON or text/plain)
//	GET    /v1/articles/{id}            one stored article
//	DELETE /v1/articles/{id}            retract an article
//	GET    /v1/entities                 ?type=&q=&limit=&cursor=
//	GET    /v1/entities/{id}            one entity
//	GET    /v1/entities/{id}/relations  analyst edges in and out, with evidence
//	GET    /v1/triples                  ?subject=&predicate=&object=&limit=&cursor=
//	GET    /v1/events                   ?actor=&type=&from=&to=&limit=&cursor=
//	POST   /v1/query                    raw Cayley query, bounded in time, size and concurrency
package httpapi

import (
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/schema"
)

// Extractor is what the API needs of the extractor
// (internal/extract.(*Extractor) satisfies it).
type Extractor interface {
	Extract(schema.Article) schema.Result
}

// Config configures the API. Zero values take the defaults noted.
type Config struct {
	Store        *graph.Store
	Extractor    Extractor
	Logger       *slog.Logger
	QueryTimeout time.Duration // raw queries, default 5s
	QueryLimit   int           // raw query results, default 1000
	MaxBodyBytes int64         // default 4 MiB

	// RequestTimeout bounds every route but the raw query, default 20s.
	RequestTimeout time.Duration
	// MaxQueries caps concurrent raw queries, default max(2, GOMAXPROCS):
	// the store runs no more at once, so a higher cap would only queue
	// queries inside the store until they time out.
	MaxQueries int
}

// Defaults.
const (
	DefaultQueryTimeout   = 5 * time.Second
	DefaultQueryLimit     = 1000
	DefaultMaxBodyBytes   = 4 << 20
	DefaultRequestTimeout = 20 * time.Second

	defaultPageLimit = 50
	maxPageLimit     = 1000
	maxQueryBytes    = 256 << 10
)

type api struct {
	store     *graph.Store
	extractor Extractor
	log       *slog.Logger
	cfg       Config
	queries   chan struct{} // semaphore of running raw queries
}

// New returns the HTTP handler of the API. It panics when cfg.Store is nil;
// without an Extractor, POST /v1/articles answers 503.
func New(cfg Config) http.Handler {
	if cfg.Store == nil {
		panic("httpapi.New: nil Store")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.QueryTimeout <= 0 {
		cfg.QueryTimeout = DefaultQueryTimeout
	}
	if cfg.QueryLimit <= 0 {
		cfg.QueryLimit = DefaultQueryLimit
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxQueries <= 0 {
		cfg.MaxQueries = max(2, runtime.GOMAXPROCS(0))
	}
	a := &api{
		store:     cfg.Store,
		extractor: cfg.Extractor,
		log:       cfg.Logger,
		cfg:       cfg,
		queries:   make(chan struct{}, cfg.MaxQueries),
	}
	return a.routes()
}

func (a *api) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(a.logRequests)
	r.Use(a.recoverer)
	r.NotFound(a.notFound)
	r.MethodNotAllowed(a.methodNotAllowed(r))

	r.Get("/healthz", a.healthz)

	r.Group(func(r chi.Router) {
		r.Use(requestTimeout(a.cfg.RequestTimeout))
		r.Get("/readyz", a.readyz)
		r.Get("/v1/schema", a.getSchema)

		r.Post("/v1/articles", a.postArticle)
		r.Get("/v1/articles/{id}", a.getArticle)
		r.Delete("/v1/articles/{id}", a.deleteArticle)

		r.Get("/v1/entities", a.listEntities)
		r.Get("/v1/entities/{id}", a.getEntity)
		r.Get("/v1/entities/{id}/relations", a.listRelations)
		r.Get("/v1/triples", a.listTriples)
		r.Get("/v1/events", a.listEvents)
	})

	// The raw query carries its own deadline (QueryTimeout).
	r.Post("/v1/query", a.postQuery)
	return r
}
