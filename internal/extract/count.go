package extract

// SentenceStats are the figures of an article's segmentation that bound
// the cost of its extraction.
type SentenceStats struct {
	Sentences    int // sentences, as the extractor splits them
	LongestBytes int // bytes of the longest sentence
}

// CountSentences splits text with the extractor's own tokenizer and
// splitter, so a limit on sentences means what the extractor will see. It
// costs a small fraction of an extraction (no names, actors or events are
// looked up) and is meant to be run first, on text already bounded in size.
func CountSentences(text string) SentenceStats {
	var st SentenceStats
	for _, s := range splitSentences(tokenize(text)) {
		st.Sentences++
		st.LongestBytes = max(st.LongestBytes, s.end-s.start)
	}
	return st
}
