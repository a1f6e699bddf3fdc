package extract

// trie is a token trie: each edge is one normalised token, so a lookup
// walks the sentence's tokens and finds the longest phrase starting at a
// position in one pass. It is built once and read concurrently.
type trie[T any] struct {
	root trieNode[T]
}

type trieNode[T any] struct {
	next   map[string]*trieNode[T]
	values []T
}

// add stores v under the token sequence keys (normalised tokens).
func (t *trie[T]) add(keys []string, v T) {
	if len(keys) == 0 {
		return
	}
	n := &t.root
	for _, k := range keys {
		if n.next == nil {
			n.next = map[string]*trieNode[T]{}
		}
		c := n.next[k]
		if c == nil {
			c = &trieNode[T]{}
			n.next[k] = c
		}
		n = c
	}
	n.values = append(n.values, v)
}

// longest returns the values and length (in tokens) of the longest phrase
// starting at toks[i] for which accept returns true on at least one value;
// accept may be nil. It returns 0 when nothing matches.
func (t *trie[T]) longest(toks []token, i int, accept func(v T, from, to int) bool) ([]T, int) {
	n := &t.root
	var best []T
	bestLen := 0
	for j := i; j < len(toks); j++ {
		if n.next == nil {
			break
		}
		c := n.next[toks[j].norm]
		if c == nil {
			break
		}
		n = c
		if len(n.values) == 0 {
			continue
		}
		if accept == nil {
			best, bestLen = n.values, j-i+1
			continue
		}
		for _, v := range n.values {
			if accept(v, i, j+1) {
				best, bestLen = n.values, j-i+1
				break
			}
		}
	}
	return best, bestLen
}

// phraseKeys tokenizes a lexicon phrase into normalised keys with the same
// tokenizer the text goes through, so "U.S.-Mexico" or "Côte d'Ivoire"
// match exactly as they are split in sentences.
func phraseKeys(phrase string) []string {
	toks := tokenize(phrase)
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = t.norm
	}
	return keys
}
