package export_test

import (
	"fmt"
	"os"

	"github.com/dipgraph/dipgraph/internal/export"
)

func ExampleNewWriter() {
	w, err := export.NewWriter("d3", os.Stdout)
	if err != nil {
		fmt.Println(err)
		return
	}
	score := -2.0
	_ = w.Node(export.Node{ID: "country:MEX", Kind: "Country", Name: "México", Country: "MEX"})
	_ = w.Node(export.Node{ID: "country:USA", Kind: "Country", Name: "United States", Country: "USA"})
	_ = w.Edge(export.Edge{Source: "country:USA", Target: "country:MEX", Predicate: "REJECT", Weight: 3, First: "2025-01-02", Last: "2025-03-04", Score: &score})
	if err := w.Close(export.Trailer{Truncated: true, Limit: 1}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"nodes":[
	// {"id":"country:MEX","name":"México","kind":"Country","country":"MEX"},
	// {"id":"country:USA","name":"United States","kind":"Country","country":"USA"}
	// ],"links":[
	// {"source":"country:USA","target":"country:MEX","predicate":"REJECT","class":"event","value":3,"first":"2025-01-02","last":"2025-03-04","score":-2}
	// ],"truncated":true,"limit":1}
}

func ExampleEdgeID() {
	fmt.Println(export.EdgeID("person:claudia-sheinbaum", "leads", "country:MEX"))
	// Output: person:claudia-sheinbaum|leads|country:MEX
}
