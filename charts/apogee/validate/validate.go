// Package validate decodes rendered chart manifests strictly into their Kubernetes API types:
// an unknown field, a wrong type or an unknown apiVersion/kind is an error, so a typo in a
// template fails CI instead of being silently dropped by the API server.
package validate

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
)

// Every apiVersion/kind the chart may render; anything else is refused.
var kinds = map[string]func() any{
	"v1/ConfigMap":                            func() any { return &corev1.ConfigMap{} },
	"v1/Service":                              func() any { return &corev1.Service{} },
	"v1/Pod":                                  func() any { return &corev1.Pod{} },
	"apps/v1/StatefulSet":                     func() any { return &appsv1.StatefulSet{} },
	"apps/v1/Deployment":                      func() any { return &appsv1.Deployment{} },
	"policy/v1/PodDisruptionBudget":           func() any { return &policyv1.PodDisruptionBudget{} },
	"autoscaling/v2/HorizontalPodAutoscaler":  func() any { return &autoscalingv2.HorizontalPodAutoscaler{} },
	"monitoring.coreos.com/v1/ServiceMonitor": func() any { return &monitoringv1.ServiceMonitor{} },
}

// Object is one decoded document.
type Object struct {
	Kind string // apiVersion/kind
	Name string
	Obj  any // pointer to the typed object
}

// Decode splits a multi-document YAML stream and strictly decodes every non-empty document.
func Decode(r io.Reader) ([]Object, error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(r))
	var out []Object
	for i := 0; ; i++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		if len(bytes.TrimSpace(stripComments(doc))) == 0 {
			continue
		}
		obj, err := DecodeOne(doc)
		if err != nil {
			return nil, fmt.Errorf("document %d (%s): %w", i, firstSource(doc), err)
		}
		out = append(out, obj)
	}
}

// DecodeOne strictly decodes a single document by its apiVersion and kind.
func DecodeOne(doc []byte) (Object, error) {
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &tm); err != nil {
		return Object{}, err
	}
	key := tm.APIVersion + "/" + tm.Kind
	newObj, ok := kinds[key]
	if !ok {
		return Object{}, fmt.Errorf("unknown apiVersion/kind %q", key)
	}
	obj := newObj()
	// UnmarshalStrict refuses unknown and duplicate fields.
	if err := yaml.UnmarshalStrict(doc, obj); err != nil {
		return Object{}, fmt.Errorf("%s: %w", key, err)
	}
	name := obj.(metav1.Object).GetName()
	if name == "" {
		return Object{}, fmt.Errorf("%s without metadata.name", key)
	}
	return Object{Kind: key, Name: name, Obj: obj}, nil
}

func stripComments(doc []byte) []byte {
	var b bytes.Buffer
	for _, line := range strings.Split(string(doc), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line + "\n")
		}
	}
	return b.Bytes()
}

// firstSource names the template a `helm template` document came from ("# Source: ...").
func firstSource(doc []byte) string {
	for _, line := range strings.Split(string(doc), "\n") {
		if s, ok := strings.CutPrefix(line, "# Source: "); ok {
			return s
		}
	}
	return "no source line"
}
