package apogee_test

// End-to-end test of the generated Go stubs: starts `apogee standalone` on an ephemeral port
// (APOGEE_BIN names the binary), then admin CreateTopic, QueryRoute, Heartbeat, SendMessage,
// ReceiveMessage and AckMessage through the generated clients.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	adminv1 "github.com/apogee-mq/apogee/sdk-gen/go/adminv1"
	v2 "github.com/apogee-mq/apogee/sdk-gen/go/rocketmqv2"
)

const (
	readyTimeout = 30 * time.Second
	stopTimeout  = 15 * time.Second
	pollInterval = 50 * time.Millisecond // poll interval of the ready file, not a readiness guess
	callTimeout  = 10 * time.Second
	// ReceiveMessage long-polls up to 5 s; the call's deadline leaves room for the reply.
	receiveTimeout = 20 * time.Second
)

// startServer runs `apogee standalone` with a fresh data directory and returns "host:port" once
// the server has written its bound address to the ready file. It stops the server with SIGTERM
// when the test ends and fails the test if it does not exit cleanly.
func startServer(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("APOGEE_BIN")
	if bin == "" {
		t.Fatal("APOGEE_BIN is not set (run sdk-gen/check.sh PATH_TO_APOGEE)")
	}
	dir := t.TempDir()
	ready := filepath.Join(dir, "ready")
	logPath := filepath.Join(dir, "apogee.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "standalone", "--listen", "127.0.0.1:0",
		"--data-dir", filepath.Join(dir, "data"), "--ready-file", ready)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = serverEnv()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	showLog := func() {
		if data, err := os.ReadFile(logPath); err == nil {
			t.Logf("apogee server log:\n%s", data)
		}
	}
	t.Cleanup(func() {
		defer logFile.Close()
		select {
		case err := <-exited:
			showLog()
			t.Errorf("apogee exited before the end of the test: %v", err)
			return
		default:
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			if err != nil {
				showLog()
				t.Errorf("apogee exited with %v after SIGTERM", err)
			} else if t.Failed() {
				showLog()
			}
		case <-time.After(stopTimeout):
			_ = cmd.Process.Kill()
			<-exited
			showLog()
			t.Errorf("apogee did not exit within %v of SIGTERM (killed)", stopTimeout)
		}
	})

	deadline := time.Now().Add(readyTimeout)
	for {
		if data, err := os.ReadFile(ready); err == nil && len(bytes.TrimSpace(data)) > 0 {
			return strings.TrimSpace(string(data))
		}
		select {
		case err := <-exited:
			exited <- err // let the cleanup see it too
			t.Fatalf("apogee exited early: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("apogee not ready after %v", readyTimeout)
		}
		time.Sleep(pollInterval)
	}
}

// serverEnv is this process's environment without APOGEE_* variables: the server reads those
// as configuration and rejects unknown keys (APOGEE_BIN, APOGEE_CACHE are the harness's own).
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "APOGEE_") {
			env = append(env, kv)
		}
	}
	return append(env, "NO_COLOR=1")
}

func unique(prefix string) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return prefix + "-" + hex.EncodeToString(b)
}

func requireOK(t *testing.T, what string, st *v2.Status) {
	t.Helper()
	if st.GetCode() != v2.Code_OK {
		t.Fatalf("%s: status %v (%d) %q, want OK (20000)", what, st.GetCode(), int32(st.GetCode()), st.GetMessage())
	}
}

func TestProduceConsume(t *testing.T) {
	endpoint := startServer(t)
	host, port, err := splitHostPort(endpoint)
	if err != nil {
		t.Fatal(err)
	}

	conn, err := grpc.NewClient(endpoint, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	admin := adminv1.NewAdminClient(conn)
	mq := v2.NewMessagingServiceClient(conn)

	// Every RocketMQ call carries the client id header.
	ctx := metadata.AppendToOutgoingContext(context.Background(), "x-mq-client-id", unique("go-sdk-test"))
	call := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, callTimeout) }

	topic := unique("go-topic")
	group := unique("go-group")
	body := []byte("hello from the generated Go stubs")

	// Admin API: create the topic, then see it listed.
	{
		c, cancel := call()
		created, err := admin.CreateTopic(c, &adminv1.CreateTopicRequest{
			Name: topic, MessageTypes: []adminv1.MessageType{adminv1.MessageType_NORMAL},
		})
		cancel()
		if err != nil {
			t.Fatalf("CreateTopic: %v", err)
		}
		if created.GetTopic().GetName() != topic {
			t.Fatalf("CreateTopic answered topic %q, want %q", created.GetTopic().GetName(), topic)
		}
		c, cancel = call()
		listed, err := admin.ListTopics(c, &adminv1.ListTopicsRequest{})
		cancel()
		if err != nil {
			t.Fatalf("ListTopics: %v", err)
		}
		found := false
		for _, ti := range listed.GetTopics() {
			found = found || ti.GetName() == topic
		}
		if !found {
			t.Fatalf("ListTopics does not list %q", topic)
		}
	}

	// QueryRoute: at least one queue, queue 0 readable and writable.
	var queue *v2.MessageQueue
	{
		c, cancel := call()
		route, err := mq.QueryRoute(c, &v2.QueryRouteRequest{
			Topic: &v2.Resource{Name: topic},
			Endpoints: &v2.Endpoints{
				Scheme:    v2.AddressScheme_IPv4,
				Addresses: []*v2.Address{{Host: host, Port: port}},
			},
		})
		cancel()
		if err != nil {
			t.Fatalf("QueryRoute: %v", err)
		}
		requireOK(t, "QueryRoute", route.GetStatus())
		if len(route.GetMessageQueues()) == 0 {
			t.Fatal("QueryRoute returned no queues")
		}
		queue = route.GetMessageQueues()[0]
		if queue.GetId() != 0 || queue.GetPermission() != v2.Permission_READ_WRITE {
			t.Fatalf("first queue is %d %v, want 0 READ_WRITE", queue.GetId(), queue.GetPermission())
		}
	}

	// Heartbeat creates the group before the send: a new group starts at the latest offset.
	{
		c, cancel := call()
		hb, err := mq.Heartbeat(c, &v2.HeartbeatRequest{
			Group: &v2.Resource{Name: group}, ClientType: v2.ClientType_SIMPLE_CONSUMER,
		})
		cancel()
		if err != nil {
			t.Fatalf("Heartbeat: %v", err)
		}
		requireOK(t, "Heartbeat", hb.GetStatus())
	}

	// SendMessage: one NORMAL message.
	messageID := newMessageID()
	{
		c, cancel := call()
		sent, err := mq.SendMessage(c, &v2.SendMessageRequest{Messages: []*v2.Message{{
			Topic: &v2.Resource{Name: topic},
			SystemProperties: &v2.SystemProperties{
				MessageId:     messageID,
				MessageType:   v2.MessageType_NORMAL,
				BodyEncoding:  v2.Encoding_IDENTITY,
				BornTimestamp: timestamppb.Now(),
				BornHost:      hostname(),
			},
			Body: body,
		}}})
		cancel()
		if err != nil {
			t.Fatalf("SendMessage: %v", err)
		}
		requireOK(t, "SendMessage", sent.GetStatus())
		if len(sent.GetEntries()) != 1 {
			t.Fatalf("SendMessage returned %d entries, want 1", len(sent.GetEntries()))
		}
		requireOK(t, "SendMessage entry", sent.GetEntries()[0].GetStatus())
		if got := sent.GetEntries()[0].GetMessageId(); got != messageID {
			t.Fatalf("SendMessage entry has message id %q, want %q", got, messageID)
		}
	}

	// ReceiveMessage: a server stream of status, the message, then the delivery timestamp.
	var received *v2.Message
	{
		c, cancel := context.WithTimeout(ctx, receiveTimeout)
		stream, err := mq.ReceiveMessage(c, &v2.ReceiveMessageRequest{
			Group:              &v2.Resource{Name: group},
			MessageQueue:       queue,
			FilterExpression:   &v2.FilterExpression{Type: v2.FilterType_TAG, Expression: "*"},
			BatchSize:          1,
			InvisibleDuration:  durationpb.New(30 * time.Second),
			LongPollingTimeout: durationpb.New(5 * time.Second),
		})
		if err != nil {
			cancel()
			t.Fatalf("ReceiveMessage: %v", err)
		}
		var status *v2.Status
		var messages []*v2.Message
		sawDelivery := false
		for {
			resp, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				cancel()
				t.Fatalf("ReceiveMessage stream: %v", err)
			}
			switch content := resp.GetContent().(type) {
			case *v2.ReceiveMessageResponse_Status:
				status = content.Status
			case *v2.ReceiveMessageResponse_Message:
				messages = append(messages, content.Message)
			case *v2.ReceiveMessageResponse_DeliveryTimestamp:
				sawDelivery = true
			}
		}
		cancel()
		requireOK(t, "ReceiveMessage", status) // an empty receive would be MESSAGE_NOT_FOUND (40401)
		if len(messages) != 1 {
			t.Fatalf("ReceiveMessage returned %d messages, want 1", len(messages))
		}
		if !sawDelivery {
			t.Fatal("ReceiveMessage stream had no delivery_timestamp")
		}
		received = messages[0]
		if !bytes.Equal(received.GetBody(), body) {
			t.Fatalf("received body %q, want %q", received.GetBody(), body)
		}
		if got := received.GetSystemProperties().GetMessageId(); got != messageID {
			t.Fatalf("received message id %q, want %q", got, messageID)
		}
		if received.GetSystemProperties().GetReceiptHandle() == "" {
			t.Fatal("received message has no receipt handle")
		}
	}

	// AckMessage with the receipt handle.
	{
		c, cancel := call()
		acked, err := mq.AckMessage(c, &v2.AckMessageRequest{
			Group: &v2.Resource{Name: group},
			Topic: &v2.Resource{Name: topic},
			Entries: []*v2.AckMessageEntry{{
				MessageId:     received.GetSystemProperties().GetMessageId(),
				ReceiptHandle: received.GetSystemProperties().GetReceiptHandle(),
			}},
		})
		cancel()
		if err != nil {
			t.Fatalf("AckMessage: %v", err)
		}
		requireOK(t, "AckMessage", acked.GetStatus())
		for _, e := range acked.GetEntries() {
			requireOK(t, "AckMessage entry", e.GetStatus())
		}
	}
}

func splitHostPort(endpoint string) (string, int32, error) {
	host, portText, err := net.SplitHostPort(endpoint)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.ParseInt(portText, 10, 32)
	return host, int32(port), err
}

// newMessageID makes a client-side message id in the usual RocketMQ 5 shape (hex, version 01).
func newMessageID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return "01" + strings.ToUpper(hex.EncodeToString(b))
}

func hostname() string {
	if h, err := os.Hostname(); err == nil {
		return h
	}
	return "localhost"
}
