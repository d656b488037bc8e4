package dev.anemone.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anemone.EchoListener;
import dev.anemone.TlsOptions;
import dev.anemone.WebSocketServer;
import dev.anemone.bench.load.Message;
import dev.anemone.bench.load.NativeEchoGenerator;
import dev.anemone.bench.load.NativeEchoGenerator.Snap;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The C echo generator ({@code target/anemone-load}, which the build makes where gcc and OpenSSL's
 * headers are) against real Anemone echo servers on loopback, in the clear and over TLS 1.3: it
 * must upgrade every connection, keep echoes of small text and 4 KiB binary messages flowing at
 * depths 1 and 8 without an error, and answer each SNAPSHOT with a line that parses. Correctness
 * only; speed is for {@code ./bench}. Skipped when the binary was not built.
 */
@EnabledOnOs(OS.LINUX)
class NativeEchoGeneratorTest {

    private static final Path BINARY = Path.of("target", "anemone-load");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int CONNECTIONS = 10;

    /** The servers and their certificate serve every test: keytool takes a second or two. */
    @TempDir
    static Path dir;
    private static WebSocketServer plain;
    private static WebSocketServer tls;

    @BeforeAll
    static void startServers() throws Exception {
        assumeTrue(Files.isExecutable(BINARY), BINARY + " was not built (gcc or OpenSSL's headers missing)");
        BenchCertificate certificate = BenchCertificate.create(dir);
        plain = echoServer().start();
        tls = echoServer()
                .tls(TlsOptions.fromPkcs12(certificate.keyStore(), BenchCertificate.PASSWORD.toCharArray()))
                .start();
    }

    private static WebSocketServer.Builder echoServer() {
        return WebSocketServer.builder()
                .host("127.0.0.1")
                .port(0)
                .connectionsPerSecondPerAddress(0)
                .handshakesPerSecondPerAddress(0)
                .endpoint("/echo", new EchoListener());
    }

    @AfterAll
    static void stopServers() {
        if (plain != null) {
            plain.close();
        }
        if (tls != null) {
            tls.close();
        }
    }

    @ParameterizedTest(name = "tls={0}, depth={1}, binary={2}")
    @CsvSource({
        "false, 1, false", "false, 8, false", "false, 1, true", "false, 8, true",
        "true, 1, false", "true, 8, false", "true, 1, true", "true, 8, true"})
    void echoesFlowAndSnapshotsParse(boolean overTls, int depth, boolean binary) throws Exception {
        Message message = binary ? Message.binary(4096) : Message.text(16);
        int port = overTls ? tls.port() : plain.port();
        try (NativeEchoGenerator generator = NativeEchoGenerator.start(BINARY, null, port, "/echo", overTls,
                CONNECTIONS, message, depth, dir.resolve("anemone-load.log"))) {
            generator.awaitOpened(TIMEOUT);
            generator.go();
            Snap first = generator.snapshot();
            Snap last = awaitMessages(generator, first.messages() + 500);

            assertThat(last.errors()).as("errors (see %s)", dir.resolve("anemone-load.log")).isZero();
            assertThat(last.nanoTime()).isGreaterThan(first.nanoTime());
            // Echoes came back since the previous snapshot, so it timed them.
            assertThat(last.p50Micros()).isPositive();
            assertThat(last.p99Micros()).isGreaterThanOrEqualTo(last.p50Micros());
            assertThat(last.p999Micros()).isGreaterThanOrEqualTo(last.p99Micros());
        }
    }

    /** Snapshots until {@code messages} echoes came back, or fails after the timeout. */
    private static Snap awaitMessages(NativeEchoGenerator generator, long messages) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Snap snap = generator.snapshot();
        while (snap.messages() < messages) {
            assertThat(System.nanoTime()).as("%d of %d echoes in time", snap.messages(), messages).isLessThan(deadline);
            Thread.sleep(20);  // pacing the polls; the deadline above decides
            snap = generator.snapshot();
        }
        return snap;
    }

    @Test
    void aPausedGeneratorSendsNothingAndGoesOnWhenResumed() throws Exception {
        try (NativeEchoGenerator generator = NativeEchoGenerator.start(BINARY, null, plain.port(), "/echo", false,
                CONNECTIONS, Message.text(16), 8, dir.resolve("anemone-load.log"))) {
            generator.awaitOpened(TIMEOUT);
            generator.go();
            awaitMessages(generator, 500);

            generator.pause();
            assertThat(processState(generator.pid())).as("the generator's state").isEqualTo("T");
            long received = quiescentMessagesReceived();
            Thread.sleep(300);  // a stretch in which nothing may arrive; there is no event to wait for
            assertThat(plain.metrics().messagesReceived()).as("messages the server received while paused").isEqualTo(received);

            generator.resume();
            Snap after = generator.snapshot();
            Snap later = awaitMessages(generator, after.messages() + 500);
            assertThat(later.errors()).isZero();
        }
    }

    /** The server's received-message count once what was in flight at the pause has landed. */
    private static long quiescentMessagesReceived() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long before = plain.metrics().messagesReceived();
        while (true) {
            Thread.sleep(100);  // polling for two equal readings; the deadline below decides
            long now = plain.metrics().messagesReceived();
            if (now == before) {
                return now;
            }
            assertThat(System.nanoTime()).as("the server's count settling after the pause").isLessThan(deadline);
            before = now;
        }
    }

    /** The state letter of a process in /proc (R, S, T for stopped, …). */
    private static String processState(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }

    @Test
    void aPathThatDoesNotUpgradeIsAnError() throws Exception {
        try (NativeEchoGenerator generator = NativeEchoGenerator.start(BINARY, null, plain.port(), "/nowhere", false,
                CONNECTIONS, Message.text(16), 1, dir.resolve("anemone-load.log"))) {
            assertThatThrownBy(() -> generator.awaitOpened(TIMEOUT))
                    .isInstanceOf(IOException.class).hasMessageContaining("not upgraded");
        }
    }

    @Test
    void aPortNobodyListensOnIsAnError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (NativeEchoGenerator generator = NativeEchoGenerator.start(BINARY, null, port, "/echo", false,
                CONNECTIONS, Message.text(16), 1, dir.resolve("anemone-load.log"))) {
            assertThatThrownBy(() -> generator.awaitOpened(TIMEOUT))
                    .isInstanceOf(IOException.class).hasMessageContaining("refused");
        }
    }

    @Test
    void snapLinesWithoutEchoesSayNaN() {
        Snap snap = Snap.parse("SNAP 123 0 0 NaN NaN NaN");
        assertThat(snap.nanoTime()).isEqualTo(123);
        assertThat(snap.p50Micros()).isNaN();
    }
}
