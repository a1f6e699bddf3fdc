// Command gencorpus writes a deterministic archive of news-like articles as
// JSON lines, for benchmarks and load tests:
//
//	go run ./cmd/gencorpus -n 20000 -seed 1 > /tmp/archive.jsonl
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/dipgraph/dipgraph/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "articles to write")
	seed := flag.Int64("seed", 1, "random seed; the same seed gives the same archive")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	sentences, err := corpus.New(*seed).WriteJSONLines(w, *n)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gencorpus: %d articles, %d sentences\n", *n, sentences)
}
