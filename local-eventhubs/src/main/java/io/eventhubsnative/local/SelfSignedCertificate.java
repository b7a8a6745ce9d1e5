package io.eventhubsnative.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's {@code keytool}: a
 * PKCS#12 key store for the endpoint's TLS listener and a trust store clients point
 * {@code -Djavax.net.ssl.trustStore} at. For tests and benchmarks only.
 */
public final class SelfSignedCertificate {

    /** The password of both stores; they hold nothing worth protecting. */
    public static final String PASSWORD = "local-eventhubs";

    private final Path keyStore;
    private final Path trustStore;
    private final Path pem;

    private SelfSignedCertificate(Path keyStore, Path trustStore, Path pem) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.pem = pem;
    }

    /** Creates the stores in {@code dir}. */
    public static SelfSignedCertificate create(Path dir) {
        Path keyStore = dir.resolve("local-eventhubs.p12");
        Path certificate = dir.resolve("local-eventhubs.cer");
        Path trustStore = dir.resolve("local-eventhubs-trust.p12");
        Path pem = dir.resolve("local-eventhubs.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "localhost",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "7",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "localhost",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "localhost",
                "-file",
                certificate.toString(),
                "-keystore",
                trustStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        try {
            // The exported certificate is DER; PEM is its Base64 between these lines (RFC 7468).
            String base64 =
                    Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(Files.readAllBytes(certificate));
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SelfSignedCertificate(keyStore, trustStore, pem);
    }

    /**
     * A server context for a certificate made on first use and kept for the JVM's life: the plain port's answer to a
     * client that opens with TLS anyway (the SDKs do for WebSockets, trusting any certificate with an emulator
     * connection string). Made once, as {@code keytool} takes a second or two.
     */
    public static Supplier<SSLContext> onDemand() {
        return OnDemand::context;
    }

    private static final class OnDemand {
        private static final SSLContext CONTEXT = make();

        static SSLContext context() {
            return CONTEXT;
        }

        private static SSLContext make() {
            try {
                Path dir = Files.createTempDirectory("local-eventhubs-tls");
                try {
                    return create(dir).serverContext();
                } finally {
                    try (var files = Files.list(dir)) {
                        for (Path file : (Iterable<Path>) files::iterator) {
                            Files.deleteIfExists(file);
                        }
                    }
                    Files.deleteIfExists(dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Path trustStore() {
        return trustStore;
    }

    /** The certificate in PEM, for clients that take a CA file (Python's {@code connection_verify}, Node.js). */
    public Path pem() {
        return pem;
    }

    /** The server side, for {@code LocalEventHubs.builder().tls(...)}. */
    public SSLContext serverContext() {
        return serverContext(keyStore, PASSWORD);
    }

    /** A server context for the key and certificate in a PKCS#12 key store. */
    public static SSLContext serverContext(Path keyStore, String password) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, password), password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client side that trusts this certificate only. */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, PASSWORD));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore load(Path file, String password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
