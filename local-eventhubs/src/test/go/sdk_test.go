// The official Go SDK (azeventhubs, on go-amqp) against local-eventhubs, as a user would run it.
// GoSdkTest starts the endpoint with the hubs below and runs `go test` here, CONNECTION_STRING set to the namespace's
// connection string as `java -jar local-eventhubs.jar` prints it, and TLS_ENDPOINT and TLS_CA to a second endpoint
// serving TLS and the PEM of its certificate.
package localeventhubs_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/messaging/azeventhubs/v2"
	"github.com/coder/websocket"
)

// One try, so that a refusal shows at once instead of after the SDK's backoff.
var noRetries = azeventhubs.RetryOptions{MaxRetries: -1}

func connectionString(t *testing.T) string {
	value := os.Getenv("CONNECTION_STRING")
	if value == "" {
		t.Fatal("CONNECTION_STRING is not set: GoSdkTest sets it to a running local-eventhubs")
	}
	return value
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func producer(t *testing.T, hub string) *azeventhubs.ProducerClient {
	return producerOf(t, connectionString(t), hub)
}

func producerOf(t *testing.T, connectionString, hub string) *azeventhubs.ProducerClient {
	client, err := azeventhubs.NewProducerClientFromConnectionString(connectionString, hub,
		&azeventhubs.ProducerClientOptions{RetryOptions: noRetries})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close(context.Background()) })
	return client
}

func consumer(t *testing.T, hub, group string) *azeventhubs.ConsumerClient {
	client, err := azeventhubs.NewConsumerClientFromConnectionString(connectionString(t), hub, group,
		&azeventhubs.ConsumerClientOptions{RetryOptions: noRetries})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close(context.Background()) })
	return client
}

func send(t *testing.T, client *azeventhubs.ProducerClient, options *azeventhubs.EventDataBatchOptions, events ...*azeventhubs.EventData) {
	if err := trySend(testContext(t), client, options, events...); err != nil {
		t.Fatal(err)
	}
}

// trySend sends events as one batch; for goroutines other than the test's, where t.Fatal does not belong.
func trySend(ctx context.Context, client *azeventhubs.ProducerClient, options *azeventhubs.EventDataBatchOptions, events ...*azeventhubs.EventData) error {
	batch, err := client.NewEventDataBatch(ctx, options)
	if err != nil {
		return err
	}
	for _, event := range events {
		if err := batch.AddEventData(event, nil); err != nil {
			return err
		}
	}
	return client.SendEventDataBatch(ctx, batch, nil)
}

func text(body string) *azeventhubs.EventData { return &azeventhubs.EventData{Body: []byte(body)} }

// receive reads the first count events of one partition from start; it fails after 60 s.
func receive(t *testing.T, hub, partition string, count int, start azeventhubs.StartPosition) []*azeventhubs.ReceivedEventData {
	reader, err := consumer(t, hub, azeventhubs.DefaultConsumerGroup).NewPartitionClient(partition,
		&azeventhubs.PartitionClientOptions{StartPosition: start})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close(context.Background())
	ctx := testContext(t)
	var events []*azeventhubs.ReceivedEventData
	for len(events) < count {
		batch, err := reader.ReceiveEvents(ctx, count-len(events), nil)
		events = append(events, batch...)
		if err != nil && len(events) < count {
			t.Fatalf("received %d of %d events: %v", len(events), count, err)
		}
	}
	return events
}

func bodies(events []*azeventhubs.ReceivedEventData) []string {
	out := make([]string, len(events))
	for i, event := range events {
		out[i] = string(event.Body)
	}
	return out
}

func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
}

func matches(t *testing.T, what string, err error, pattern string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want one matching %s", what, pattern)
	}
	if !regexp.MustCompile(pattern).MatchString(err.Error()) {
		t.Fatalf("%s: %q does not match %s", what, err.Error(), pattern)
	}
}

// hasCode fails unless err is the SDK's *azeventhubs.Error with code.
func hasCode(t *testing.T, what string, err error, code azeventhubs.ErrorCode) {
	t.Helper()
	var eventHubsError *azeventhubs.Error
	if !errors.As(err, &eventHubsError) || eventHubsError.Code != code {
		t.Fatalf("%s: got %v, want the code %s", what, err, code)
	}
}

func ptr[T any](value T) *T { return &value }

func TestPropertiesNameTheHubAndItsPartitions(t *testing.T) {
	client := producer(t, "go-props")
	hub, err := client.GetEventHubProperties(testContext(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "name", hub.Name, "go-props")
	equal(t, "partitions", hub.PartitionIDs, []string{"0", "1", "2"})
	partition, err := client.GetPartitionProperties(testContext(t), "2", nil)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "partition id", partition.PartitionID, "2")
	equal(t, "empty", partition.IsEmpty, true)
}

func TestABatchSentToAPartitionIsReceivedInOrderWithItsProperties(t *testing.T) {
	client := producer(t, "go-send")
	var events []*azeventhubs.EventData
	var want []string
	for i := 0; i < 10; i++ {
		body := fmt.Sprintf("event %d", i)
		events = append(events, &azeventhubs.EventData{Body: []byte(body), Properties: map[string]any{"index": int64(i)},
			ContentType: ptr("text/plain"), MessageID: ptr(fmt.Sprintf("m%d", i))})
		want = append(want, body)
	}
	send(t, client, &azeventhubs.EventDataBatchOptions{PartitionID: ptr("1")}, events...)
	partition, err := client.GetPartitionProperties(testContext(t), "1", nil)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "last sequence number", partition.LastEnqueuedSequenceNumber, int64(9))

	received := receive(t, "go-send", "1", 10, azeventhubs.StartPosition{Earliest: ptr(true)})
	equal(t, "bodies", bodies(received), want)
	for i, event := range received {
		equal(t, "sequence number", event.SequenceNumber, int64(i))
		equal(t, "property index", event.Properties["index"], int64(i))
		equal(t, "content type", *event.ContentType, "text/plain")
		equal(t, "message id", *event.MessageID, fmt.Sprintf("m%d", i))
		if event.EnqueuedTime == nil || time.Since(*event.EnqueuedTime) > time.Hour {
			t.Fatalf("enqueued time %v is not the time of sending", event.EnqueuedTime)
		}
	}
}

func TestEventsWithOnePartitionKeyLandInOnePartition(t *testing.T) {
	client := producer(t, "go-key")
	for i := 0; i < 5; i++ {
		send(t, client, &azeventhubs.EventDataBatchOptions{PartitionKey: ptr("device-7")}, text(fmt.Sprintf("k%d", i)))
	}
	var filled []azeventhubs.PartitionProperties
	for _, id := range []string{"0", "1", "2"} {
		partition, err := client.GetPartitionProperties(testContext(t), id, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !partition.IsEmpty {
			filled = append(filled, partition)
		}
	}
	equal(t, "partitions holding the key's events", len(filled), 1)
	equal(t, "last sequence number", filled[0].LastEnqueuedSequenceNumber, int64(4))
	for _, event := range receive(t, "go-key", filled[0].PartitionID, 5, azeventhubs.StartPosition{Earliest: ptr(true)}) {
		equal(t, "partition key", *event.PartitionKey, "device-7")
	}
}

func TestEveryKindOfStartingPosition(t *testing.T) {
	client := producer(t, "go-positions")
	toZero := &azeventhubs.EventDataBatchOptions{PartitionID: ptr("0")}
	for i := 0; i < 3; i++ {
		send(t, client, toZero, text(fmt.Sprintf("e%d", i)))
	}
	time.Sleep(50 * time.Millisecond)
	between := time.Now()
	time.Sleep(50 * time.Millisecond)
	for i := 3; i < 5; i++ {
		send(t, client, toZero, text(fmt.Sprintf("e%d", i)))
	}
	all := receive(t, "go-positions", "0", 5, azeventhubs.StartPosition{Earliest: ptr(true)})
	equal(t, "from the earliest", bodies(all), []string{"e0", "e1", "e2", "e3", "e4"})
	from := func(start azeventhubs.StartPosition, count int) []string {
		return bodies(receive(t, "go-positions", "0", count, start))
	}
	equal(t, "after sequence number 1", from(azeventhubs.StartPosition{SequenceNumber: ptr(int64(1))}, 3),
		[]string{"e2", "e3", "e4"})
	equal(t, "from sequence number 1", from(azeventhubs.StartPosition{SequenceNumber: ptr(int64(1)), Inclusive: true}, 4),
		[]string{"e1", "e2", "e3", "e4"})
	equal(t, "from the offset of e3", from(azeventhubs.StartPosition{Offset: ptr(all[3].Offset), Inclusive: true}, 2),
		[]string{"e3", "e4"})
	equal(t, "enqueued after the pause", from(azeventhubs.StartPosition{EnqueuedTime: &between}, 2),
		[]string{"e3", "e4"})

	// Latest: nothing sent before the link is open. The link's attach time is not observable from here, so events
	// are sent until one arrives; it must be one of them.
	reader, err := consumer(t, "go-positions", azeventhubs.DefaultConsumerGroup).NewPartitionClient("0",
		&azeventhubs.PartitionClientOptions{StartPosition: azeventhubs.StartPosition{Latest: ptr(true)}})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close(context.Background())
	ctx := testContext(t)
	done := make(chan struct{})
	var sender sync.WaitGroup
	sender.Add(1)
	go func() {
		defer sender.Done()
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			case <-time.After(500 * time.Millisecond):
				err := trySend(ctx, client, toZero, text(fmt.Sprintf("after %d", i)))
				if err != nil && ctx.Err() == nil {
					t.Errorf("sending after the link opened: %v", err)
					return
				}
			}
		}
	}()
	latest, err := reader.ReceiveEvents(ctx, 1, nil)
	close(done)
	sender.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^after \d+$`).Match(latest[0].Body) {
		t.Fatalf("from the latest: got %q, an event sent before the link opened", latest[0].Body)
	}
}

func TestAHigherOwnerLevelTakesThePartitionOver(t *testing.T) {
	send(t, producer(t, "go-epoch"), &azeventhubs.EventDataBatchOptions{PartitionID: ptr("0")}, text("e0"), text("e1"))
	group := consumer(t, "go-epoch", azeventhubs.DefaultConsumerGroup)
	earliest := azeventhubs.StartPosition{Earliest: ptr(true)}
	first, err := group.NewPartitionClient("0", &azeventhubs.PartitionClientOptions{StartPosition: earliest, OwnerLevel: ptr(int64(1))})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close(context.Background())
	ctx := testContext(t)
	if events, err := first.ReceiveEvents(ctx, 2, nil); err != nil || len(events) != 2 {
		t.Fatalf("owner level 1 read %d events: %v", len(events), err)
	}

	second, err := group.NewPartitionClient("0", &azeventhubs.PartitionClientOptions{StartPosition: earliest, OwnerLevel: ptr(int64(2))})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close(context.Background())
	events, err := second.ReceiveEvents(ctx, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "owner level 2 read", bodies(events), []string{"e0", "e1"})

	_, err = first.ReceiveEvents(ctx, 1, nil)
	hasCode(t, "owner level 1 after the takeover", err, azeventhubs.ErrorCodeOwnershipLost)
}

func TestAWrongKeyFailsAsUnauthorized(t *testing.T) {
	wrong := strings.Replace(connectionString(t), "SharedAccessKey=", "SharedAccessKey=wrong", 1)
	client := producerOf(t, wrong, "go-props")
	// The SDK hands management errors on as the service's status; those of links it gives a code.
	_, err := client.GetEventHubProperties(testContext(t), nil)
	matches(t, "properties with a wrong key", err, "status code 401")
	_, err = client.NewEventDataBatch(testContext(t), &azeventhubs.EventDataBatchOptions{PartitionID: ptr("0")})
	hasCode(t, "a sender with a wrong key", err, azeventhubs.ErrorCodeUnauthorizedAccess)
}

func TestAnUnknownHubFailsNamingIt(t *testing.T) {
	_, err := producer(t, "no-such-hub").GetEventHubProperties(testContext(t), nil)
	matches(t, "properties of an unknown hub", err, "no-such-hub")
}

func TestAnUnknownConsumerGroupIsRefusedNamingIt(t *testing.T) {
	reader, err := consumer(t, "go-props", "no-such-group").NewPartitionClient("0",
		&azeventhubs.PartitionClientOptions{StartPosition: azeventhubs.StartPosition{Earliest: ptr(true)}})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close(context.Background())
	_, err = reader.ReceiveEvents(testContext(t), 1, nil)
	matches(t, "receiving in an unknown consumer group", err, "no-such-group")
}

func TestAnOversizeEventDoesNotFitTheLinksLimit(t *testing.T) {
	client := producer(t, "go-send")
	batch, err := client.NewEventDataBatch(testContext(t), &azeventhubs.EventDataBatchOptions{PartitionID: ptr("0")})
	if err != nil {
		t.Fatal(err)
	}
	// The SDK sizes batches by the max-message-size the endpoint's link announced (1 MiB, as on Standard).
	err = batch.AddEventData(&azeventhubs.EventData{Body: make([]byte, 2*1024*1024)}, nil)
	if !errors.Is(err, azeventhubs.ErrEventDataTooLarge) {
		t.Fatalf("a 2 MiB event: got %v, want ErrEventDataTooLarge", err)
	}
	if err := batch.AddEventData(&azeventhubs.EventData{Body: make([]byte, 1000*1024)}, nil); err != nil {
		t.Fatalf("a 1000 KiB event: %v", err)
	}
	if err := client.SendEventDataBatch(testContext(t), batch, nil); err != nil {
		t.Fatal(err)
	}
}

// staticToken stands for an azidentity credential: it hands out one unsigned JWT and records the scopes asked for.
type staticToken struct {
	mu     sync.Mutex
	scopes []string
}

func (c *staticToken) GetToken(_ context.Context, options policy.TokenRequestOptions) (azcore.AccessToken, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.scopes = append(c.scopes, options.Scopes...)
	return azcore.AccessToken{Token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJnbyJ9.", ExpiresOn: time.Now().Add(time.Hour)}, nil
}

// tlsOptions are the TLS endpoint's: its address, and a tls.Config that trusts its certificate.
func tlsOptions(t *testing.T) (string, *tls.Config) {
	pem, err := os.ReadFile(os.Getenv("TLS_CA"))
	if err != nil {
		t.Fatalf("TLS_CA, the PEM of the TLS endpoint's certificate: %v", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatal("TLS_CA holds no certificate")
	}
	return os.Getenv("TLS_ENDPOINT"), &tls.Config{RootCAs: roots}
}

// tokenProducer signs in to the TLS endpoint with credential, in the service's form: a namespace and a credential, and
// a custom endpoint that says where this endpoint listens.
func tokenProducer(t *testing.T, hub string, credential azcore.TokenCredential) *azeventhubs.ProducerClient {
	endpoint, config := tlsOptions(t)
	client, err := azeventhubs.NewProducerClient("localhost", hub, credential, &azeventhubs.ProducerClientOptions{
		CustomEndpoint: endpoint,
		TLSConfig:      config,
		RetryOptions:   noRetries,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close(context.Background()) })
	return client
}

func TestATokenCredentialSignsInWithAJwtOverTls(t *testing.T) {
	credential := &staticToken{}
	client := tokenProducer(t, "go-jwt", credential)
	hub, err := client.GetEventHubProperties(testContext(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "partitions", hub.PartitionIDs, []string{"0"})
	send(t, client, &azeventhubs.EventDataBatchOptions{PartitionID: ptr("0")}, text("signed in with a token"))
	partition, err := client.GetPartitionProperties(testContext(t), "0", nil)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "last sequence number", partition.LastEnqueuedSequenceNumber, int64(0))
	credential.mu.Lock()
	defer credential.mu.Unlock()
	if len(credential.scopes) == 0 {
		t.Fatal("the credential was never asked for a token")
	}
	for _, scope := range credential.scopes {
		equal(t, "scope", scope, "https://eventhubs.azure.net//.default")
	}
}

func TestAConsumerOverWebSocketsReadsWhatASenderSentOverAmqp(t *testing.T) {
	credential := &staticToken{}
	send(t, tokenProducer(t, "go-websockets", credential), &azeventhubs.EventDataBatchOptions{PartitionID: ptr("0")}, text("w0"), text("w1"))

	endpoint, config := tlsOptions(t)
	// As the SDK's own example dials WebSockets (coder/websocket, subprotocol "amqp"), through the address where this
	// endpoint listens instead of port 443.
	var dialed []string
	dial := func(ctx context.Context, args azeventhubs.WebSocketConnParams) (net.Conn, error) {
		target, err := url.Parse(args.Host)
		if err != nil {
			return nil, err
		}
		target.Host = endpoint
		dialed = append(dialed, target.String())
		conn, _, err := websocket.Dial(ctx, target.String(), &websocket.DialOptions{
			Subprotocols: []string{"amqp"},
			HTTPClient:   &http.Client{Transport: &http.Transport{TLSClientConfig: config}},
		})
		if err != nil {
			return nil, err
		}
		return websocket.NetConn(context.Background(), conn, websocket.MessageBinary), nil
	}
	client, err := azeventhubs.NewConsumerClient("localhost", "go-websockets", azeventhubs.DefaultConsumerGroup, credential,
		&azeventhubs.ConsumerClientOptions{NewWebSocketConn: dial, RetryOptions: noRetries})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close(context.Background())
	reader, err := client.NewPartitionClient("0",
		&azeventhubs.PartitionClientOptions{StartPosition: azeventhubs.StartPosition{Earliest: ptr(true)}})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close(context.Background())
	events, err := reader.ReceiveEvents(testContext(t), 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "bodies", bodies(events), []string{"w0", "w1"})
	equal(t, "connections over WebSockets", dialed, []string{"wss://" + endpoint + "/$servicebus/websocket"})
}
