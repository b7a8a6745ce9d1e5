package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AMQP over TLS (AMQPS), as the service serves it on port 5671 and the legacy azure-eventhubs SDK requires. */
class TlsTest {

    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};

    @Test
    void aClientThatTrustsTheCertificateGetsTheAmqpSaslHeaderOverTls(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        try (LocalEventHubs hubs = LocalEventHubs.builder()
                        .tls(certificate.serverContext())
                        .start();
                SSLSocket socket = (SSLSocket)
                        certificate.clientContext().getSocketFactory().createSocket("localhost", hubs.port())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name localhost
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.startHandshake();

            OutputStream out = socket.getOutputStream();
            out.write(SASL_HEADER);
            out.flush();
            byte[] reply = socket.getInputStream().readNBytes(8);

            assertThat(reply).isEqualTo(SASL_HEADER);
            assertThat(socket.getSession().getProtocol()).startsWith("TLS");
            assertThat(hubs.connectionString())
                    .isEqualTo("Endpoint=sb://localhost/;SharedAccessKeyName=" + LocalEventHubs.DEFAULT_KEY_NAME
                            + ";SharedAccessKey=" + LocalEventHubs.DEFAULT_KEY + ";");
        }
    }

    @Test
    void plainAmqpOnTheTlsListenerGetsNoAmqpHeader(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        try (LocalEventHubs hubs = LocalEventHubs.builder()
                        .tls(certificate.serverContext())
                        .start();
                java.net.Socket socket = new java.net.Socket("127.0.0.1", hubs.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(SASL_HEADER);
            byte[] reply;
            try {
                reply = socket.getInputStream().readNBytes(8);
            } catch (java.io.IOException e) {
                reply = new byte[0];
            }
            assertThat(Arrays.equals(reply, SASL_HEADER)).isFalse();
        }
    }
}
