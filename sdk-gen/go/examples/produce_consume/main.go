// Command produce_consume sends one message to an Apogee (or RocketMQ 5 proxy) endpoint, receives
// it as a simple consumer and acknowledges it, using only the generated stubs.
//
//	go run ./examples/produce_consume [-topic T] [-group G] 127.0.0.1:8081
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	grpcstatus "google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	adminv1 "github.com/apogee-mq/apogee/sdk-gen/go/adminv1"
	v2 "github.com/apogee-mq/apogee/sdk-gen/go/rocketmqv2"
)

func main() {
	topic := flag.String("topic", "sdk-example-topic", "topic to send to (created if missing)")
	group := flag.String("group", "sdk-example-group", "consumer group to receive with")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: %s [flags] HOST:PORT\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *topic, *group); err != nil {
		log.Fatal(err)
	}
}

func run(endpoint, topic, group string) error {
	host, portText, err := net.SplitHostPort(endpoint)
	if err != nil {
		return err
	}
	port, err := strconv.ParseInt(portText, 10, 32)
	if err != nil {
		return err
	}
	conn, err := grpc.NewClient(endpoint, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	mq := v2.NewMessagingServiceClient(conn)
	admin := adminv1.NewAdminClient(conn)

	// RocketMQ 5 servers identify a client by this header on every call.
	ctx := metadata.AppendToOutgoingContext(context.Background(), "x-mq-client-id", "go-example-"+randomHex(6))
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	// Create the topic with the admin API; an existing topic is fine.
	_, err = admin.CreateTopic(ctx, &adminv1.CreateTopicRequest{
		Name: topic, MessageTypes: []adminv1.MessageType{adminv1.MessageType_NORMAL},
	})
	if err != nil && grpcstatus.Code(err) != codes.AlreadyExists {
		return fmt.Errorf("CreateTopic: %w", err)
	}

	route, err := mq.QueryRoute(ctx, &v2.QueryRouteRequest{
		Topic: &v2.Resource{Name: topic},
		Endpoints: &v2.Endpoints{Scheme: v2.AddressScheme_IPv4,
			Addresses: []*v2.Address{{Host: host, Port: int32(port)}}},
	})
	if err := check("QueryRoute", route.GetStatus(), err); err != nil {
		return err
	}
	if len(route.GetMessageQueues()) == 0 {
		return errors.New("QueryRoute: no queues")
	}
	queue := route.GetMessageQueues()[0]

	// The heartbeat registers the group; a new group starts at the latest offset, so it comes
	// before the send.
	hb, err := mq.Heartbeat(ctx, &v2.HeartbeatRequest{
		Group: &v2.Resource{Name: group}, ClientType: v2.ClientType_SIMPLE_CONSUMER,
	})
	if err := check("Heartbeat", hb.GetStatus(), err); err != nil {
		return err
	}

	messageID := "01" + strings.ToUpper(randomHex(16))
	body := []byte("hello from Go at " + time.Now().Format(time.RFC3339Nano))
	hostname, _ := os.Hostname()
	sent, err := mq.SendMessage(ctx, &v2.SendMessageRequest{Messages: []*v2.Message{{
		Topic: &v2.Resource{Name: topic},
		SystemProperties: &v2.SystemProperties{
			MessageId:     messageID,
			MessageType:   v2.MessageType_NORMAL,
			BodyEncoding:  v2.Encoding_IDENTITY,
			BornTimestamp: timestamppb.Now(),
			BornHost:      hostname,
		},
		Body: body,
	}}})
	if err := check("SendMessage", sent.GetStatus(), err); err != nil {
		return err
	}
	fmt.Printf("sent %s to %s\n", messageID, topic)

	// Receive until our message shows up; acknowledge whatever arrives (a reused group may
	// still hold messages from an earlier run).
	for attempt := 0; attempt < 10; attempt++ {
		msgs, err := receive(ctx, mq, group, queue)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			sp := m.GetSystemProperties()
			ack, err := mq.AckMessage(ctx, &v2.AckMessageRequest{
				Group: &v2.Resource{Name: group}, Topic: m.GetTopic(),
				Entries: []*v2.AckMessageEntry{{MessageId: sp.GetMessageId(), ReceiptHandle: sp.GetReceiptHandle()}},
			})
			if err := check("AckMessage", ack.GetStatus(), err); err != nil {
				return err
			}
			fmt.Printf("received and acked %s: %q\n", sp.GetMessageId(), m.GetBody())
			if sp.GetMessageId() == messageID {
				return nil
			}
		}
	}
	return fmt.Errorf("message %s was not received", messageID)
}

// receive long-polls once (batch 1, 30 s invisible, 5 s long polling) and returns the messages;
// an empty poll (MESSAGE_NOT_FOUND) returns none.
func receive(ctx context.Context, mq v2.MessagingServiceClient, group string, queue *v2.MessageQueue) ([]*v2.Message, error) {
	stream, err := mq.ReceiveMessage(ctx, &v2.ReceiveMessageRequest{
		Group:              &v2.Resource{Name: group},
		MessageQueue:       queue,
		FilterExpression:   &v2.FilterExpression{Type: v2.FilterType_TAG, Expression: "*"},
		BatchSize:          1,
		InvisibleDuration:  durationpb.New(30 * time.Second),
		LongPollingTimeout: durationpb.New(5 * time.Second),
	})
	if err != nil {
		return nil, fmt.Errorf("ReceiveMessage: %w", err)
	}
	var msgs []*v2.Message
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return msgs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("ReceiveMessage: %w", err)
		}
		switch c := resp.GetContent().(type) {
		case *v2.ReceiveMessageResponse_Status:
			if c.Status.GetCode() == v2.Code_MESSAGE_NOT_FOUND {
				continue
			}
			if err := check("ReceiveMessage", c.Status, nil); err != nil {
				return nil, err
			}
		case *v2.ReceiveMessageResponse_Message:
			msgs = append(msgs, c.Message)
		}
	}
}

// check turns a transport error or a non-OK business status into an error.
func check(what string, st *v2.Status, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if st.GetCode() != v2.Code_OK {
		return fmt.Errorf("%s: %v %s", what, st.GetCode(), st.GetMessage())
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
