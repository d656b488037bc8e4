package dev.anemone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import dev.anemone.ClientTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code anemone serve} for real on a free port, and talks to it with the JDK's own clients. */
class ServeCommandTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            // HTTP/1.1: the default HTTP/2 attempt sends "Upgrade: h2c", which core currently mistakes for a WebSocket upgrade.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final StringWriter out = new StringWriter();
    /** Completes with what went to stderr once a line of stats is there. */
    private final CompletableFuture<String> statsPrinted = new CompletableFuture<>();
    private final StringWriter err = new StringWriter() {
        @Override
        public void flush() {
            super.flush();
            if (toString().contains("stats: ")) {
                statsPrinted.complete(toString());
            }
        }
    };
    private ServeCommand command;
    private CompletableFuture<Integer> exitCode;
    private int port;

    /** Starts serve with {@code args} on its own thread and waits until it listens. */
    private void serve(String... args) throws Exception {
        command = new ServeCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        exitCode = CompletableFuture.supplyAsync(() -> commandLine.execute(args));
        port = command.started().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (command != null) {
            command.stop();
            assertThat(exitCode.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(out.toString()).contains("Stopped.");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sockjsServesTheEchoUnderItsPrefixBesideThePage() throws Exception {
        serve("--port", "0", "--host", "127.0.0.1", "--sockjs", "--sockjs-prefix", "/fallback");

        assertThat(out.toString()).contains("SockJS: http://127.0.0.1:" + port + "/fallback");
        assertThat(get("/fallback/info").body()).contains("\"websocket\":true");
        assertThat(post("/fallback/000/cli-session/xhr", "").body()).isEqualTo("o\n");
        assertThat(post("/fallback/000/cli-session/xhr_send", "[\"héllo 😀\"]").statusCode()).isEqualTo(204);
        assertThat(post("/fallback/000/cli-session/xhr", "").body()).isEqualTo("a[\"héllo \\ud83d\\ude00\"]\n");
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void sockjsPrefixMustBeAPath() throws Exception {
        command = null;
        CommandLine commandLine = new CommandLine(new ServeCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute("--port", "0", "--sockjs", "--sockjs-prefix", "sockjs/")).isEqualTo(2);
        assertThat(err.toString()).contains("--sockjs-prefix must start with '/'");
    }

    @Test
    void printsWhereThePageAndTheWebSocketAre() throws Exception {
        serve("--port", "0", "--host", "127.0.0.1");

        assertThat(port).isPositive();
        assertThat(out.toString()).contains("Anemone echo server: page http://127.0.0.1:" + port
                + "/ , WebSocket ws://127.0.0.1:" + port + "/echo");
    }

    @Test
    void servesTheBuiltInPageAtTheRoot() throws Exception {
        serve("--port", "0", "--host", "127.0.0.1");

        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body())
                .contains("<title>Anemone echo</title>")
                .contains("<meta name=\"anemone-websocket-path\" content=\"/echo\">")
                .contains("new WebSocket(url)")
                .contains("location.host");
    }

    @Test
    void echoesTextOverAWebSocket() throws Exception {
        serve("--port", "0", "--host", "127.0.0.1");
        echoOnce();
    }

    /** Sends a text to the running server's endpoint and checks that it comes back. */
    private void echoOnce() throws Exception {
        CompletableFuture<String> echo = new CompletableFuture<>();

        WebSocket socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            echo.complete(text.toString());
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(5, TimeUnit.SECONDS);
        socket.sendText("hello, anemone", true).get(5, TimeUnit.SECONDS);

        assertThat(echo.get(5, TimeUnit.SECONDS)).isEqualTo("hello, anemone");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void anotherPathMovesTheEndpointAndThePageFollows() throws Exception {
        serve("--port", "0", "--host", "127.0.0.1", "--path", "/ws");

        assertThat(out.toString()).contains("WebSocket ws://127.0.0.1:" + port + "/ws");
        assertThat(get("/").body()).contains("<meta name=\"anemone-websocket-path\" content=\"/ws\">");
        HttpResponse<String> plainGet = get("/ws");
        assertThat(plainGet.statusCode()).isEqualTo(426);
        assertThat(plainGet.body()).contains("WebSocket endpoint");
    }

    @Test
    void servesAFolderInsteadOfThePage(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("index.html"), "<p>my own page</p>");
        serve("--port", "0", "--host", "127.0.0.1", "--static", folder.toString());

        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("<p>my own page</p>");
        assertThat(get("/missing.html").statusCode()).isEqualTo(404);
    }

    @Test
    void servesMetricsOnTheSamePort() throws Exception {
        serve("--port", "0", "--host", "127.0.0.1", "--metrics");
        assertThat(out.toString()).contains("Metrics: http://127.0.0.1:" + port + "/metrics");
        echoOnce();

        HttpResponse<String> scrape = get("/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.body())
                .contains("# TYPE anemone_messages_received_total counter\nanemone_messages_received_total 1\n")
                .contains("anemone_connections_opened_total 1\n");
        assertThat(get("/").statusCode()).as("the page is still there").isEqualTo(200);
    }

    @Test
    void withoutTheFlagThereAreNoMetrics() throws Exception {
        serve("--port", "0", "--host", "127.0.0.1");

        assertThat(get("/metrics").statusCode()).isEqualTo(404);
        assertThat(out.toString()).doesNotContain("Metrics:");
    }

    @Test
    void printsASummaryToStderrEveryInterval() throws Exception {
        serve("--port", "0", "--host", "127.0.0.1", "--stats", "0.05");
        echoOnce();

        String printed = statsPrinted.get(10, TimeUnit.SECONDS);

        assertThat(printed).containsPattern("stats: connections \\d+ open, \\d+ opened, \\d+ closed \\| messages ");
    }

    @Test
    void refusesMetricsWhereTheEndpointIs() {
        Captured result = Captured.run(new CommandLine(new ServeCommand()), "--port", "0", "--metrics", "--path", "/metrics");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("give the WebSocket endpoint another --path");
    }

    @Test
    void refusesAPathThatIsNotAPath() {
        Captured result = Captured.run(new CommandLine(new ServeCommand()), "--port", "0", "--path", "echo");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--path must start with '/'");
    }

    @Test
    void refusesAMissingFolder(@TempDir Path folder) {
        Captured result = Captured.run(new CommandLine(new ServeCommand()),
                "--port", "0", "--static", folder.resolve("nowhere").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no such folder");
    }

    @Test
    void saysSoWhenThePortIsTaken() throws Exception {
        serve("--port", "0", "--host", "127.0.0.1");

        Captured second = Captured.run(new CommandLine(new ServeCommand()), "--port", Integer.toString(port), "--host", "127.0.0.1");

        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err()).contains("cannot listen on 127.0.0.1:" + port);
    }

    @Test
    void servesThePageAndTheEchoOverTlsFromPemFiles(@TempDir Path folder) throws Exception {
        Path certificate = ConnectCommandTest.writeDevCertificate(folder);
        serve("--port", "0", "--host", "127.0.0.1", "--tls-cert", certificate.toString(),
                "--tls-key", folder.resolve("key.pem").toString());

        assertThat(out.toString()).contains("page https://127.0.0.1:" + port + "/ , WebSocket wss://127.0.0.1:" + port + "/echo");
        HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(ClientTls.trusting(certificate).sslContext()).build();
        HttpResponse<String> page = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("location.protocol === 'https:' ? 'wss://'");
        Captured echoed = Captured.run(new CommandLine(new ConnectCommand(
                new java.io.ByteArrayInputStream("secure hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)))),
                "wss://localhost:" + port + "/echo", "--cacert", certificate.toString());
        assertThat(echoed.out()).contains("< secure hello");
    }

    @Test
    void servesOverTlsFromAPkcs12KeyStore(@TempDir Path folder) throws Exception {
        DevCertificate made = DevCertificate.generate(java.util.List.of(), Duration.ofDays(1));
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", made.keys().getPrivate(), "secret".toCharArray(),
                new java.security.cert.Certificate[] {made.certificate()});
        Path file = folder.resolve("server.p12");
        try (java.io.OutputStream stream = Files.newOutputStream(file)) {
            store.store(stream, "secret".toCharArray());
        }
        Captured wrong = Captured.run(new CommandLine(new ServeCommand()), "--port", "0", "--tls-keystore", file.toString(),
                "--tls-password", "wrong");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("cannot use the TLS files");

        serve("--port", "0", "--host", "127.0.0.1", "--tls-keystore", file.toString(), "--tls-password", "secret");
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("dev", made.certificate());
        HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(ClientTls.trusting(trust).sslContext()).build();
        HttpResponse<String> page = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesHalfATlsIdentity(@TempDir Path folder) {
        Captured result = Captured.run(new CommandLine(new ServeCommand()), "--port", "0", "--tls-cert",
                folder.resolve("cert.pem").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--tls-cert and --tls-key go together");
    }
}
