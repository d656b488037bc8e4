package dev.anemone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.WebSocketListener;
import dev.anemone.examples.DemoHub;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code anemone demo} for real on free ports and fetches its pages, over https with the certificate it made. */
class DemoCommandTest {

    @TempDir
    Path certDir;

    /** A running demo: its output so far, the hub, and a way to stop it and get its exit code. */
    private record Running(DemoCommand command, StringWriter out, DemoHub hub, CompletableFuture<Integer> exit) {
        int stop() throws Exception {
            command.stop();
            return exit.get(20, TimeUnit.SECONDS);
        }
    }

    private Running demo(String... args) throws Exception {
        DemoCommand command = new DemoCommand();
        CommandLine commandLine = new CommandLine(command);
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute(args));
        return new Running(command, out, command.started().get(30, TimeUnit.SECONDS), exit);
    }

    private static HttpClient trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("demo", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> get(HttpClient client, String uri) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutAnAppEveryExampleRunsAndTheCertificateIsMadeOnceAndKept() throws Exception {
        Running demo = demo("--port", "0", "--tls-port", "0", "--host", "127.0.0.1", "--cert-dir", certDir.toString());
        Path certificate = certDir.resolve("cert.pem");
        assertThat(demo.out().toString()).contains("Made a development certificate", certificate.toString(),
                "Anemone demo: http://localhost:" + demo.hub().port() + "/",
                "auth  https://localhost:" + demo.hub().tlsPort() + "/auth/", "chat  http://localhost:" + demo.hub().port() + "/chat/");
        HttpClient client = trusting(certificate);
        HttpResponse<String> index = get(client, "http://localhost:" + demo.hub().port() + "/");
        assertThat(index.body()).contains("<title>Anemone demo</title>");
        HttpResponse<String> login = get(client, "https://localhost:" + demo.hub().tlsPort() + "/auth/login.html");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(demo.stop()).isZero();
        assertThat(demo.out().toString()).contains("Stopped.");
        String made = Files.readString(certificate);

        Running again = demo("--port", "0", "--tls-port", "0", "--host", "127.0.0.1", "--cert-dir", certDir.toString());
        assertThat(again.out().toString()).contains("Using the development certificate");
        assertThat(Files.readString(certificate)).isEqualTo(made);
        assertThat(again.stop()).isZero();
    }

    @Test
    void anAppRunsAloneWithoutTls() throws Exception {
        Running demo = demo("chat", "--port", "0", "--host", "127.0.0.1", "--cert-dir", certDir.toString());
        assertThat(demo.hub().tlsPort()).isEqualTo(-1);
        assertThat(demo.hub().examples()).singleElement().extracting(example -> example.name()).isEqualTo("chat");
        HttpResponse<String> home = get(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), "http://127.0.0.1:" + demo.hub().port() + "/");
        assertThat(home.headers().firstValue("Location")).hasValue("/chat/");
        assertThat(certDir.resolve("cert.pem")).doesNotExist();
        assertThat(demo.stop()).isZero();
    }

    @Test
    void sigtermLetsTheChatSayGoodbyeBeforeClosingWith1001() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "demo", "chat", "--port", "0", "--host", "127.0.0.1")
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            Matcher listening = Pattern.compile("Anemone demo: http://localhost:(\\d+)/").matcher("");
            for (String line = output.readLine(); !listening.reset(line).find(); line = output.readLine()) {
                assertThat(line).as("the demo's output ended before it listened").isNotNull();
            }
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + listening.group(1) + "/chat/lobby"), new WebSocketListener() {
                @Override
                public void onText(WebSocket socket, String text) {
                    heard.add(text);
                }

                @Override
                public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                    heard.add("close " + code);
                }
            }).join();
            assertThat(heard.poll(10, TimeUnit.SECONDS)).contains("has connected");
            child.toHandle().destroy();   // SIGTERM, as Ctrl-C's SIGINT would (and the output stays readable)
            assertThat(heard.poll(10, TimeUnit.SECONDS)).contains("\"message\":\"Server has disconnected\"");
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("close 1001");
            assertThat(output.lines().toList()).contains("Stopped.");
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGTERM, after the hook").isEqualTo(143);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void anUnknownAppIsAnError() {
        Captured run = Captured.anemone("demo", "nope");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no example called 'nope'", "[echo, ticker, chat, time, auth, stomp]");
    }
}
