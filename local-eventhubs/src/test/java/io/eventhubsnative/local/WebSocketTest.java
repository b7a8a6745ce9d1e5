package io.eventhubsnative.local;

import static io.eventhubsnative.local.Sdk.bodies;
import static io.eventhubsnative.local.Sdk.receive;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.AmqpTransportType;
import com.azure.core.amqp.ProxyAuthenticationType;
import com.azure.core.amqp.ProxyOptions;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import com.azure.messaging.eventhubs.models.EventPosition;
import io.eventhubsnative.local.proxy.ConnectProxy;
import io.eventhubsnative.local.transport.WebSocketWire;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** AMQP over WebSockets on the AMQP port, as the service serves it on 443: with the SDK, and frame by frame. */
@Timeout(60)
class WebSocketTest extends EndpointTest {

    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static EventHubClientBuilder overWebSockets(String hub) {
        return Sdk.builder(hubs, hub).transportType(AmqpTransportType.AMQP_WEB_SOCKETS);
    }

    @Test
    void theSdkSendsAndReceivesOverWebSockets() {
        String hub = newHub("ws", 2);
        long before = hubs.counters().webSocketConnections();
        List<String> sent = IntStream.range(0, 200).mapToObj(i -> "event-" + i).toList();
        // Larger than a frame of the SDK's WebSocket layer and than one of ours, so both split and join.
        String large = "x".repeat(300_000);
        try (EventHubProducerClient producer = overWebSockets(hub).buildProducerClient();
                EventHubConsumerClient consumer = overWebSockets(hub).buildConsumerClient()) {
            assertThat(producer.getPartitionIds()).containsExactly("0", "1");
            EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionId("1"));
            sent.forEach(body -> assertThat(batch.tryAdd(new EventData(body))).isTrue());
            producer.send(batch);
            producer.send(
                    List.of(new EventData(large)),
                    new com.azure.messaging.eventhubs.models.SendOptions().setPartitionId("1"));

            List<String> received = bodies(receive(consumer, "1", 201, EventPosition.earliest()));
            List<String> expected = new ArrayList<>(sent);
            expected.add(large);
            assertThat(received).isEqualTo(expected);
        }
        assertThat(hubs.counters().webSocketConnections() - before)
                .as("connections that upgraded to WebSockets")
                .isEqualTo(2);
    }

    @Test
    void theSdkGoesThroughAnHttpProxyThatAsksForCredentials() throws Exception {
        String hub = newHub("ws-proxy", 1);
        try (ConnectProxy proxy = ConnectProxy.withBasicAuth("etl", "s3cret");
                EventHubProducerClient producer = overWebSockets(hub)
                        .proxyOptions(proxyOptions(proxy, "s3cret"))
                        .buildProducerClient()) {
            producer.send(List.of(new EventData("through the proxy")));
            assertThat(producer.getPartitionProperties("0").getLastEnqueuedSequenceNumber())
                    .isZero();
            assertThat(proxy.tunnels())
                    .isNotEmpty()
                    .allSatisfy(tunnel ->
                            assertThat(tunnel).isEqualTo(new ConnectProxy.Tunnel("localhost:" + hubs.port(), "etl")));
            assertThat(proxy.refusals())
                    .allSatisfy(refusal -> assertThat(refusal).startsWith("407"));
            assertThat(proxy.bytesCarried()).isPositive();
        }
    }

    @Test
    void aWrongProxyPasswordFailsWithoutATunnel() throws Exception {
        String hub = newHub("ws-proxy-wrong", 1);
        try (ConnectProxy proxy = ConnectProxy.withBasicAuth("etl", "s3cret");
                EventHubProducerClient producer = overWebSockets(hub)
                        .proxyOptions(proxyOptions(proxy, "wrong"))
                        // One try: the SDK waits out each try's timeout after a 407, and three took 40 s.
                        .retryOptions(Sdk.fastRetry().setMaxRetries(0))
                        .buildProducerClient()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(producer::getEventHubProperties)
                    .isInstanceOf(RuntimeException.class);
            assertThat(proxy.tunnels()).isEmpty();
            assertThat(proxy.refusals()).isNotEmpty();
        }
    }

    private static ProxyOptions proxyOptions(ConnectProxy proxy, String password) {
        return new ProxyOptions(
                ProxyAuthenticationType.BASIC,
                new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port())),
                "etl",
                password);
    }

    @Test
    void anUpgradeToAnotherPathIsRefusedWith404() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", hubs.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(upgrade("/elsewhere").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(statusLine(socket.getInputStream())).isEqualTo("HTTP/1.1 404 Not Found");
        }
    }

    @Test
    void anUpgradeWithoutTheAmqpSubprotocolIsRefused() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", hubs.port())) {
            socket.setSoTimeout(10_000);
            String request = upgrade(WebSocketWire.PATH).replace("AMQPWSB10", "mqtt");
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(statusLine(socket.getInputStream())).isEqualTo("HTTP/1.1 400 Bad Request");
        }
    }

    @Test
    void theUpgradesOfTheGoAndRustSdksAreAnsweredWithTheirOwnSubprotocol() throws IOException {
        // Both ask for "amqp" (coder/websocket in the Go SDK's example, fe2o3-amqp-ws), Rust with a trailing slash.
        try (Socket socket = new Socket("127.0.0.1", hubs.port())) {
            socket.setSoTimeout(10_000);
            String request = upgrade(WebSocketWire.PATH + "/").replace("AMQPWSB10", "chat, amqp");
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            List<String> response = headers(socket.getInputStream());
            assertThat(response.get(0)).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(response).contains("Sec-WebSocket-Protocol: amqp");
        }
    }

    @Test
    void webSocketsRunInsideTlsAsOn443(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        try (LocalEventHubs tls = LocalEventHubs.builder()
                        .tls(certificate.serverContext())
                        .start();
                SSLSocket socket = (SSLSocket)
                        certificate.clientContext().getSocketFactory().createSocket("localhost", tls.port())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(upgrade(WebSocketWire.PATH).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            List<String> response = headers(in);
            assertThat(response.get(0)).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(response).contains("Sec-WebSocket-Protocol: AMQPWSB10", "Sec-WebSocket-Accept: " + accept(KEY));

            out.write(maskedBinaryFrame(SASL_HEADER));
            out.flush();
            assertThat(binaryFramePayload(in, SASL_HEADER.length)).isEqualTo(SASL_HEADER);
            assertThat(tls.counters().webSocketConnections()).isEqualTo(1);
        }
    }

    private static String upgrade(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: AMQPWSB10\r\n\r\n";
    }

    /** RFC 6455's accept value, computed here independently of the endpoint. */
    private static String accept(String key) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(digest);
    }

    private static String statusLine(InputStream in) throws IOException {
        return headers(in).get(0);
    }

    private static List<String> headers(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return Arrays.asList(text.toString().trim().split("\r\n"));
    }

    private static byte[] maskedBinaryFrame(byte[] payload) {
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x82;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    /** The first {@code size} bytes the server sends in binary frames (unmasked, as servers send them). */
    private static byte[] binaryFramePayload(InputStream in, int size) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] payload = new byte[size];
        int have = 0;
        while (have < size) {
            int first = data.readUnsignedByte();
            int second = data.readUnsignedByte();
            assertThat(first & 0x0F).as("opcode").isEqualTo(2);
            assertThat(second & 0x80).as("server frames are not masked").isZero();
            int length = second & 0x7F;
            if (length == 126) {
                length = data.readUnsignedShort();
            }
            byte[] frame = new byte[length];
            data.readFully(frame);
            int n = Math.min(length, size - have);
            System.arraycopy(frame, 0, payload, have, n);
            have += n;
        }
        return payload;
    }
}
