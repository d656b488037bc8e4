package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Our server's TLS as clients that are not ours meet it: the JDK's {@code SSLSocket}, curl, and
 * raw sockets that speak no TLS at all.
 */
class TlsServerTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.get();

    @Test
    void aPlainHttpRequestOnTheTlsPortGetsA400SayingSoAndTheConnectionEnds() throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.ec.pem()).start();
             Socket plain = new Socket("127.0.0.1", server.port())) {
            plain.setSoTimeout(5_000);
            plain.getOutputStream().write("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(readToEnd(plain.getInputStream()), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("This port speaks TLS");
        }
    }

    @Test
    void bytesThatAreNeitherTlsNorHttpAreDroppedWithoutAWord() throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.ec.pem()).start();
             Socket plain = new Socket("127.0.0.1", server.port())) {
            plain.setSoTimeout(5_000);
            plain.getOutputStream().write(new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
            assertThat(readToEnd(plain.getInputStream())).isEmpty();
        }
    }

    @Test
    void theHandshakeTimeoutCoversTheTlsHandshake() throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.ec.pem())
                .handshakeTimeout(Duration.ofMillis(300)).start();
             Socket stalled = new Socket("127.0.0.1", server.port())) {
            stalled.setSoTimeout(5_000);
            // The first bytes of a ClientHello record, and then nothing.
            stalled.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
            long start = System.nanoTime();
            assertThat(readToEnd(stalled.getInputStream())).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            // A client that finishes TLS but never sends its request is dropped just the same.
            try (SSLSocket silent = clientSocket(server, "TLSv1.3")) {
                silent.startHandshake();
                assertThat(silent.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void speaksTls13WithAeadAndAlpnHttp11() throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.ec.pem()).start();
             SSLSocket client = clientSocket(server, "TLSv1.3", "TLSv1.2")) {
            SSLParameters parameters = client.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            client.setSSLParameters(parameters);
            client.startHandshake();
            assertThat(client.getApplicationProtocol()).isEqualTo("http/1.1");
            assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(client.getSession().getCipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
        }
    }

    @Test
    void refusesCipherSuitesWithoutAeadAndVersionsItWasNotGiven() throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.ec.pem()).start();
             SSLSocket cbc = clientSocket(server, "TLSv1.2")) {
            cbc.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            assertThatThrownBy(cbc::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.ec.pem().withProtocols("TLSv1.3")).start();
             SSLSocket old = clientSocket(server, "TLSv1.2")) {
            assertThatThrownBy(old::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
        assertThatThrownBy(() -> CERTIFICATES.ec.pem().withProtocols("TLSv1.1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTls12RenegotiationIsRefusedAndTheServerGoesOn() throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.ec.pem()).start();
             SSLSocket client = clientSocket(server, "TLSv1.2")) {
            client.setSoTimeout(5_000);
            client.startHandshake();
            assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.2");
            try {
                client.startHandshake();
                client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            } catch (SSLException | java.io.EOFException | java.net.SocketException refused) {
                // The renegotiation failed, as it should: the server closed the connection.
            }
            TlsEchoTest.Recorder other = TlsEchoTest.Recorder.connect(server, CERTIFICATES.ec.trusted());
            other.socket.send("still serving");
            assertThat(other.next()).isNotNull();
        }
    }

    @Test
    void verifyClientAndTheSocketKnowTheConnectionIsSecure() throws Exception {
        CompletableFuture<Boolean> tlsSecure = new CompletableFuture<>();
        CompletableFuture<String> tlsUri = new CompletableFuture<>();
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.ec.pem())
                .verifyClient(ClientVerifier.sync(info -> {
                    tlsSecure.complete(info.secure());
                    return Verdict.accept();
                }))
                .endpoint("/uri", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        tlsUri.complete(socket.uri().toString());
                    }
                }).start()) {
            TlsEchoTest.Recorder.connect(server, "/uri", CERTIFICATES.ec.trusted()).socket.close();
            assertThat(tlsSecure.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(tlsUri.get(5, TimeUnit.SECONDS)).isEqualTo("wss://127.0.0.1:" + server.port() + "/uri");
        }
        CompletableFuture<Boolean> plainSecure = new CompletableFuture<>();
        try (WebSocketServer server = Servers.echo().verifyClient(ClientVerifier.sync(info -> {
            plainSecure.complete(info.secure());
            return Verdict.accept();
        })).start()) {
            WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), new WebSocketListener() { })
                    .get(10, TimeUnit.SECONDS).close();
            assertThat(plainSecure.get(5, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void curlIsAnsweredOverTlsAndSeesCloseNotify() throws Exception {
        try (WebSocketServer server = Servers.echo().tls(CERTIFICATES.ec.pem()).start()) {
            for (String version : List.of("--tlsv1.3", "--tls-max")) {
                // Connection: close, so that the server ends the connection after its answer.
                List<String> command = version.equals("--tls-max")
                        ? List.of("curl", "-sv", "--tls-max", "1.2", "-H", "Connection: close", "--cacert",
                                CERTIFICATES.ec.certificate().toString(), "https://127.0.0.1:" + server.port() + "/nothing-here")
                        : List.of("curl", "-sv", version, "-H", "Connection: close", "--cacert",
                                CERTIFICATES.ec.certificate().toString(), "https://127.0.0.1:" + server.port() + "/nothing-here");
                Process curl = new ProcessBuilder(command).start();
                CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> {
                    try {
                        return curl.getErrorStream().readAllBytes();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
                String trace = new String(errors.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
                assertThat(curl.exitValue()).as(trace).isZero();
                assertThat(body).startsWith("Not Found");
                assertThat(trace).contains("ALPN: server accepted http/1.1").contains("close notify");
            }
        }
    }

    /** A JDK client socket speaking {@code versions}, trusting anything: what it checks here is the server. */
    static SSLSocket clientSocket(WebSocketServer server, String... versions) throws IOException {
        SSLSocket socket = (SSLSocket) ClientTls.insecureTrustAllCertificates().sslContext().getSocketFactory()
                .createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        socket.setEnabledProtocols(versions);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            in.transferTo(bytes);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection; it sent: " + bytes, e);
        } catch (java.net.SocketException reset) {
            // A reset ends it too.
        }
        return bytes.toByteArray();
    }
}
