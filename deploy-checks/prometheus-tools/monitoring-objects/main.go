// Command monitoring-objects reads Prometheus Operator objects (ServiceMonitor, PodMonitor,
// PrometheusRule), one JSON document per line on stdin, and decodes each strictly into the operator's own
// Go types: an unknown or misspelled field, or a value of the wrong type, is reported on stderr and the
// exit status is 1. It prints "N<TAB>kind/name ok" for each object it accepts.
package main

import (
	"fmt"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"sigs.k8s.io/yaml"

	"dev.todo/deploy-checks/prometheus-tools/internal/lines"
)

func main() {
	lines.Check(func(doc string) (string, error) { return check([]byte(doc)) })
}

func check(doc []byte) (string, error) {
	var meta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		return "", err
	}
	if meta.APIVersion != monitoringv1.SchemeGroupVersion.String() {
		return "", fmt.Errorf("apiVersion %q is not %s", meta.APIVersion, monitoringv1.SchemeGroupVersion)
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
		return "", fmt.Errorf("kind %q is not a ServiceMonitor, PodMonitor or PrometheusRule", meta.Kind)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", meta.Kind, err)
	}
	return meta.Kind + "/" + name + " ok", nil
}
