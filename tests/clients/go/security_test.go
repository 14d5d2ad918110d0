package clients

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	rmq "github.com/apache/rocketmq-clients/golang/v5"
	"github.com/apache/rocketmq-clients/golang/v5/credentials"
)

// The Go client over TLS (its default; it skips certificate verification, so the server's
// test-CA certificate is not checked) against a server that enforces TLS.
func TestTLS(t *testing.T) {
	scenario(t, "tls")
	certs := testCertificates(t)
	ep := startServer(t, "tls", "APOGEE_SERVER__TLS_MODE=enforcing",
		"APOGEE_SERVER__TLS_CERT_PATH="+filepath.Join(certs, "server.crt"),
		"APOGEE_SERVER__TLS_KEY_PATH="+filepath.Join(certs, "server.key"))
	none := &credentials.SessionCredentials{}
	if got := roundTrip(t, ep, none); got != "m0 m1 m2" {
		t.Fatalf("received %q", got)
	}
	// TLS is enforced: the same client in plaintext is refused. The switch is the client's
	// package variable (tests in this package run one at a time).
	rmq.EnableSsl = false
	defer func() { rmq.EnableSsl = true }()
	refusedProducer(t, ep, none, "deadline|connection|closed|reset|EOF|unavailable")
}

// The Go client signing its requests to a server with authentication and ACL on.
func TestAuth(t *testing.T) {
	scenario(t, "auth")
	ep := startServer(t, "auth", "APOGEE_AUTH__ENABLED=true",
		"APOGEE_AUTH__ADMIN_ACCESS_KEY=go-admin", "APOGEE_AUTH__ADMIN_SECRET_KEY=go-admin-secret")
	asAdmin := func(args ...string) string {
		return admin(t, ep, append(args, "--access-key", "go-admin", "--secret-key", "go-admin-secret")...)
	}
	// A normal user allowed to publish and subscribe on its own topics and groups only.
	asAdmin("user", "create", "go-app", "--secret", "go-app-secret")
	asAdmin("acl", "put", "go-app", "--resource", "Topic:go-sec-*", "--actions", "Pub,Sub,Create")
	asAdmin("acl", "put", "go-app", "--resource", "Group:go-secg-*", "--actions", "Sub,Create")
	app := &credentials.SessionCredentials{AccessKey: "go-app", AccessSecret: "go-app-secret"}
	if got := roundTrip(t, ep, app); got != "m0 m1 m2" {
		t.Fatalf("received %q", got)
	}

	refused := []string{
		// The Go client signs even empty credentials: an empty access key is unknown.
		refusedProducer(t, ep, &credentials.SessionCredentials{}, "40100|unauthori|unauthenticated"),
		refusedProducer(t, ep, &credentials.SessionCredentials{AccessKey: "go-app", AccessSecret: "guess"},
			"40100|unauthori|signature"),
		refusedProducer(t, ep, app, "40300|forbidden|may not"), // signed, but not in its ACL
	}
	topics := asAdmin("topic", "list")
	for _, topic := range refused {
		if strings.Contains(topics, topic) {
			t.Errorf("a refused call created topic %s", topic)
		}
	}
}

// roundTrip sends three messages and receives and acks them; returns the bodies, sorted.
func roundTrip(t *testing.T, ep string, creds *credentials.SessionCredentials) string {
	t.Helper()
	topic := unique("sec")
	c, err := rmq.NewSimpleConsumer(&rmq.Config{Endpoint: ep, ConsumerGroup: unique("secg"), Credentials: creds},
		rmq.WithSimpleAwaitDuration(await),
		rmq.WithSimpleSubscriptionExpressions(map[string]*rmq.FilterExpression{topic: rmq.SUB_ALL}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatalf("start simple consumer: %v", err)
	}
	t.Cleanup(func() { _ = c.GracefulStop() })
	p, err := rmq.NewProducer(&rmq.Config{Endpoint: ep, Credentials: creds}, rmq.WithTopics(topic))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Start(); err != nil {
		t.Fatalf("start producer: %v", err)
	}
	t.Cleanup(func() { _ = p.GracefulStop() })
	for i := 0; i < 3; i++ {
		send(t, p, message(topic, fmt.Sprintf("m%d", i)))
	}
	var bodies []string
	for _, mv := range receiveAndAck(t, c, 3, nil) {
		bodies = append(bodies, string(mv.GetBody()))
	}
	sort.Strings(bodies)
	return strings.Join(bodies, " ")
}

// refusedProducer starts a producer of a new topic, which must fail with an error matching
// why (case-insensitive); returns the topic.
func refusedProducer(t *testing.T, ep string, creds *credentials.SessionCredentials, why string) string {
	t.Helper()
	topic := unique("refused")
	p, err := rmq.NewProducer(&rmq.Config{Endpoint: ep, Credentials: creds}, rmq.WithTopics(topic))
	if err == nil {
		err = p.Start()
		if err == nil {
			_ = p.GracefulStop()
			t.Fatalf("the producer of %s started", topic)
		}
	}
	if !regexp.MustCompile("(?i)" + why).MatchString(err.Error()) {
		t.Fatalf("refused for another reason: %v", err)
	}
	return topic
}

// testCertificates makes a throwaway CA and certificates signed by it (test-certs.sh).
func testCertificates(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("../test-certs.sh", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("test-certs.sh: %v\n%s", err, out)
	}
	return dir
}
