package httpapi

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/internal/articles"
	"github.com/dipgraph/dipgraph/internal/limits"
	"github.com/dipgraph/dipgraph/schema"
)

const (
	maxTitleLen    = 2048
	maxSourceIDLen = 512
)

func (a *api) healthz(w http.ResponseWriter, r *http.Request) {
	a.writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the store answers a lookup: one of an article
// that is never there, cheap whatever the store holds.
func (a *api) readyz(w http.ResponseWriter, r *http.Request) {
	_, err := a.store.Article(r.Context(), readyProbeID)
	if err != nil && !errors.Is(err, graph.ErrNotFound) {
		a.fail(w, r, &apiError{kind: probUnavailable, detail: "the store does not answer", err: err})
		return
	}
	a.writeJSON(w, r, http.StatusOK, map[string]string{"status": "ready"})
}

// readyProbeID is a well-formed article ID no text hashes to in practice.
const readyProbeID = schema.PrefixArticle + "0000000000000000"

func (a *api) getSchema(w http.ResponseWriter, r *http.Request) {
	a.writeJSON(w, r, http.StatusOK, schema.Describe())
}

// postArticle ingests one article: 201 when new, 200 when the same text
// was already there (nothing written).
func (a *api) postArticle(w http.ResponseWriter, r *http.Request) {
	if a.extractor == nil {
		a.fail(w, r, problemf(probUnavailable, "ingestion is disabled: no extractor is configured"))
		return
	}
	art, err := a.readArticle(w, r)
	if err != nil {
		a.metrics.articlesInvalid.Inc()
		a.fail(w, r, err)
		return
	}
	// The sentence limits are checked before the extraction they bound.
	if err := a.cfg.Limits.CheckText(art.Text); err != nil {
		a.overLimit(w, r, err)
		return
	}
	res := a.extract(art)
	if err := a.cfg.Limits.CheckResult(art, res); err != nil {
		a.overLimit(w, r, err)
		return
	}
	st, err := a.store.Ingest(r.Context(), art, res)
	if err != nil {
		if errors.Is(err, graph.ErrInvalid) {
			a.metrics.extractErrors.Inc()
		} else {
			a.metrics.ingestErrors.Inc()
		}
		a.fail(w, r, about(err, "ingest article %s", schema.ArticleID(art.Text)))
		return
	}
	if st.Article == "" {
		st.Article = schema.ArticleID(art.Text)
	}
	w.Header().Set("Location", "/v1/articles/"+url.PathEscape(st.Article))
	status := http.StatusOK
	result := "existing"
	if st.Created {
		status, result = http.StatusCreated, "created"
	}
	a.metrics.articles.WithLabelValues(result).Inc()
	a.writeJSON(w, r, status, st)
}

// overLimit answers 413 for an article over one of the limits, counted by
// limit in the metrics and logged, so an operator sees what to raise.
func (a *api) overLimit(w http.ResponseWriter, r *http.Request, err error) {
	if l, ok := limits.As(err); ok {
		a.metrics.articlesOverLimit.WithLabelValues(l.Limit).Inc()
		a.log.InfoContext(r.Context(), "article refused",
			"request_id", middleware.GetReqID(r.Context()), "limit", l.Limit, "max", l.Max, "actual", l.Actual)
	}
	a.fail(w, r, err)
}

// extract runs the extractor, counting a panic as an extraction error on
// its way to the recoverer, which logs it with its stack.
func (a *api) extract(art schema.Article) schema.Result {
	done := false
	defer func() {
		if !done {
			a.metrics.extractErrors.Inc()
		}
	}()
	res := a.extractor.Extract(art)
	done = true
	return res
}

// readArticle reads a JSON article, or a text/plain one with its title,
// date and caller ID in the URL query, and checks it.
func (a *api) readArticle(w http.ResponseWriter, r *http.Request) (schema.Article, error) {
	var art schema.Article
	mt, err := mediaType(r, mediaJSON, mediaText)
	if err != nil {
		return art, err
	}
	body, err := readBody(w, r, a.cfg.MaxBodyBytes)
	if err != nil {
		return art, err
	}
	if mt == mediaJSON {
		if err := decodeJSON(body, &art); err != nil {
			return art, err
		}
		if len(r.URL.Query()) > 0 {
			return art, problemf(probBadParameter, "parameters id, title and date go with a text/plain body; a JSON article carries them in the object")
		}
	} else {
		q := queryOf(r)
		art = schema.Article{
			ID:    q.str("id", maxSourceIDLen),
			Title: q.str("title", maxTitleLen),
			Date:  q.str("date", maxParamLen),
			Text:  string(body),
		}
		if q.err != nil {
			return art, q.err
		}
		// As a .txt file: a short first line followed by a blank line is
		// the title, unless ?title= gives one.
		if title, rest, ok := articles.SplitTitle(art.Text); ok && art.Title == "" {
			art.Title, art.Text = title, rest
		}
	}
	return art, checkArticle(art)
}

// checkArticle reports the first thing wrong with an article as a 422
// problem.
func checkArticle(art schema.Article) error {
	switch {
	case art.Text == "":
		return problemf(probInvalidArticle, "text is missing or empty")
	case strings.TrimSpace(art.Text) == "":
		return problemf(probInvalidArticle, "text is only white space")
	case strings.IndexByte(art.Text, 0) >= 0:
		return problemf(probInvalidArticle,
			"text contains a NUL byte at offset %d: binary content is not accepted", strings.IndexByte(art.Text, 0))
	case art.Date != "" && !validDate(art.Date):
		return problemf(probInvalidArticle, "date %q is not a valid date: want YYYY-MM-DD", art.Date)
	case len(art.Title) > maxTitleLen:
		return problemf(probInvalidArticle, "title is %d bytes long; at most %d", len(art.Title), maxTitleLen)
	case strings.ContainsFunc(art.Title, isControlNotSpace):
		return problemf(probInvalidArticle, "title contains control characters")
	case len(art.ID) > maxSourceIDLen:
		return problemf(probInvalidArticle, "id is %d bytes long; at most %d", len(art.ID), maxSourceIDLen)
	case strings.ContainsFunc(art.ID, unicode.IsControl):
		return problemf(probInvalidArticle, "id contains control characters")
	}
	return nil
}

func isControlNotSpace(r rune) bool { return unicode.IsControl(r) && !unicode.IsSpace(r) }

// maxSourceMatches is how many articles sharing one source ID a 409 lists.
const maxSourceMatches = 10

// articleID reads the {id} of an article route: an article ID
// (article:<16 hex>), or the article's own ID from the input (its
// sourceId), looked up. Another kind's ID is a 400 that names the forms
// accepted; a source ID no article has is a 404, one several have a 409.
func (a *api) articleID(r *http.Request) (string, error) {
	raw := chi.URLParam(r, "id")
	id := raw
	if r.URL.RawPath != "" {
		u, err := url.PathUnescape(raw)
		if err != nil {
			return "", problemf(probBadParameter, "malformed ID %q in path: %v", raw, err)
		}
		id = u
	}
	const forms = "give an article ID, article:<16 hex digits> as POST /v1/articles and GET /v1/articles return it, or the article's own id from the input"
	if strings.HasPrefix(id, schema.PrefixArticle) {
		if !schema.ValidID(id) {
			return "", problemf(probBadParameter, "article ID %q is malformed: %s", id, forms)
		}
		return id, nil
	}
	if k, ok := schema.KindOf(id); ok && schema.ValidID(id) {
		return "", problemf(probBadParameter, "%q is a %s ID, not an article's: %s", id, k, forms)
	}
	switch {
	case id == "" || strings.TrimSpace(id) != id:
		return "", problemf(probBadParameter, "article ID %q is empty or has surrounding spaces: %s", id, forms)
	case len(id) > maxSourceIDLen:
		return "", problemf(probBadParameter, "article ID is %d bytes long; at most %d", len(id), maxSourceIDLen)
	case !utf8.ValidString(id) || strings.ContainsFunc(id, unicode.IsControl):
		return "", problemf(probBadParameter, "article ID %q holds control characters or invalid UTF-8", id)
	}
	ids, err := a.store.ArticlesBySourceID(r.Context(), id, maxSourceMatches+1)
	if err != nil {
		return "", err
	}
	switch len(ids) {
	case 0:
		return "", problemf(probNotFound, "no article has the id %q: %s (GET /v1/articles lists them)", id, forms)
	case 1:
		return ids[0], nil
	}
	more := ""
	if len(ids) > maxSourceMatches {
		ids, more = ids[:maxSourceMatches], " and more"
	}
	return "", problemf(probConflict, "%d articles have the id %q: %s%s; ask for one by its article ID", len(ids), id, strings.Join(ids, ", "), more)
}

// listArticles pages through the stored articles, newest first.
func (a *api) listArticles(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
	f := graph.ArticleFilter{Page: q.page()}
	f.From, f.To = q.dateRange()
	if q.err != nil {
		a.fail(w, r, q.err)
		return
	}
	items, next, err := a.store.Articles(r.Context(), f)
	if err != nil {
		a.fail(w, r, about(err, "list articles"))
		return
	}
	writeList(a, w, r, items, next)
}

func (a *api) getArticle(w http.ResponseWriter, r *http.Request) {
	id, err := a.articleID(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	info, err := a.store.Article(r.Context(), id)
	if err != nil {
		a.fail(w, r, about(err, "article %s", id))
		return
	}
	a.writeJSON(w, r, http.StatusOK, info)
}

func (a *api) deleteArticle(w http.ResponseWriter, r *http.Request) {
	id, err := a.articleID(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.store.DeleteArticle(r.Context(), id); err != nil {
		a.fail(w, r, about(err, "article %s", id))
		return
	}
	a.metrics.deleted.Inc()
	w.WriteHeader(http.StatusNoContent)
}
