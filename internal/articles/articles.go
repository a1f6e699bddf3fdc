// Package articles reads input articles: JSON lines ({"id","title","date",
// "text"}, one article a line) or plain text (one article a file). Readers
// stream, so memory stays flat however large the input.
package articles

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dipgraph/dipgraph/schema"
)

// MaxArticleBytes bounds one article (one JSON line or one text file).
const MaxArticleBytes = 8 << 20

// ErrInvalid marks an article that cannot be used; the message says why.
var ErrInvalid = errors.New("invalid article")

// Validate checks an article and normalises what it can: it trims the
// fields and rejects empty, binary or non-UTF-8 text and malformed dates.
func Validate(a *schema.Article) error {
	a.ID = strings.TrimSpace(a.ID)
	a.Title = strings.TrimSpace(a.Title)
	a.Date = strings.TrimSpace(a.Date)
	switch {
	case !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) || !utf8.ValidString(a.ID):
		return fmt.Errorf("%w: text is not valid UTF-8", ErrInvalid)
	case strings.TrimSpace(a.Text) == "":
		return fmt.Errorf("%w: text is empty", ErrInvalid)
	case strings.ContainsRune(a.Text, 0):
		return fmt.Errorf("%w: text contains NUL bytes (binary data?)", ErrInvalid)
	case len(a.Text) > MaxArticleBytes:
		return fmt.Errorf("%w: text is %d bytes, over the %d-byte limit", ErrInvalid, len(a.Text), MaxArticleBytes)
	}
	if a.Date != "" {
		if len(a.Date) > 10 { // accept full timestamps, keep the day
			if t, err := time.Parse(time.RFC3339, a.Date); err == nil {
				a.Date = t.Format(time.DateOnly)
			}
		}
		if _, err := time.Parse(time.DateOnly, a.Date); err != nil {
			return fmt.Errorf("%w: date %q is not YYYY-MM-DD", ErrInvalid, a.Date)
		}
	}
	return nil
}

// LineError is a bad line in a JSON-lines input: the rest of the input is
// still read, and the caller decides whether to stop.
type LineError struct {
	Name string
	Line int
	Err  error
}

func (e *LineError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.Name, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.Name, e.Line, e.Err)
}
func (e *LineError) Unwrap() error { return e.Err }

// ReadJSONLines calls fn for each article of a JSON-lines stream. A line
// that is not a valid article is reported to bad (with its line number) and
// skipped; an error from fn or from reading stops the stream.
func ReadJSONLines(r io.Reader, name string, fn func(schema.Article) error, bad func(*LineError)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxArticleBytes+4096)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var a schema.Article
		if err := json.Unmarshal(b, &a); err != nil {
			var syn *json.SyntaxError
			if errors.As(err, &syn) || b[0] != '{' {
				err = fmt.Errorf("not a JSON object (%v): a JSON-lines input (and \"-\", standard input) holds one {\"id\",\"title\",\"date\",\"text\"} object a line; a plain-text article goes in a .txt file", err)
			}
			bad(&LineError{name, line, fmt.Errorf("%w: %v", ErrInvalid, err)})
			continue
		}
		if err := Validate(&a); err != nil {
			bad(&LineError{name, line, err})
			continue
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("%s:%d: line longer than %d bytes: %w", name, line+1, MaxArticleBytes, err)
		}
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// ReadText reads one plain-text article. The first line is its title when
// it is short and followed by a blank line, as in a news file.
func ReadText(r io.Reader, name string) (schema.Article, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxArticleBytes+1))
	if err != nil {
		return schema.Article{}, fmt.Errorf("read %s: %w", name, err)
	}
	a := schema.Article{ID: strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)), Text: string(b)}
	if title, rest, ok := SplitTitle(a.Text); ok {
		a.Title, a.Text = title, rest
	}
	if err := Validate(&a); err != nil {
		return schema.Article{}, err
	}
	return a, nil
}

// SplitTitle splits a plain-text article into its title and text when its
// first line is short (under 200 bytes) and followed by a blank line, as in
// a news file; ok is false otherwise.
func SplitTitle(text string) (title, rest string, ok bool) {
	head, rest, found := strings.Cut(text, "\n")
	if !found || len(head) >= 200 || !strings.HasPrefix(strings.TrimLeft(rest, " \t\r"), "\n") {
		return "", text, false
	}
	title = strings.TrimSpace(head)
	if title == "" {
		return "", text, false
	}
	return title, strings.TrimLeft(rest, " \t\r\n"), true
}

// ReadFile streams the articles of one input: "-" is standard input
// (JSON lines), *.txt is one plain-text article, anything else JSON lines.
func ReadFile(path string, fn func(schema.Article) error, bad func(*LineError)) error {
	var r io.Reader = os.Stdin
	name := "stdin"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("open input: %w", err)
		}
		defer f.Close()
		r, name = f, path
	}
	if strings.EqualFold(filepath.Ext(path), ".txt") {
		a, err := ReadText(r, name)
		if errors.Is(err, ErrInvalid) {
			bad(&LineError{Name: name, Err: err})
			return nil
		}
		if err != nil {
			return err
		}
		return fn(a)
	}
	return ReadJSONLines(r, name, fn, bad)
}

// inputExts are the file types Expand picks out of a directory.
var inputExts = map[string]bool{".jsonl": true, ".ndjson": true, ".json": true, ".txt": true}

// Expand turns command-line inputs into files: "-" stays, a directory
// yields its input files (recursively, in lexical order), a glob its
// matches, and anything else is taken as a file path.
func Expand(args []string) ([]string, error) {
	var out []string
	for _, arg := range args {
		if arg == "-" {
			out = append(out, arg)
			continue
		}
		matches := []string{arg}
		if strings.ContainsAny(arg, "*?[") {
			m, err := filepath.Glob(arg)
			if err != nil {
				return nil, fmt.Errorf("pattern %q: %w", arg, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("pattern %q matches no file", arg)
			}
			matches = m
		}
		for _, p := range matches {
			st, err := os.Stat(p)
			if err != nil {
				return nil, fmt.Errorf("input: %w", err)
			}
			if !st.IsDir() {
				out = append(out, p)
				continue
			}
			err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if !d.IsDir() && inputExts[strings.ToLower(filepath.Ext(path))] {
					out = append(out, path)
				}
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("walk %s: %w", p, err)
			}
		}
	}
	return out, nil
}
