package validate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// TestRendered validates what scripts/chart-check.sh rendered: every *.yaml in the folder
// named by APOGEE_RENDERED, strictly, then the references between its documents, and the
// kinds each CI values file must produce.
func TestRendered(t *testing.T) {
	dir := os.Getenv("APOGEE_RENDERED")
	if dir == "" {
		t.Skip("APOGEE_RENDERED not set (scripts/chart-check.sh sets it)")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(files) == 0 {
		t.Fatalf("no rendered *.yaml in %s", dir)
	}
	// Kinds (and how many) each CI values file renders; a template that stops rendering
	// something fails here.
	// Services: client, metrics and console, plus the headless ones (standalone; broker and
	// nameserver in cluster mode).
	want := map[string]map[string]int{
		"standalone.yaml": {"apps/v1/StatefulSet": 1, "v1/ConfigMap": 1, "policy/v1/PodDisruptionBudget": 1, "v1/Pod": 1, "v1/Service": 4},
		// nameserver + 2 brokers; 3 ConfigMaps (one per role); 3 PDBs (nameserver, 2 brokers) + proxy.
		"cluster.yaml": {
			"apps/v1/StatefulSet": 3, "apps/v1/Deployment": 1, "v1/ConfigMap": 3,
			"policy/v1/PodDisruptionBudget": 4, "autoscaling/v2/HorizontalPodAutoscaler": 1,
			"monitoring.coreos.com/v1/ServiceMonitor": 1, "v1/Service": 5,
		},
		// Standalone with config.console.enabled=false: no console Service.
		"console-off.yaml": {"apps/v1/StatefulSet": 1, "v1/Service": 3},
	}
	// Pod templates with a container port named "console": the standalone pod or the proxy
	// Deployment only (brokers and nameservers never serve it), none when it is off.
	wantConsolePorts := map[string]int{"standalone.yaml": 1, "cluster.yaml": 1, "console-off.yaml": 0}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			objs, err := Decode(r)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range Consistent(objs) {
				t.Error(e)
			}
			count := map[string]int{}
			for _, o := range objs {
				count[o.Kind]++
			}
			for kind, n := range want[filepath.Base(f)] {
				if count[kind] != n {
					t.Errorf("%d %s rendered, want %d", count[kind], kind, n)
				}
			}
			if n, ok := wantConsolePorts[filepath.Base(f)]; ok {
				if got := consolePorts(objs); got != n {
					t.Errorf("%d pod templates with a console port, want %d", got, n)
				}
			}
			t.Logf("%d documents valid: %v", len(objs), count)
		})
	}
}

// consolePorts counts the StatefulSets and Deployments whose pods have a port named "console".
func consolePorts(objs []Object) int {
	n := 0
	for _, o := range objs {
		var pod corev1.PodTemplateSpec
		switch v := o.Obj.(type) {
		case *appsv1.StatefulSet:
			pod = v.Spec.Template
		case *appsv1.Deployment:
			pod = v.Spec.Template
		default:
			continue
		}
		if hasNamedPort(pod, "console") {
			n++
		}
	}
	return n
}

const statefulSet = `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: x
spec:
  %s: 1
  serviceName: x
  selector: {matchLabels: {a: b}}
  template:
    metadata: {labels: {a: b}}
    spec:
      containers: [{name: c, image: i}]
`

// The check must be able to fail: a misspelt field, a wrong type and an unknown kind.
func TestRefused(t *testing.T) {
	if _, err := DecodeOne([]byte(strings.Replace(statefulSet, "%s", "replicas", 1))); err != nil {
		t.Fatalf("a valid StatefulSet was refused: %v", err)
	}
	for name, doc := range map[string]string{
		"typo":         strings.Replace(statefulSet, "%s", "replicass", 1),
		"wrong type":   strings.Replace(statefulSet, "%s: 1", "replicas: one", 1),
		"unknown kind": "apiVersion: apps/v1\nkind: StatefulSett\nmetadata: {name: x}\n",
		"no name":      "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n",
		"ServiceMonitor typo": "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\n" +
			"metadata: {name: x}\nspec: {selector: {}, endpoints: [{port: metrics, intervall: 10s}]}\n",
	} {
		if _, err := DecodeOne([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		} else {
			t.Logf("%s: refused: %v", name, err)
		}
	}
}

// TestSchemaCoversExampleConfig: every key of config/apogee.example.toml (commented-out
// optional keys included) has a property under config.<section> in values.schema.json, and
// the schema has no key the example lacks, so a key added to the server shows up here.
func TestSchemaCoversExampleConfig(t *testing.T) {
	example := keysOfExample(t, "../../../config/apogee.example.toml")
	schema := keysOfSchema(t, "../values.schema.json")
	if len(example) < 20 {
		t.Fatalf("only %d keys read from the example config", len(example))
	}
	for _, k := range example {
		if !slices.Contains(schema, k) {
			t.Errorf("config key %s (config/apogee.example.toml) is missing from values.schema.json", k)
		}
	}
	for _, k := range schema {
		if !slices.Contains(example, k) {
			t.Errorf("values.schema.json has config.%s, which config/apogee.example.toml does not document", k)
		}
	}
}

var (
	sectionLine = regexp.MustCompile(`^\[([a-z_]+)\]\s*$`)
	// `key = value`, or `# key = value` for an optional key without a default.
	keyLine = regexp.MustCompile(`^(?:#\s*)?([a-z_][a-z0-9_]*)\s*=`)
)

func keysOfExample(t *testing.T, path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	section := ""
	for _, line := range strings.Split(string(data), "\n") {
		if m := sectionLine.FindStringSubmatch(line); m != nil {
			section = m[1]
		} else if m := keyLine.FindStringSubmatch(line); m != nil && section != "" {
			if k := section + "." + m[1]; !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

func keysOfSchema(t *testing.T, path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type node struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	var root, config node
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(root.Properties["config"], &config); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for section, raw := range config.Properties {
		var s node
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		for key := range s.Properties {
			keys = append(keys, section+"."+key)
		}
	}
	return keys
}
