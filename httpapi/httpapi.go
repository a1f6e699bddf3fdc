// Package httpapi serves the knowledge graph over HTTP: a chi router whose
// handlers parse a request, call one graph function and encode the answer.
// Every error leaves as an RFC 9457 problem (application/problem+json) made
// in one place, problem.go.
//
// Routes:
//
//	GET    /                            the explorer's page (explorer.go), or how to build it
//	GET    /assets/{file}               the explorer's script and style sheet
//	GET    /healthz                     the process is alive
//	GET    /readyz                      the store answers
//	GET    /metrics                     Prometheus metrics
//	GET    /openapi.json                the OpenAPI 3.1 description of this API
//	GET    /v1/schema                   the vocabulary (schema.Describe)
//	POST   /v1/articles                 ingest an article (JSON or text/plain); API key
//	GET    /v1/articles                 ?from=&to=&limit=&cursor=: stored articles, newest first
//	GET    /v1/articles/{id}            one stored article, by article ID or its own (source) ID
//	DELETE /v1/articles/{id}            retract an article; API key
//	GET    /v1/entities                 ?type=&q=&limit=&cursor=
//	GET    /v1/entities/{id}            one entity
//	GET    /v1/entities/{id}/relations  analyst edges in and out, with evidence
//	GET    /v1/triples                  ?subject=&predicate=&object=&limit=&cursor=
//	GET    /v1/events                   ?actor=&type=&from=&to=&limit=&cursor=
//	GET    /v1/graph                    ?center=&depth=&types=&predicates=&from=&to=&limit=&format=
//	GET    /v1/paths                    ?from=&to=&max=&limit=: shortest paths with evidence
//	GET    /v1/dyads                    ?country=&sort=&limit=&cursor=: a country's counterparts ranked
//	GET    /v1/dyads/{a}/{b}            ?from=&to=&interval=: two countries' events and tension over time
//	GET    /v1/export                   ?format=&version=&predicates=&limit=&cursor=: the whole graph, streamed, or a page of it
//	POST   /v1/query                    raw Cayley query, bounded in time, size and concurrency
//
// Access: writes (POST and DELETE of articles) need "Authorization: Bearer
// KEY" with one of Config.APIKeys; with no key configured they are refused
// (403) unless Config.AllowAnonymousWrites. Raw queries need a key too
// unless Config.OpenRawQueries. Reads are open unless Config.ProtectReads,
// which puts them and /metrics behind a key too; /healthz, /readyz and
// /openapi.json stay open. Writes, raw queries and exports are rate limited
// per client IP. A query parameter a route does not take is a 400.
package httpapi

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/internal/limits"
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

	// Limits bound one article: its sentences, checked before extraction,
	// and the events and quads extracted; over one, POST /v1/articles
	// answers 413. Zero fields take limits.Default's.
	Limits limits.Article

	// RequestTimeout bounds every route but the raw query, default 20s.
	RequestTimeout time.Duration
	// MaxQueries caps concurrent raw queries, default max(2, GOMAXPROCS):
	// the store runs no more at once, so a higher cap would only queue
	// queries inside the store until they time out.
	MaxQueries int
	// QueryMemory is the memory of all running raw queries together,
	// default DefaultQueryMemory: each runs in a worker process limited to
	// QueryMemory/MaxQueries and is stopped past it.
	QueryMemory int64
	// QueryBytes caps the JSON results of one raw query, default
	// DefaultQueryBytes.
	QueryBytes int64
	// OpenRawQueries lets raw queries (arbitrary JavaScript, for Gizmo) run
	// without an API key; by default they need one, like writes.
	OpenRawQueries bool

	// APIKeys are the bearer keys accepted for writes (and for reads with
	// ProtectReads). Each is at least MinAPIKeyLen bytes, without white
	// space; see LoadAPIKeys.
	APIKeys []string
	// AllowAnonymousWrites opens writes to anyone when no API key is
	// configured; without it and without keys, writes answer 403.
	AllowAnonymousWrites bool
	// ProtectReads puts every read, raw queries and /metrics behind an API
	// key; /healthz, /readyz and /openapi.json stay open.
	ProtectReads bool

	// TrustProxy takes the client IP, for rate limits and logs, from
	// X-Forwarded-For when the connection comes from one of TrustedProxies
	// (CIDRs, default loopback: 127.0.0.0/8 and ::1/128). Without it the
	// client IP is the connection's remote address and X-Forwarded-For is
	// ignored: a client can put anything there.
	TrustProxy     bool
	TrustedProxies []string

	// WriteRate and QueryRate are the writes and raw queries one client IP
	// may make per minute, default DefaultWriteRate and DefaultQueryRate;
	// negative for no limit.
	WriteRate int
	QueryRate int
	// AuthFailureRate is the failed authentications (401) one client IP
	// may make per minute before it is answered 429, default
	// DefaultAuthFailureRate; negative for no limit. Failures spend no
	// write or query budget: those are charged after authentication.
	AuthFailureRate int
	// BadKeyLogEvery is the interval between two "invalid API key" log
	// lines, each with the count of those suppressed, default 10s.
	BadKeyLogEvery time.Duration

	// RDFBase is the IRI base of N-Quads exports, default
	// export.DefaultBase ("urn:dipgraph:"); see export.CheckBase.
	RDFBase string

	// CORSOrigins are the browser origins allowed to call the API
	// ("https://viz.example.org", "https://*.example.org", or "*");
	// none turns CORS off.
	CORSOrigins []string

	// Explorer holds the explorer's built files (index.html and assets/,
	// as web.Assets returns them), served at / and /assets/. Nil: / says
	// how to build the explorer.
	Explorer fs.FS
}

// Defaults.
const (
	DefaultQueryTimeout    = 5 * time.Second
	DefaultQueryLimit      = 1000
	DefaultMaxBodyBytes    = 4 << 20
	DefaultRequestTimeout  = 20 * time.Second
	DefaultQueryMemory     = 256 << 20
	DefaultQueryBytes      = 16 << 20
	DefaultWriteRate       = 60  // per client IP and minute
	DefaultQueryRate       = 120 // per client IP and minute
	DefaultAuthFailureRate = 30  // failed authentications per client IP and minute
	DefaultBadKeyLogEvery  = 10 * time.Second

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
	keys      keyring
	metrics   *metrics

	explorer *explorer

	authFailures *failureBudget
	badKeyLog    *logThrottle
}

// New returns the HTTP handler of the API, a chi router. It panics when
// cfg.Store is nil or cfg does not pass Validate; without an Extractor,
// POST /v1/articles answers 503.
func New(cfg Config) http.Handler {
	if cfg.Store == nil {
		panic("httpapi.New: nil Store")
	}
	if err := cfg.Validate(); err != nil {
		panic("httpapi.New: " + err.Error())
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
	cfg.Limits = cfg.Limits.WithDefaults()
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxQueries <= 0 {
		cfg.MaxQueries = max(2, runtime.GOMAXPROCS(0))
	}
	if cfg.QueryMemory <= 0 {
		cfg.QueryMemory = DefaultQueryMemory
	}
	if cfg.QueryBytes <= 0 {
		cfg.QueryBytes = DefaultQueryBytes
	}
	if cfg.WriteRate == 0 {
		cfg.WriteRate = DefaultWriteRate
	}
	if cfg.QueryRate == 0 {
		cfg.QueryRate = DefaultQueryRate
	}
	if cfg.AuthFailureRate == 0 {
		cfg.AuthFailureRate = DefaultAuthFailureRate
	}
	if cfg.BadKeyLogEvery <= 0 {
		cfg.BadKeyLogEvery = DefaultBadKeyLogEvery
	}
	if cfg.TrustProxy && len(cfg.TrustedProxies) == 0 {
		cfg.TrustedProxies = defaultTrustedProxies
	}
	a := &api{
		store:     cfg.Store,
		extractor: cfg.Extractor,
		log:       cfg.Logger,
		cfg:       cfg,
		queries:   make(chan struct{}, cfg.MaxQueries),
		keys:      newKeyring(cfg.APIKeys),
		metrics:   newMetrics(),

		authFailures: newFailureBudget(cfg.AuthFailureRate, rateWindow),
		badKeyLog:    &logThrottle{every: cfg.BadKeyLogEvery},
	}
	if cfg.Store != nil {
		a.metrics.changeLog(cfg.Store)
	}
	ex, err := newExplorer(cfg.Explorer)
	if err != nil {
		panic("httpapi.New: " + err.Error())
	}
	a.explorer = ex
	a.logExplorer()
	return a.routes()
}

// Validate reports a configuration that cannot be served: a malformed or
// short API key, keys together with AllowAnonymousWrites, ProtectReads
// without a key, a malformed trusted proxy CIDR or CORS origin.
func (c Config) Validate() error {
	for i, k := range c.APIKeys {
		if err := checkAPIKey(k); err != nil {
			return fmt.Errorf("API key %d: %w", i+1, err)
		}
	}
	if c.AllowAnonymousWrites && len(c.APIKeys) > 0 {
		return errors.New("anonymous writes and API keys exclude each other: drop the keys or the anonymous writes")
	}
	if c.ProtectReads && len(c.APIKeys) == 0 {
		return errors.New("protected reads need at least one API key")
	}
	for _, p := range c.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			return fmt.Errorf("trusted proxy %q: want a CIDR such as 10.0.0.0/8: %w", p, err)
		}
	}
	for _, o := range c.CORSOrigins {
		if err := checkOrigin(o); err != nil {
			return err
		}
	}
	if c.RDFBase != "" {
		if err := export.CheckBase(c.RDFBase); err != nil {
			return fmt.Errorf("RDF base: %w", err)
		}
	}
	return nil
}

func (a *api) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	// HEAD of a GET route answers as GET does; net/http drops the body.
	r.Use(middleware.GetHead)
	r.Use(a.clientIP())
	r.Use(a.observe)
	r.Use(a.recoverer)
	if len(a.cfg.CORSOrigins) > 0 {
		// At the top of the router, before any route or group: a preflight
		// request carries no key and matches no OPTIONS route.
		r.Use(a.cors())
	}
	r.NotFound(a.notFound)
	r.MethodNotAllowed(a.methodNotAllowed(r))

	// The explorer's page and files: open to all, like /openapi.json; the
	// page asks for a key when the API's reads need one. The page's own
	// query parameters are its deep links, read by the page, so they are
	// not checked here.
	r.Get("/", a.explorerIndex)
	r.Get("/assets/{file}", a.explorerAsset)
	// Every other route refuses query parameters its operation in
	// openapi.json does not describe (checkParams).
	p := a.checkParams
	r.With(p).Get("/healthz", a.healthz)
	r.With(p).Get("/openapi.json", a.openAPI)
	r.With(p, a.requireReadKey).Get("/metrics", a.metrics.handler(a.log).ServeHTTP)

	writeLimit := a.rateLimit("writes", a.cfg.WriteRate)
	r.Group(func(r chi.Router) {
		r.Use(p, requestTimeout(a.cfg.RequestTimeout))
		r.Get("/readyz", a.readyz)

		r.Group(func(r chi.Router) {
			// The write budget is charged after authentication: anonymous
			// failures spend their own budget (AuthFailureRate), not the
			// one of the client's authenticated writes.
			r.Use(a.requireWriteKey, writeLimit)
			r.Post("/v1/articles", a.postArticle)
			r.Delete("/v1/articles/{id}", a.deleteArticle)
		})

		r.Group(func(r chi.Router) {
			r.Use(a.requireReadKey)
			r.Get("/v1/schema", a.getSchema)
			r.Get("/v1/articles", a.listArticles)
			r.Get("/v1/articles/{id}", a.getArticle)
			r.Get("/v1/entities", a.listEntities)
			r.Get("/v1/entities/{id}", a.getEntity)
			r.Get("/v1/entities/{id}/relations", a.listRelations)
			r.Get("/v1/triples", a.listTriples)
			r.Get("/v1/events", a.listEvents)
			r.Get("/v1/graph", a.getGraph)
			r.Get("/v1/paths", a.getPaths)
			r.Get("/v1/dyads", a.listDyads)
			r.Get("/v1/dyads/{a}/{b}", a.getDyad)
		})
	})

	// The raw query carries its own deadline (QueryTimeout).
	r.With(p, a.requireQueryKey, a.rateLimit("queries", a.cfg.QueryRate)).Post("/v1/query", a.postQuery)
	// The whole-graph export streams for as long as the graph takes, under
	// the raw queries' rate with a budget of its own.
	r.With(p, a.requireReadKey, a.rateLimit("exports", a.cfg.QueryRate)).Get("/v1/export", a.getExport)
	return r
}
