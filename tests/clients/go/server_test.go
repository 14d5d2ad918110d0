package clients

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	readyTimeout = 30 * time.Second
	stopTimeout  = 15 * time.Second
)

// startServer runs `apogee standalone` on an ephemeral port for this test and
// returns "127.0.0.1:PORT". env adds server settings (APOGEE_BROKER__...).
func startServer(t *testing.T, name string, env ...string) string {
	t.Helper()
	bin := os.Getenv("APOGEE_BIN")
	if bin == "" {
		t.Fatal("APOGEE_BIN is not set (run tests/clients/run.sh)")
	}
	dir := t.TempDir()
	logs := os.Getenv("APOGEE_LOGS")
	if logs == "" {
		logs = dir
	}
	if err := os.MkdirAll(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(logs, name+".apogee.log")
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	ready := filepath.Join(dir, "ready")
	cmd := exec.Command(bin, "standalone", "--listen", "127.0.0.1:0",
		"--data-dir", filepath.Join(dir, "data"), "--ready-file", ready)
	cmd.Env = append(append(serverEnv(), "NO_COLOR=1"), env...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); log.Close() }()

	// Clean shutdown on SIGTERM is part of what is tested.
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			if err != nil {
				noteFailure(t, name, "apogee exited with %v after SIGTERM; log %s", err, logPath)
			}
		case <-time.After(stopTimeout):
			_ = cmd.Process.Kill()
			noteFailure(t, name, "apogee did not exit within %v of SIGTERM; log %s", stopTimeout, logPath)
		}
	})

	// Readiness = the server wrote its bound address into the ready file.
	deadline := time.Now().Add(readyTimeout)
	for {
		if b, _ := os.ReadFile(ready); len(strings.TrimSpace(string(b))) > 0 {
			return strings.TrimSpace(string(b))
		}
		select {
		case err := <-exited:
			t.Fatalf("apogee exited early (%v); log %s", err, logPath)
		case <-time.After(50 * time.Millisecond): // poll interval, not a readiness guess
		}
		if time.Now().After(deadline) {
			t.Fatalf("apogee not ready after %v; log %s", readyTimeout, logPath)
		}
	}
}

// serverEnv is this process's environment without APOGEE_* variables: the
// server reads those as configuration and rejects unknown keys.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "APOGEE_") {
			env = append(env, kv)
		}
	}
	if os.Getenv("RUST_LOG") == "" {
		env = append(env, "RUST_LOG=info")
	}
	return env
}

// admin runs `apogee admin --endpoint http://ENDPOINT ARGS... --json` and returns its output.
func admin(t *testing.T, endpoint string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args = append(append([]string{"admin", "--endpoint", "http://" + endpoint}, args...), "--json")
	cmd := exec.CommandContext(ctx, os.Getenv("APOGEE_BIN"), args...)
	cmd.Env = serverEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("apogee %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
