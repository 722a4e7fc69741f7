// Command promql-metrics reads one PromQL expression per line on stdin, parses each with
// Prometheus's parser and prints, for line N, "N<TAB>name name ..." (the metric names its selectors
// select, sorted). A line that does not parse is reported on stderr and the exit status is 1, so a
// dashboard query with a typo fails the build instead of showing an empty panel.
package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"

	"dev.todo/deploy-checks/prometheus-tools/internal/lines"
)

func main() {
	lines.Check(func(expr string) (string, error) {
		names, err := metricNames(expr)
		return strings.Join(names, " "), err
	})
}

// The parser with default options: the functions and syntax a default Prometheus server accepts.
var promql = parser.NewParser(parser.Options{})

func metricNames(expr string) ([]string, error) {
	parsed, err := promql.ParseExpr(expr)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var missing error
	parser.Inspect(parsed, func(node parser.Node, _ []parser.Node) error {
		selector, ok := node.(*parser.VectorSelector)
		if !ok {
			return nil
		}
		name := selector.Name
		for _, m := range selector.LabelMatchers {
			if m.Name == labels.MetricName && m.Type == labels.MatchEqual {
				name = m.Value
			}
		}
		if name == "" {
			missing = fmt.Errorf("selector %s names no metric", selector)
			return nil
		}
		seen[name] = true
		return nil
	})
	if missing != nil {
		return nil, missing
	}
	names := make([]string, 0, len(seen))
	for name := range seen {
		names = append(names, name)
	}
	sort.Strings(names)
	return names, nil
}
