package httpapi

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/dipgraph/dipgraph/graph"
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

func (a *api) getArticle(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, schema.KindArticle)
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
	id, err := pathID(r, schema.KindArticle)
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
