package clients

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	rmq "github.com/apache/rocketmq-clients/golang/v5"
	"github.com/apache/rocketmq-clients/golang/v5/credentials"
)

const (
	deadline  = 60 * time.Second // bound on any wait for messages
	await     = 2 * time.Second  // long polling of one receive
	invisible = 15 * time.Second
)

var ctx = context.Background()

func TestNormal(t *testing.T) {
	scenario(t, "normal")
	ep := startServer(t, "normal")
	topic := unique("topic")
	consumer := simpleConsumer(t, ep, unique("group"), topic) // a new group starts at "latest"
	producer := newProducer(t, ep, topic, nil)

	sent := map[string]*rmq.Message{}
	for i := 0; i < 10; i++ {
		msg := message(topic, fmt.Sprintf("normal-%d", i))
		msg.SetTag(fmt.Sprintf("tag%d", i%3))
		msg.SetKeys(fmt.Sprintf("key-%d", i), "shared-key")
		msg.AddProperty("index", fmt.Sprint(i))
		id := send(t, producer, msg)
		if sent[id] != nil {
			t.Fatalf("duplicate message id %s", id)
		}
		sent[id] = msg
	}

	got := receiveAndAck(t, consumer, len(sent), nil)
	for id, want := range sent {
		mv := got[id]
		if mv == nil {
			t.Fatalf("message %s not received", id)
		}
		if string(mv.GetBody()) != string(want.Body) || *mv.GetTag() != *want.GetTag() ||
			!reflect.DeepEqual(mv.GetKeys(), want.GetKeys()) ||
			!reflect.DeepEqual(mv.GetProperties(), want.GetProperties()) || mv.GetDeliveryAttempt() != 1 {
			t.Errorf("%s: got body %q tag %q keys %v props %v attempt %d; want body %q tag %q keys %v props %v",
				id, mv.GetBody(), *mv.GetTag(), mv.GetKeys(), mv.GetProperties(), mv.GetDeliveryAttempt(),
				want.Body, *want.GetTag(), want.GetKeys(), want.GetProperties())
		}
	}
}

func TestFIFO(t *testing.T) {
	scenario(t, "fifo")
	ep := startServer(t, "fifo")
	topic, group := unique("topic"), unique("group")
	admin(t, ep, "topic", "create", topic, "--type", "fifo", "--queues", "4")
	admin(t, ep, "group", "create", group, "--fifo")
	consumer := simpleConsumer(t, ep, group, topic)
	producer := newProducer(t, ep, topic, nil)

	// Interleave 3 message groups; each must come back in its own send order.
	sentOrder := map[string][]string{}
	for seq := 0; seq < 5; seq++ {
		for g := 0; g < 3; g++ {
			mg := fmt.Sprintf("mg%d", g)
			msg := message(topic, fmt.Sprintf("%s:%d", mg, seq))
			msg.SetMessageGroup(mg)
			sentOrder[mg] = append(sentOrder[mg], send(t, producer, msg))
		}
	}

	// The server hands out a group's next message only after the previous one is acked.
	gotOrder := map[string][]string{}
	receiveAndAck(t, consumer, 15, func(mv *rmq.MessageView) {
		mg := *mv.GetMessageGroup()
		if want := fmt.Sprintf("%s:%d", mg, len(gotOrder[mg])); string(mv.GetBody()) != want {
			t.Errorf("order within %s: got %q, want %q", mg, mv.GetBody(), want)
		}
		gotOrder[mg] = append(gotOrder[mg], mv.GetMessageId())
	})
	if !reflect.DeepEqual(sentOrder, gotOrder) {
		t.Errorf("per-group order: sent %v, got %v", sentOrder, gotOrder)
	}
}

func TestDelay(t *testing.T) {
	scenario(t, "delay")
	ep := startServer(t, "delay")
	topic := unique("topic")
	admin(t, ep, "topic", "create", topic, "--type", "delay")
	consumer := simpleConsumer(t, ep, unique("group"), topic)
	producer := newProducer(t, ep, topic, nil)

	deliverAt := time.UnixMilli(time.Now().Add(3 * time.Second).UnixMilli()) // whole ms, as stored
	sent := map[string]bool{}
	for i := 0; i < 3; i++ {
		msg := message(topic, fmt.Sprintf("delay-%d", i))
		msg.SetDelayTimestamp(deliverAt)
		sent[send(t, producer, msg)] = true
	}
	got := receiveAndAck(t, consumer, len(sent), func(mv *rmq.MessageView) {
		if now := time.Now(); now.Before(deliverAt) {
			t.Errorf("%s delivered %v early", mv.GetMessageId(), deliverAt.Sub(now))
		}
		if ts := mv.GetDeliveryTimestamp(); ts == nil || !ts.Equal(deliverAt) {
			t.Errorf("%s: delivery timestamp %v, want %v", mv.GetMessageId(), ts, deliverAt)
		}
	})
	for id := range sent {
		if got[id] == nil {
			t.Errorf("%s not received", id)
		}
	}
}

func TestTransactionCommit(t *testing.T) {
	scenario(t, "transaction")
	ep := startServer(t, "transaction")
	topic := unique("topic")
	admin(t, ep, "topic", "create", topic, "--type", "transaction")
	consumer := simpleConsumer(t, ep, unique("group"), topic)
	var mu sync.Mutex
	var checked []string
	producer := newProducer(t, ep, topic, &rmq.TransactionChecker{Check: func(mv *rmq.MessageView) rmq.TransactionResolution {
		mu.Lock()
		defer mu.Unlock()
		checked = append(checked, mv.GetMessageId())
		return rmq.UNKNOWN
	}})

	tx := producer.BeginTransaction()
	receipts, err := producer.SendWithTransaction(ctx, message(topic, "tx-commit"), tx)
	if err != nil {
		t.Fatalf("send in transaction: %v", err)
	}
	// A half message is invisible until committed: one long-polled receive sees nothing.
	if early := receive(t, consumer); len(early) != 0 {
		t.Fatalf("half message delivered before commit: %s", early[0].GetMessageId())
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("commit: %v", err)
	}
	got := receiveAndAck(t, consumer, 1, nil)
	if id := receipts[0].MessageID; got[id] == nil || string(got[id].GetBody()) != "tx-commit" {
		t.Errorf("committed message %s not received: %v", id, got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(checked) != 0 {
		t.Errorf("no check-back expected for a committed transaction: %v", checked)
	}
}

func TestTransactionCheckBack(t *testing.T) {
	scenario(t, "transaction_check")
	// The server asks a producer of the topic to resolve an open transaction every 1 s.
	ep := startServer(t, "transaction_check", "APOGEE_BROKER__TRANSACTION_CHECK_INTERVAL=1s")
	topic := unique("topic")
	admin(t, ep, "topic", "create", topic, "--type", "transaction")
	consumer := simpleConsumer(t, ep, unique("group"), topic)
	var checkedAt sync.Map // message id -> time.Time of the first check
	producer := newProducer(t, ep, topic, &rmq.TransactionChecker{Check: func(mv *rmq.MessageView) rmq.TransactionResolution {
		checkedAt.LoadOrStore(mv.GetMessageId(), time.Now())
		return rmq.COMMIT
	}})

	tx := producer.BeginTransaction() // left unresolved on purpose
	receipts, err := producer.SendWithTransaction(ctx, message(topic, "tx-check"), tx)
	if err != nil {
		t.Fatalf("send in transaction: %v", err)
	}
	id := receipts[0].MessageID
	got := receiveAndAck(t, consumer, 1, nil)
	arrived := time.Now()
	if got[id] == nil {
		t.Fatalf("message %s not received: %v", id, got)
	}
	at, ok := checkedAt.Load(id)
	if !ok {
		t.Fatalf("%s delivered without a check-back", id)
	}
	if at.(time.Time).After(arrived) {
		t.Errorf("%s delivered before the checker committed it", id)
	}
}

func TestSimpleConsumer(t *testing.T) {
	scenario(t, "simple_consumer")
	ep := startServer(t, "simple_consumer")
	topic := unique("topic")
	consumer := simpleConsumer(t, ep, unique("group"), topic)
	producer := newProducer(t, ep, topic, nil)
	ids := map[string]bool{}
	for i := 0; i < 5; i++ {
		ids[send(t, producer, message(topic, fmt.Sprintf("simple-%d", i)))] = true
	}

	// Ack all but the first delivery, which is nacked (invisible for 1 s): it must come back, attempt 2.
	acked := map[string]bool{}
	nacked := ""
	end := time.Now().Add(deadline)
	for len(acked) < len(ids) {
		if time.Now().After(end) {
			t.Fatalf("only %d/%d acked within %v", len(acked), len(ids), deadline)
		}
		for _, mv := range receive(t, consumer) {
			id := mv.GetMessageId()
			if !ids[id] {
				t.Fatalf("unexpected message %s", id)
			}
			if nacked == "" {
				nacked = id
				if err := consumer.ChangeInvisibleDuration(mv, time.Second); err != nil {
					t.Fatalf("change invisible duration: %v", err)
				}
				continue
			}
			want := int32(1)
			if id == nacked {
				want = 2
			}
			if mv.GetDeliveryAttempt() != want || acked[id] {
				t.Fatalf("%s: delivery attempt %d (want %d), already acked %v", id, mv.GetDeliveryAttempt(), want, acked[id])
			}
			if err := consumer.Ack(ctx, mv); err != nil {
				t.Fatalf("ack: %v", err)
			}
			acked[id] = true
		}
	}
	// Everything is acked now: a long-polled receive is empty.
	if again := receive(t, consumer); len(again) != 0 {
		t.Errorf("acked message delivered again: %s", again[0].GetMessageId())
	}
}

func TestPushConsumer(t *testing.T) {
	scenario(t, "push_consumer")
	ep := startServer(t, "push_consumer")
	topic, group := unique("topic"), unique("group")
	admin(t, ep, "group", "create", group, "--retry-backoff", "1s") // quick redelivery

	// The listener fails the first delivery of "push-0" once to exercise the nack path.
	var mu sync.Mutex
	calls := map[string][]int32{} // body -> delivery attempts seen
	total := 0
	listener := &rmq.FuncMessageListener{Consume: func(mv *rmq.MessageView) rmq.ConsumerResult {
		mu.Lock()
		defer mu.Unlock()
		body := string(mv.GetBody())
		calls[body] = append(calls[body], mv.GetDeliveryAttempt())
		total++
		if body == "push-0" && len(calls[body]) == 1 {
			return rmq.FAILURE
		}
		return rmq.SUCCESS
	}}
	pc, err := rmq.NewPushConsumer(config(ep, group),
		rmq.WithPushSubscriptionExpressions(map[string]*rmq.FilterExpression{topic: rmq.SUB_ALL}),
		rmq.WithPushMessageListener(listener))
	if err != nil {
		t.Fatal(err)
	}
	if err := pc.Start(); err != nil {
		t.Fatalf("start push consumer: %v", err)
	}
	t.Cleanup(func() { _ = pc.GracefulStop() })

	producer := newProducer(t, ep, topic, nil)
	for i := 0; i < 10; i++ {
		send(t, producer, message(topic, fmt.Sprintf("push-%d", i)))
	}
	waitUntil(t, func() bool { mu.Lock(); defer mu.Unlock(); return total >= 11 },
		func() string { mu.Lock(); defer mu.Unlock(); return fmt.Sprint(calls) })

	mu.Lock()
	defer mu.Unlock()
	for i := 0; i < 10; i++ {
		body := fmt.Sprintf("push-%d", i)
		want := []int32{1}
		if i == 0 {
			want = []int32{1, 2}
		}
		if !reflect.DeepEqual(calls[body], want) {
			t.Errorf("%s: delivery attempts %v, want %v", body, calls[body], want)
		}
	}
}

// ---- helpers ----

func config(endpoint, group string) *rmq.Config {
	// Empty credentials: Apogee runs without auth (the Go client requires the struct).
	return &rmq.Config{Endpoint: endpoint, ConsumerGroup: group, Credentials: &credentials.SessionCredentials{}}
}

func newProducer(t *testing.T, ep, topic string, checker *rmq.TransactionChecker) rmq.Producer {
	t.Helper()
	opts := []rmq.ProducerOption{rmq.WithTopics(topic)} // without topics Start() never returns
	if checker != nil {
		opts = append(opts, rmq.WithTransactionChecker(checker))
	}
	p, err := rmq.NewProducer(config(ep, ""), opts...)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Start(); err != nil {
		t.Fatalf("start producer: %v", err)
	}
	t.Cleanup(func() { _ = p.GracefulStop() })
	return p
}

func simpleConsumer(t *testing.T, ep, group, topic string) rmq.SimpleConsumer {
	t.Helper()
	c, err := rmq.NewSimpleConsumer(config(ep, group), rmq.WithSimpleAwaitDuration(await),
		rmq.WithSimpleSubscriptionExpressions(map[string]*rmq.FilterExpression{topic: rmq.SUB_ALL}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatalf("start simple consumer: %v", err)
	}
	t.Cleanup(func() { _ = c.GracefulStop() })
	return c
}

func message(topic, body string) *rmq.Message {
	return &rmq.Message{Topic: topic, Body: []byte(body)}
}

func send(t *testing.T, p rmq.Producer, msg *rmq.Message) string {
	t.Helper()
	receipts, err := p.Send(ctx, msg)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	if len(receipts) != 1 || receipts[0].MessageID == "" {
		t.Fatalf("send: receipts %v", receipts)
	}
	return receipts[0].MessageID
}

// receive is one long-polled receive. The Go client returns an empty
// receive's MESSAGE_NOT_FOUND as an error (a client quirk): that is "none".
func receive(t *testing.T, c rmq.SimpleConsumer) []*rmq.MessageView {
	t.Helper()
	mvs, err := c.Receive(ctx, 16, invisible)
	if status, ok := rmq.AsErrRpcStatus(err); ok && status.GetCode() == 40401 {
		return nil
	}
	if err != nil {
		t.Fatalf("receive: %v", err)
	}
	return mvs
}

// receiveAndAck receives (acking in arrival order) until n distinct messages arrived.
func receiveAndAck(t *testing.T, c rmq.SimpleConsumer, n int, check func(*rmq.MessageView)) map[string]*rmq.MessageView {
	t.Helper()
	got := map[string]*rmq.MessageView{}
	end := time.Now().Add(deadline)
	for len(got) < n {
		if time.Now().After(end) {
			t.Fatalf("only %d/%d received within %v", len(got), n, deadline)
		}
		for _, mv := range receive(t, c) {
			if got[mv.GetMessageId()] != nil {
				t.Fatalf("duplicate delivery of %s", mv.GetMessageId())
			}
			if check != nil {
				check(mv)
			}
			if err := c.Ack(ctx, mv); err != nil {
				t.Fatalf("ack: %v", err)
			}
			got[mv.GetMessageId()] = mv
		}
	}
	return got
}

func waitUntil(t *testing.T, done func() bool, describe func() string) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !done() {
		if time.Now().After(end) {
			t.Fatalf("timed out after %v: %s", deadline, describe())
		}
		time.Sleep(50 * time.Millisecond) // poll interval, not a readiness guess
	}
}

func unique(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "go-" + prefix + "-" + hex.EncodeToString(b)
}
