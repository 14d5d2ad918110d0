package validate

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
)

// workload is a pod template with the name of what owns it.
type workload struct {
	owner    string
	selector map[string]string
	pod      corev1.PodTemplateSpec
}

// Consistent checks what strict decoding cannot: references between the documents of one
// release (selectors that match no pod, a StatefulSet governed by no headless Service, a
// ConfigMap volume or HPA target that is not rendered, a probe or Service port the container
// does not have).
func Consistent(objs []Object) []error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	var workloads []workload
	services := map[string]*corev1.Service{}
	configMaps := map[string]bool{}
	targets := map[string]bool{}
	for _, o := range objs {
		switch v := o.Obj.(type) {
		case *appsv1.StatefulSet:
			workloads = append(workloads, workload{"StatefulSet/" + v.Name, selectorOf(v.Spec.Selector), v.Spec.Template})
			targets["StatefulSet/"+v.Name] = true
		case *appsv1.Deployment:
			workloads = append(workloads, workload{"Deployment/" + v.Name, selectorOf(v.Spec.Selector), v.Spec.Template})
			targets["Deployment/"+v.Name] = true
		case *corev1.Service:
			services[v.Name] = v
		case *corev1.ConfigMap:
			configMaps[v.Name] = true
		}
	}
	matching := func(sel map[string]string) []workload {
		var out []workload
		for _, w := range workloads {
			if len(sel) > 0 && labels.SelectorFromSet(sel).Matches(labels.Set(w.pod.Labels)) {
				out = append(out, w)
			}
		}
		return out
	}
	for _, w := range workloads {
		if len(w.selector) == 0 || !labels.SelectorFromSet(w.selector).Matches(labels.Set(w.pod.Labels)) {
			bad("%s: selector %v does not match its pod labels %v", w.owner, w.selector, w.pod.Labels)
		}
		for _, v := range w.pod.Spec.Volumes {
			if v.ConfigMap != nil && !configMaps[v.ConfigMap.Name] {
				bad("%s: volume %s names ConfigMap %s, which is not rendered", w.owner, v.Name, v.ConfigMap.Name)
			}
		}
		for _, c := range w.pod.Spec.Containers {
			ports := map[int32]bool{}
			for _, p := range c.Ports {
				ports[p.ContainerPort] = true
			}
			for name, p := range map[string]*corev1.Probe{"startup": c.StartupProbe, "readiness": c.ReadinessProbe, "liveness": c.LivenessProbe} {
				if p != nil && p.GRPC != nil && !ports[p.GRPC.Port] {
					bad("%s: %s probe on port %d, which container %s does not expose", w.owner, name, p.GRPC.Port, c.Name)
				}
			}
		}
	}
	for _, o := range objs {
		switch v := o.Obj.(type) {
		case *appsv1.StatefulSet:
			svc := services[v.Spec.ServiceName]
			if svc == nil || svc.Spec.ClusterIP != corev1.ClusterIPNone {
				bad("StatefulSet/%s: serviceName %q is not a rendered headless Service", v.Name, v.Spec.ServiceName)
			}
		case *corev1.Service:
			pods := matching(v.Spec.Selector)
			if len(pods) == 0 {
				bad("Service/%s: selector %v matches no pod template", v.Name, v.Spec.Selector)
			}
			for _, sp := range v.Spec.Ports {
				if sp.TargetPort.StrVal == "" {
					continue
				}
				for _, w := range pods {
					if !hasNamedPort(w.pod, sp.TargetPort.StrVal) {
						bad("Service/%s: targetPort %q is not a port of %s", v.Name, sp.TargetPort.StrVal, w.owner)
					}
				}
			}
		case *policyv1.PodDisruptionBudget:
			if len(matching(selectorOf(v.Spec.Selector))) == 0 {
				bad("PodDisruptionBudget/%s: selector matches no pod template", v.Name)
			}
		case *autoscalingv2.HorizontalPodAutoscaler:
			ref := v.Spec.ScaleTargetRef
			if !targets[ref.Kind+"/"+ref.Name] {
				bad("HorizontalPodAutoscaler/%s: target %s/%s is not rendered", v.Name, ref.Kind, ref.Name)
			}
		case *monitoringv1.ServiceMonitor:
			found := false
			for _, s := range services {
				if labels.SelectorFromSet(v.Spec.Selector.MatchLabels).Matches(labels.Set(s.Labels)) {
					for _, e := range v.Spec.Endpoints {
						for _, p := range s.Spec.Ports {
							found = found || p.Name == e.Port
						}
					}
				}
			}
			if !found {
				bad("ServiceMonitor/%s: no rendered Service matches its selector with its endpoint port", v.Name)
			}
		}
	}
	return errs
}

// selectorOf reads matchLabels; the chart uses no matchExpressions.
func selectorOf(s *metav1.LabelSelector) map[string]string {
	if s == nil {
		return nil
	}
	return s.MatchLabels
}

func hasNamedPort(pod corev1.PodTemplateSpec, name string) bool {
	for _, c := range pod.Spec.Containers {
		for _, p := range c.Ports {
			if p.Name == name {
				return true
			}
		}
	}
	return false
}
