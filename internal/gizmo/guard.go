package gizmo

import (
	"errors"
	"fmt"
	"time"

	"github.com/dlclark/regexp2/v2"
	"github.com/dop251/goja"
)

// dipgraph: bounds on what a query's JavaScript can do to the process that
// runs it. Memory and time are bounded outside, by running the session in
// a worker process under an OS limit that is killed at its deadline; these
// bounds turn the usual ways of crashing a Go process into JavaScript
// errors the user can read.

// MaxCallDepth bounds JavaScript recursion (goja's call stack).
const MaxCallDepth = 4096

// MaxValueDepth bounds the nesting of a value handed to the graph (an
// argument, g.Emit): goja exports recursively in Go.
const MaxValueDepth = 64

func init() {
	// goja compiles regular expressions it cannot give to Go's regexp with
	// regexp2, a backtracking engine: without a timeout a pathological
	// pattern runs for ever inside one built-in call.
	regexp2.DefaultMatchTimeout = time.Second
}

var (
	errCyclic  = errors.New("the value refers to itself (a cycle): it cannot be a result")
	errTooDeep = fmt.Errorf("the value is nested more than %d levels deep", MaxValueDepth)
)

// exportValue is goja's Export with a depth bound and cycle detection on
// plain objects and arrays.
func exportValue(v goja.Value) (any, error) {
	if err := checkValue(v, 0, map[*goja.Object]bool{}); err != nil {
		return nil, err
	}
	return v.Export(), nil
}

// checkValue walks the plain objects and arrays of v; path holds the
// objects above it.
func checkValue(v goja.Value, depth int, path map[*goja.Object]bool) error {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	switch o.ClassName() {
	case "Object", "Array":
	default:
		return nil // functions, dates, regexps, wrapped Go values
	}
	if depth >= MaxValueDepth {
		return errTooDeep
	}
	if path[o] {
		return errCyclic
	}
	path[o] = true
	defer delete(path, o)
	for _, k := range o.Keys() {
		if err := checkValue(o.Get(k), depth+1, path); err != nil {
			return err
		}
	}
	return nil
}
