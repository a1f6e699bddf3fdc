package httpapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/export"
	"github.com/dipgraph/dipgraph/schema"
)

// The analysis routes:
//
//	GET /v1/graph            ?center=&depth=&types=&predicates=&from=&to=&limit=&format=
//	GET /v1/paths            ?from=&to=&max=&limit=
//	GET /v1/dyads/{a}/{b}    ?from=&to=&interval=
//	GET /v1/dyads            ?country=&sort=&limit=&cursor=
//	GET /v1/export           ?format=&version=&predicates=&limit=&cursor=
//
// /v1/graph and /v1/export answer in the export formats (json, cytoscape,
// graphml, gexf, d3, nquads); the others in JSON.

// Headers of /v1/graph: whether the edge limit cut the subgraph short, the
// limit applied, and how many nodes and edges the body holds. The body
// says the same in its trailer; the headers let a client know before
// parsing it.
const (
	HeaderTruncated = "X-Dipgraph-Truncated"
	HeaderLimit     = "X-Dipgraph-Limit"
	HeaderNodes     = "X-Dipgraph-Nodes"
	HeaderEdges     = "X-Dipgraph-Edges"
	// HeaderNextCursor is the cursor of the next page of /v1/export.
	HeaderNextCursor = "X-Dipgraph-Next-Cursor"
)

const defaultFormat = export.JSON

// intParam returns an optional integer parameter in lo..hi, def when absent.
func (q *query) intParam(name string, def, lo, hi int) int {
	s := q.str(name, 32)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		q.fail("parameter %s=%q is not an integer", name, s)
	case n < lo || n > hi:
		q.fail("parameter %s=%d is out of range: want %d to %d", name, n, lo, hi)
	default:
		return n
	}
	return def
}

// boolParam reads a flag: true or false (also 1 or 0); absent is false.
func (q *query) boolParam(name string) bool {
	switch v := q.str(name, 8); v {
	case "", "false", "0":
		return false
	case "true", "1":
		return true
	default:
		q.fail("parameter %s: %q is not a boolean: want true or false", name, v)
		return false
	}
}

// listParam returns a comma-separated parameter, its items trimmed and the
// blank ones dropped.
func (q *query) listParam(name string) []string {
	var out []string
	for _, s := range strings.Split(q.str(name, maxParamLen), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// requiredID returns an ID parameter that must be given.
func (q *query) requiredID(name, example string) string {
	id := q.id(name)
	if id == "" {
		q.fail("parameter %s is missing: give an entity ID such as %s", name, example)
	}
	return id
}

// format returns the export format, default json, in lower case.
func (q *query) format() string {
	f := strings.ToLower(q.str("format", 32))
	if f == "" {
		return defaultFormat
	}
	if _, ok := export.ContentType(f); !ok {
		q.fail("parameter format=%q is not an export format: want one of %s", f, strings.Join(export.Formats, ", "))
		return defaultFormat
	}
	return f
}

// writerOptions reads the version parameter, GEXF's only, and adds the
// server's N-Quads base.
func (q *query) writerOptions(format, base string) export.Options {
	o := export.Options{Base: base, GEXFVersion: q.str("version", 32)}
	if o.GEXFVersion == "" {
		return o
	}
	if format != export.GEXF {
		q.fail("parameter version applies to format=gexf only")
		return o
	}
	switch o.GEXFVersion {
	case export.GEXF12, export.GEXF13:
	default:
		q.fail("parameter version=%q is not a GEXF version written: want %s (1.2draft, the default) or %s", o.GEXFVersion, export.GEXF12, export.GEXF13)
	}
	return o
}

// predicates reads the predicates parameter: predicate names and the
// groups plover, verbs and all.
func (q *query) predicates() []string {
	var out []string
	for _, p := range q.listParam("predicates") {
		switch p {
		case graph.PredicatesEvents, graph.PredicatesVerbs, graph.PredicatesAll:
		default:
			if !schema.ValidPredicate(p) {
				q.fail("parameter predicates: %q is not a valid predicate nor one of the groups plover, verbs, all (see /v1/schema)", p)
				return nil
			}
		}
		out = append(out, p)
	}
	return out
}

// dateRange returns the from and to parameters, checked to be in order.
func (q *query) dateRange() (from, to string) {
	from, to = q.date("from"), q.date("to")
	if from != "" && to != "" && from > to {
		q.fail("parameter from=%s is after to=%s", from, to)
	}
	return from, to
}

// parseSubgraph reads the parameters of GET /v1/graph.
func parseSubgraph(q *query) (graph.SubgraphOptions, string, error) {
	opts := graph.SubgraphOptions{
		Center: q.requiredID("center", "country:MEX"),
		Depth:  q.intParam("depth", graph.DefaultSubgraphDepth, 1, graph.MaxSubgraphDepth),
		Limit:  q.intParam("limit", graph.DefaultSubgraphLimit, 1, graph.MaxSubgraphLimit),
	}
	for _, t := range q.listParam("types") {
		k, ok := parseKind(t)
		if !ok {
			q.fail("parameter types: %q is not an entity type: want some of %s", t, kindNames())
			break
		}
		opts.Kinds = append(opts.Kinds, k)
	}
	opts.Predicates = q.predicates()
	opts.From, opts.To = q.dateRange()
	opts.ViaConcepts = q.boolParam("via_concepts")
	format := q.format()
	opts.Articles = export.WantsArticles(format)
	return opts, format, q.err
}

// getGraph answers the neighbourhood of an entity in the asked format. The
// subgraph is bounded (at most graph.MaxSubgraphLimit edges), so it is
// encoded whole before anything is sent: an encoding failure is still a
// problem, and the answer has a Content-Length.
func (a *api) getGraph(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
	opts, format, err := parseSubgraph(q)
	wo := q.writerOptions(format, a.cfg.RDFBase)
	if err == nil {
		err = q.err
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	g, err := a.store.Subgraph(r.Context(), opts)
	if err != nil {
		a.fail(w, r, about(err, "entity %s", opts.Center))
		return
	}
	var buf bytes.Buffer
	ew, err := export.NewWriterOptions(format, &buf, wo)
	if err != nil {
		a.fail(w, r, fmt.Errorf("subgraph of %s: %w", opts.Center, err))
		return
	}
	t := export.Trailer{Truncated: g.Truncated, Limit: g.Limit}
	if g.Truncated {
		t.Reason = fmt.Sprintf("edge limit of %d reached at depth %d; raise limit (at most %d) or narrow depth, types, predicates, from or to",
			g.Limit, g.Depth, graph.MaxSubgraphLimit)
	}
	if err := writeGraph(ew, g.Nodes, g.Edges, t); err != nil {
		a.fail(w, r, fmt.Errorf("encode subgraph of %s as %s: %w", opts.Center, format, err))
		return
	}
	ct, _ := export.ContentType(format)
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set(HeaderTruncated, strconv.FormatBool(g.Truncated))
	h.Set(HeaderLimit, strconv.Itoa(g.Limit))
	h.Set(HeaderNodes, strconv.Itoa(len(g.Nodes)))
	h.Set(HeaderEdges, strconv.Itoa(len(g.Edges)))
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(buf.Bytes()); err != nil {
		a.log.DebugContext(r.Context(), "write response",
			"request_id", middleware.GetReqID(r.Context()), "err", err)
	}
}

func writeGraph(w export.Writer, nodes []export.Node, edges []export.Edge, t export.Trailer) error {
	for _, n := range nodes {
		if err := w.Node(n); err != nil {
			return err
		}
	}
	for _, e := range edges {
		if err := w.Edge(e); err != nil {
			return err
		}
	}
	return w.Close(t)
}

// Paths.

// pathHop is a hop of a path with its direction spelt out: "forward" when
// the edge reads from -predicate-> to, "backward" when it reads
// to -predicate-> from.
type pathHop struct {
	graph.PathHop
	Direction string `json:"direction"`
}

type path struct {
	Nodes []string  `json:"nodes"`
	Hops  []pathHop `json:"hops"`
}

// pathsResponse is the body of GET /v1/paths. Length is the number of hops
// of the shortest paths, -1 when there is none within Max. Truncated says
// that more shortest paths exist than Limit (or may, at the largest limit).
type pathsResponse struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Max       int    `json:"max"`
	Limit     int    `json:"limit"`
	Length    int    `json:"length"`
	Truncated bool   `json:"truncated"`
	Paths     []path `json:"paths"`
}

func (a *api) getPaths(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
	from := q.requiredID("from", "person:claudia-sheinbaum")
	to := q.requiredID("to", "country:USA")
	maxHops := q.intParam("max", graph.DefaultPathHops, 1, graph.MaxPathHops)
	limit := q.intParam("limit", graph.DefaultPathLimit, 1, graph.MaxPathLimit)
	if q.err != nil {
		a.fail(w, r, q.err)
		return
	}
	var opts []graph.PathOption
	if q.boolParam("via_concepts") {
		opts = append(opts, graph.ViaConcepts())
	}
	if q.err != nil {
		a.fail(w, r, q.err)
		return
	}
	// One more than asked tells whether the limit cut the list.
	ps, err := a.store.Paths(r.Context(), from, to, maxHops, min(limit+1, graph.MaxPathLimit), opts...)
	if err != nil {
		a.fail(w, r, a.notFoundAmong(r.Context(), err, "paths", from, to))
		return
	}
	resp := pathsResponse{From: from, To: to, Max: maxHops, Limit: limit, Length: -1, Paths: []path{}}
	if len(ps) > limit || len(ps) == graph.MaxPathLimit {
		resp.Truncated = true
		ps = ps[:limit]
	}
	for _, p := range ps {
		out := path{Nodes: p.Nodes, Hops: make([]pathHop, len(p.Hops))}
		for i, h := range p.Hops {
			out.Hops[i] = pathHop{PathHop: h, Direction: "backward"}
			if h.Forward {
				out.Hops[i].Direction = "forward"
			}
		}
		resp.Paths = append(resp.Paths, out)
		resp.Length = len(p.Hops)
	}
	a.writeJSON(w, r, http.StatusOK, resp)
}

// notFoundAmong turns a not-found error about one of ids into a 404 naming
// the missing one; other errors are returned as they are.
func (a *api) notFoundAmong(ctx context.Context, err error, what string, ids ...string) error {
	if !errors.Is(err, graph.ErrNotFound) {
		return about(err, "%s", what)
	}
	for _, id := range ids {
		if _, e := a.store.Entity(ctx, id); errors.Is(e, graph.ErrNotFound) {
			return about(e, "entity %s", id)
		}
	}
	return about(err, "%s", what)
}

// Dyads.

// countryParam reads a country as "country:MEX" or an ISO3 code in any
// letter case, and returns its ID.
func countryParam(name, s string) (string, error) {
	code := strings.TrimPrefix(s, schema.PrefixCountry)
	if len(code) != 3 || strings.IndexFunc(code, func(r rune) bool {
		return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z')
	}) >= 0 {
		return "", problemf(probBadParameter, "%s %q is not a country: want country:ISO3 or an ISO 3166-1 alpha-3 code, e.g. country:MEX or MEX", name, s)
	}
	return schema.CountryID(strings.ToUpper(code)), nil
}

// pathCountry reads the {name} URL parameter as a country.
func pathCountry(r *http.Request, name string) (string, error) {
	s := chi.URLParam(r, name)
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	return countryParam("country "+name, s)
}

func (a *api) getDyad(w http.ResponseWriter, r *http.Request) {
	ca, err := pathCountry(r, "a")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	cb, err := pathCountry(r, "b")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := queryOf(r)
	opts := graph.DyadOptions{Interval: strings.ToLower(q.str("interval", 32))}
	opts.From, opts.To = q.dateRange()
	switch opts.Interval {
	case "", graph.IntervalDay, graph.IntervalWeek, graph.IntervalMonth:
	default:
		q.fail("parameter interval=%q is not day, week or month", opts.Interval)
	}
	if q.err == nil && ca == cb {
		q.fail("a dyad needs two different countries, not %s twice", ca)
	}
	if q.err != nil {
		a.fail(w, r, q.err)
		return
	}
	rep, err := a.store.Dyad(r.Context(), ca, cb, opts)
	if err != nil {
		a.fail(w, r, a.notFoundAmong(r.Context(), err, "dyad "+ca+" "+cb, ca, cb))
		return
	}
	rep.Formula = graph.TensionFormula
	a.writeJSON(w, r, http.StatusOK, rep)
}

// dyadCursor is the position after which the next page of a dyad ranking
// starts: the sort key of the last item sent. A ranking that changed
// between pages goes on from the same place in the order.
type dyadCursor struct {
	Sort    string  `json:"s"`
	Events  int     `json:"e"`
	Tension float64 `json:"t"`
	Country string  `json:"c"`
}

func encodeDyadCursor(c dyadCursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeDyadCursor(s, sortBy string) (dyadCursor, error) {
	var c dyadCursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Country == "" {
		return c, problemf(probBadParameter, "parameter cursor is not a cursor of this list: pass next_cursor as it was given")
	}
	if c.Sort != sortBy {
		return c, problemf(probBadParameter, "parameter cursor belongs to sort=%s, not sort=%s", c.Sort, sortBy)
	}
	return c, nil
}

// dyadBefore is the order of graph.Dyads: by tension (highest first) when
// sorting by tension, then by events (most first), tension, country ID.
func dyadBefore(sortBy string, x, y dyadCursor) bool {
	if sortBy == graph.DyadsByTension && x.Tension != y.Tension {
		return x.Tension > y.Tension
	}
	if x.Events != y.Events {
		return x.Events > y.Events
	}
	if x.Tension != y.Tension {
		return x.Tension > y.Tension
	}
	return x.Country < y.Country
}

func dyadKey(sortBy string, d graph.DyadSummary) dyadCursor {
	return dyadCursor{Sort: sortBy, Events: d.Events, Tension: d.Tension, Country: d.Country}
}

// listDyads pages through a country's ranked counterparts. The ranking is
// computed whole (a country has at most a few hundred counterparts, and
// graph.Dyads returns up to graph.MaxPageLimit), then cut after the cursor.
func (a *api) listDyads(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
	var country string
	switch s := q.str("country", 64); {
	case q.err != nil:
	case s == "":
		q.fail("parameter country is missing: give an ISO3 code or country ID, e.g. MEX")
	default:
		var err error
		if country, err = countryParam("parameter country", s); err != nil {
			q.err = err
		}
	}
	sortBy := strings.ToLower(q.str("sort", 32))
	switch sortBy {
	case "":
		sortBy = graph.DyadsByEvents
	case graph.DyadsByEvents, graph.DyadsByTension:
	default:
		q.fail("parameter sort=%q is not events or tension", sortBy)
	}
	p := q.page()
	var after *dyadCursor
	if q.err == nil && p.Cursor != "" {
		c, err := decodeDyadCursor(p.Cursor, sortBy)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		after = &c
	}
	if q.err != nil {
		a.fail(w, r, q.err)
		return
	}
	all, err := a.store.Dyads(r.Context(), country, sortBy, graph.MaxPageLimit)
	if err != nil {
		a.fail(w, r, about(err, "country %s", country))
		return
	}
	start := 0
	if after != nil {
		start = sort.Search(len(all), func(i int) bool { return dyadBefore(sortBy, *after, dyadKey(sortBy, all[i])) })
	}
	page := all[start:]
	next := ""
	if len(page) > p.Limit {
		page = page[:p.Limit]
		next = encodeDyadCursor(dyadKey(sortBy, page[len(page)-1]))
	}
	writeList(a, w, r, page, next)
}

// Export.

// countingWriter counts the bytes that reached the client.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// getExport streams the whole graph in the asked format. Memory stays flat
// (graph.ExportGraph reads the edges one subject at a time and the writer
// keeps nothing); the export has no deadline but the client's, and lifts
// the server's write timeout for its response. A failure before the first
// bytes left is a problem; after that the connection is aborted, so that
// the client sees a broken transfer rather than a document cut short.
//
// With limit, the answer is one page: limit entities in ID order with
// their outgoing edges and the other ends of those as nodes; the next
// page's cursor is in the trailer, in HeaderNextCursor and in a Link
// header, rel="next".
func (a *api) getExport(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
	format := q.format()
	wo := q.writerOptions(format, a.cfg.RDFBase)
	opts := graph.ExportOptions{
		Predicates: q.predicates(),
		Limit:      q.intParam("limit", 0, 1, graph.MaxExportLimit),
		Cursor:     q.str("cursor", maxCursorLen),
		Articles:   export.WantsArticles(format),
	}
	if q.err != nil {
		a.fail(w, r, q.err)
		return
	}
	ct, _ := export.ContentType(format)
	ext, _ := export.Extension(format)
	if err := http.NewResponseController(w).SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		a.log.DebugContext(r.Context(), "lift write deadline", "request_id", middleware.GetReqID(r.Context()), "err", err)
	}
	h := w.Header()
	cw := &countingWriter{w: w}
	ew, err := export.NewWriterOptions(format, cw, wo)
	if err != nil {
		a.fail(w, r, fmt.Errorf("export: %w", err))
		return
	}
	opts.Start = func(next string) {
		h.Set("Content-Type", ct)
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="dipgraph%s"`, ext))
		h.Set("X-Content-Type-Options", "nosniff")
		if next != "" {
			h.Set(HeaderNextCursor, next)
			v := r.URL.Query()
			v.Set("cursor", next)
			u := url.URL{Path: r.URL.Path, RawQuery: v.Encode()}
			h.Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", u.String()))
		}
	}
	start := time.Now()
	err = a.store.ExportGraph(r.Context(), ew, opts)
	if err == nil {
		a.log.InfoContext(r.Context(), "graph exported", "request_id", middleware.GetReqID(r.Context()),
			"format", format, "bytes", cw.n, "duration", time.Since(start))
		return
	}
	if cw.n == 0 {
		for _, k := range []string{"Content-Disposition", "Link", HeaderNextCursor} {
			h.Del(k)
		}
		a.fail(w, r, err)
		return
	}
	if r.Context().Err() == nil {
		a.log.ErrorContext(r.Context(), "export failed after the response started; aborting it",
			"request_id", middleware.GetReqID(r.Context()), "format", format, "bytes", cw.n, "err", err)
	}
	panic(http.ErrAbortHandler)
}
