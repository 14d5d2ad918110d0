// Official RocketMQ 5 Go client against Apogee; run by tests/clients/run.sh.
//
// Each scenario test calls scenario(t, NAME) first; TestMain writes what they
// decided (pass, fail, or unsupported = skipped) to $APOGEE_RESULTS as JSON.
package clients

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"testing"

	rmq "github.com/apache/rocketmq-clients/golang/v5"
	"github.com/apache/rocketmq-clients/golang/v5/metadata"
)

const clientModule = "github.com/apache/rocketmq-clients/golang/v5"

var results = struct {
	sync.Mutex
	status, detail map[string]string
}{status: map[string]string{}, detail: map[string]string{}}

func TestMain(m *testing.M) {
	// Go defaults to TLS (trusting any certificate), which Apogee serves on
	// the client port by default (tls_mode = "permissive"): no setting here.
	if dir := os.Getenv("APOGEE_LOGS"); dir != "" {
		os.Setenv("rocketmq.client.logRoot", dir+"/client") // not ~/logs/rocketmq
		rmq.ResetLogger()
	}
	code := m.Run()
	if err := writeResults(os.Getenv("APOGEE_RESULTS")); err != nil {
		fmt.Fprintln(os.Stderr, "writing results:", err)
		code = 1
	}
	os.Exit(code)
}

// scenario records t's outcome under name once t and its cleanups are done
// (registered first, so it runs after the other cleanups).
func scenario(t *testing.T, name string) {
	t.Cleanup(func() {
		results.Lock()
		defer results.Unlock()
		switch {
		case t.Skipped():
			results.status[name] = "unsupported"
		case t.Failed():
			results.status[name] = "fail"
			if results.detail[name] == "" {
				results.detail[name] = t.Name() + " failed; see the go test output"
			}
		default:
			results.status[name] = "pass"
		}
	})
}

// noteFailure keeps a reason for the results file next to t's own error.
func noteFailure(t *testing.T, name, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	results.Lock()
	results.detail[name] = msg
	results.Unlock()
	t.Error(msg)
}

func writeResults(path string) error {
	if path == "" {
		return nil
	}
	results.Lock()
	defer results.Unlock()
	out, err := json.MarshalIndent(map[string]any{
		"client":    "go",
		"library":   clientModule,
		"version":   metadata.VersionValue, // what the client reports as x-mq-client-version
		"scenarios": results.status,
		"details":   results.detail,
	}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(out, '\n'), 0o644)
}
