package dev.anemone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.ClientVerifier;
import dev.anemone.EchoListener;
import dev.anemone.HandshakeInfo;
import dev.anemone.TlsOptions;
import dev.anemone.Verdict;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code anemone connect} against real servers started in the test, with a scripted standard input. */
class ConnectCommandTest {

    private WebSocketServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** An echo server on a free port. */
    private String echoServer(WebSocketServer.Builder builder) {
        server = builder.host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/echo", new EchoListener())
                .start();
        return "ws://127.0.0.1:" + server.port() + "/echo";
    }

    private static InputStream input(String script) {
        return new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8));
    }

    private static Captured connect(InputStream in, String... args) {
        return Captured.run(new CommandLine(new ConnectCommand(in)), args);
    }

    @Test
    void sendsLinesPrintsTheEchoAndClosesOnCommand() {
        String url = echoServer(WebSocketServer.builder());

        Captured result = connect(input("hello\n/close 1000 done\n"), url);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("Connected to " + url)
                .contains("< hello")
                .contains("Closed: 1000 (normal closure), reason \"done\"");
        assertThat(result.out().indexOf("< hello")).isLessThan(result.out().indexOf("Closed:"));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void theEndOfInputClosesWith1000() {
        String url = echoServer(WebSocketServer.builder());

        Captured result = connect(input("one\ntwo\n"), url);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("< one", "< two", "Closed: 1000 (normal closure)");
        assertThat(result.out().indexOf("< two")).isLessThan(result.out().indexOf("Closed:"));
    }

    @Test
    void pingPrintsThePong() {
        String url = echoServer(WebSocketServer.builder());

        Captured result = connect(input("/ping are you there\n/close\n"), url);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("< pong: are you there");
    }

    @Test
    void closeWithAnApplicationCode() {
        String url = echoServer(WebSocketServer.builder());

        Captured result = connect(input("/close 4001 see you\n"), url);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Closed: 4001 (private use), reason \"see you\"");
    }

    @Test
    void aCloseCodeTheApplicationMayNotUseIsRefusedAndTheSessionGoesOn() {
        String url = echoServer(WebSocketServer.builder());

        Captured result = connect(input("/close 1006\nstill here\n"), url);

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("error:").contains("1006");
        assertThat(result.out()).contains("< still here").contains("Closed: 1000");
    }

    @Test
    void binaryMessagesArePrintedAsHex() {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/bytes", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        socket.send(new byte[] {1, 2, 3, (byte) 0xff});
                        byte[] large = new byte[100];
                        socket.send(large);
                    }
                })
                .start();

        Captured result = connect(input(""), "ws://127.0.0.1:" + server.port() + "/bytes");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("< binary 4 bytes: 010203ff")
                .contains("< binary 100 bytes: " + "00".repeat(ConnectCommand.BINARY_PREVIEW_BYTES) + "...");
    }

    @Test
    void returnsWhenTheServerClosesFirstEvenThoughInputIsStillOpen() throws IOException {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/bye", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket socket, String text) {
                        socket.close(4000, "bye " + text);
                    }
                })
                .start();
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard);
        keyboard.write("anemone\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();

        Captured result = connect(in, "127.0.0.1:" + server.port() + "/bye");   // no scheme: ws:// is assumed

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Closed: 4000 (private use), reason \"bye anemone\"");
        keyboard.close();
    }

    @Test
    void offersSubprotocolsAndSendsHeaders() throws Exception {
        CompletableFuture<HandshakeInfo> seen = new CompletableFuture<>();
        String url = echoServer(WebSocketServer.builder().verifyClient(ClientVerifier.sync(info -> {
            seen.complete(info);
            return Verdict.accept();
        })));

        Captured result = connect(input("/close\n"), url, "-p", "chat", "-p", "superchat",
                "-H", "Origin: https://example.com", "-H", "X-Token:  s3cret ");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("(subprotocol chat)");
        HandshakeInfo info = seen.get(5, TimeUnit.SECONDS);
        assertThat(info.protocols()).containsExactly("chat", "superchat");
        assertThat(info.origin()).isEqualTo("https://example.com");
        assertThat(info.headers().get("X-Token")).isEqualTo("s3cret");
    }

    @Test
    void aRefusedHandshakeShowsTheStatusAndBody() {
        String url = echoServer(WebSocketServer.builder()
                .verifyClient(ClientVerifier.sync(info -> Verdict.reject(403, "go away", null))));

        Captured result = connect(input("never sent\n"), url);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("refused the WebSocket handshake with HTTP 403").contains("go away");
        assertThat(result.out()).doesNotContain("Connected");
    }

    @Test
    void aServerThatIsNotThereIsReported() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }

        Captured result = connect(input(""), "ws://127.0.0.1:" + closedPort + "/echo");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("cannot connect to ws://127.0.0.1:" + closedPort + "/echo");
    }

    @Test
    void aPathWithoutAnEndpointIsA404() {
        String url = echoServer(WebSocketServer.builder());

        Captured result = connect(input(""), url.replace("/echo", "/nothing"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("HTTP 404");
    }

    @Test
    void aBadHeaderIsAUsageError() {
        Captured result = connect(input(""), "ws://127.0.0.1:1/echo", "-H", "no colon here");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'Name: value'");
    }

    @Test
    void connectsOverWssTrustingTheCertificateGiven(@TempDir Path folder) throws Exception {
        Path certificate = writeDevCertificate(folder);
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .endpoint("/echo", new EchoListener())
                .tls(TlsOptions.fromPem(certificate, folder.resolve("key.pem")))
                .start();
        String url = "wss://localhost:" + server.port() + "/echo";

        Captured trusted = connect(input("over tls\n/close 1000 done\n"), url, "--cacert", certificate.toString());
        assertThat(trusted.exitCode()).as(trusted.err()).isZero();
        assertThat(trusted.out()).contains("Connected to " + url).contains("< over tls").contains("Closed: 1000");

        Captured untrusted = connect(input(""), url);
        assertThat(untrusted.exitCode()).isEqualTo(2);
        assertThat(untrusted.err()).contains("the TLS handshake with " + url + " failed").contains("--cacert");

        Captured insecure = connect(input("anyway\n"), url, "--insecure");
        assertThat(insecure.exitCode()).isZero();
        assertThat(insecure.out()).contains("< anyway");
        assertThat(insecure.err()).contains("warning: --insecure");
    }

    /** Writes a development certificate as {@code anemone cert} does; returns the certificate's file. */
    static Path writeDevCertificate(Path folder) {
        Captured made = Captured.anemone("cert", "--out", folder.toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
        return folder.resolve("cert.pem");
    }
}
