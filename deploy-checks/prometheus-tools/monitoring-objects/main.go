// Command monitoring-objects reads Prometheus Operator objects (ServiceMonitor, PodMonitor,
// PrometheusRule), one JSON document per line on stdin, and decodes each strictly into the operator's own
// Go types: an unknown or misspelled field, or a value of the wrong type, is reported on stderr and the
// exit status is 1. It prints "kind/name ok" for each object it accepts.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"sigs.k8s.io/yaml"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<22), 1<<22)
	failed := false
	for n := 1; in.Scan(); n++ {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		if err := check([]byte(line)); err != nil {
			fmt.Fprintf(os.Stderr, "document %d: %v\n", n, err)
			failed = true
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

func check(doc []byte) error {
	var meta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		return err
	}
	if meta.APIVersion != monitoringv1.SchemeGroupVersion.String() {
		return fmt.Errorf("apiVersion %q is not %s", meta.APIVersion, monitoringv1.SchemeGroupVersion)
	}
	var name string
	var err error
	switch meta.Kind {
	case monitoringv1.ServiceMonitorsKind:
		var o monitoringv1.ServiceMonitor
		err = yaml.UnmarshalStrict(doc, &o)
		name = o.Name
	case monitoringv1.PodMonitorsKind:
		var o monitoringv1.PodMonitor
		err = yaml.UnmarshalStrict(doc, &o)
		name = o.Name
	case monitoringv1.PrometheusRuleKind:
		var o monitoringv1.PrometheusRule
		err = yaml.UnmarshalStrict(doc, &o)
		name = o.Name
	default:
		return fmt.Errorf("kind %q is not a ServiceMonitor, PodMonitor or PrometheusRule", meta.Kind)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", meta.Kind, err)
	}
	fmt.Printf("%s/%s ok\n", meta.Kind, name)
	return nil
}
