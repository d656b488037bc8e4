package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running out of file descriptors must not kill the server (issue 9, point 2): a server in a child
 * JVM limited to 512 descriptors is sent 600 silent connections, so that accept fails with EMFILE;
 * it must stay alive, must not spin writing stack traces, and must serve again soon after the
 * connections close.
 */
class DescriptorExhaustionTest {

    private static final int DESCRIPTOR_LIMIT = 512;
    private static final int SILENT_PEERS = 600;
    /** Lines of the child's output that may mention the failure; a spinning accept loop writes thousands. */
    private static final int MAX_FAILURE_LINES = 50;
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    /** The server logged at start, so its logging works while descriptors are short. */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void serverSurvivesRunningOutOfDescriptorsAndServesAgainOnceTheyAreFree() throws Exception {
        runOutOfDescriptorsAndRecover(true);
    }

    /**
     * The first thing the server logs is the accept failure, and the logging fails too (it must
     * open the time zone file); the server must recover all the same.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void serverRecoversEvenWhenLoggingFailsForWantOfDescriptors() throws Exception {
        runOutOfDescriptorsAndRecover(false);
    }

    private void runOutOfDescriptorsAndRecover(boolean logAtStart) throws Exception {
        Path prlimit = Stream.of("/usr/bin/prlimit", "/bin/prlimit").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(prlimit != null, "needs Linux prlimit (util-linux)");
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process child = new ProcessBuilder(prlimit.toString(), "--nofile=" + DESCRIPTOR_LIMIT + ":" + DESCRIPTOR_LIMIT,
                java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LowDescriptorServer.class.getName(),
                logAtStart ? "--log-at-start" : "--no-log-at-start")
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        List<SocketChannel> silent = new ArrayList<>();
        try {
            int port = awaitPort(child, out, err);
            // No client is served first: a fresh server that has not closed a connection yet is the
            // hard case, since what the JDK sets up on the first close needs a descriptor of its own.
            for (int i = 0; i < SILENT_PEERS; i++) {
                silent.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
            }
            awaitExhaustion(child, err, Duration.ofSeconds(20));
            // Exhausted: a new client may well not be served now, but the server must live on.
            try (SocketChannel probe = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                probe.socket().setSoTimeout(1_000);
                probe.socket().getOutputStream().write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                probe.socket().getInputStream().read();
            } catch (IOException notServedWhileExhausted) {
                // Acceptable.
            }
            assertThat(child.isAlive()).as("the child server is alive while out of descriptors").isTrue();

            for (SocketChannel channel : silent) {
                channel.close();
            }
            silent.clear();
            long freed = System.nanoTime();
            long deadline = freed + RECOVERY_BOUND.toNanos() * 3;
            String answer = null;
            IOException last = null;
            while (answer == null && System.nanoTime() < deadline) {
                try {
                    answer = echo(port, "after");
                } catch (IOException e) {
                    last = e;
                    assertThat(child.isAlive()).as("the child server is alive").isTrue();
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }
            Duration recovery = Duration.ofNanos(System.nanoTime() - freed);
            if (answer != null) {
                System.out.println("DescriptorExhaustionTest (log at start: " + logAtStart + "): served again "
                        + recovery.toMillis() + " ms after the silent peers closed");
            } else {
                fail("not served again within " + RECOVERY_BOUND.multipliedBy(3).toSeconds() + " s of the peers closing; "
                        + "child alive: " + child.isAlive() + ", holding " + count(Path.of("/proc", String.valueOf(child.pid()), "fd"))
                        + " descriptors, " + countLines(out, err) + " lines reporting accept failures; last failure: " + last
                        + "; child stderr tail:\n" + tail(err));
            }
            assertThat(answer).isEqualTo("after");
            assertThat(recovery).as("time to serve again after the descriptors were freed").isLessThan(RECOVERY_BOUND);

            long failureLines = countLines(out, err);
            assertThat(failureLines).as("lines reporting accept failures (a spinning loop writes thousands); stderr tail:\n"
                    + tail(err)).isLessThan(MAX_FAILURE_LINES);
            if (logAtStart) {
                assertThat(failureLines).as("the accept failure was logged").isPositive();
            }
        } finally {
            for (SocketChannel channel : silent) {
                channel.close();
            }
            stop(child);
        }
    }

    /** A WebSocket handshake and one text echo on a fresh connection. */
    private static String echo(int port, String text) throws IOException {
        try (RawClient client = new RawClient(port)) {
            String head = client.handshake("/echo");
            if (!head.startsWith("HTTP/1.1 101 ")) {
                throw new IOException("handshake refused: " + head);
            }
            client.sendFrame(true, 1, text.getBytes(StandardCharsets.UTF_8));
            return client.readFrame().text();
        }
    }

    private static int awaitPort(Process child, Path out, Path err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (line.startsWith("PORT ")) {
                    return Integer.parseInt(line.substring(5).trim());
                }
            }
            if (!child.isAlive()) {
                fail("the child server exited with " + child.exitValue() + ":\n" + tail(err));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return fail("the child server did not print its port; stderr:\n" + tail(err));
    }

    /**
     * Waits until the child has run out of descriptors: it holds (nearly) as many as its limit, or
     * its log says so.
     */
    private static void awaitExhaustion(Process child, Path err, Duration within) throws Exception {
        Path descriptors = Path.of("/proc", String.valueOf(child.pid()), "fd");
        long deadline = System.nanoTime() + within.toNanos();
        long held = -1;
        while (System.nanoTime() < deadline) {
            held = count(descriptors);
            if (held >= DESCRIPTOR_LIMIT - 4 || contains(err, "Too many open files")) {
                return;
            }
            if (!child.isAlive()) {
                fail("the child server exited with " + child.exitValue() + ":\n" + tail(err));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        fail("the child never ran out of descriptors (it holds " + held + "); stderr:\n" + tail(err));
    }

    private static long count(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static boolean contains(Path file, String text) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line -> line.contains(text));
        }
    }

    private static long countLines(Path... files) throws IOException {
        long count = 0;
        for (Path file : files) {
            try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
                count += lines.filter(line -> line.contains("Too many open files") || line.contains("accept failed")).count();
            }
        }
        return count;
    }

    /** The end of {@code file}: it may be hundreds of megabytes of stack traces. */
    private static String tail(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            ByteBuffer end = ByteBuffer.allocate((int) Math.min(size, 4096));
            channel.position(size - end.capacity());
            while (end.hasRemaining() && channel.read(end) >= 0) {
                // Read on to the end.
            }
            return new String(end.array(), 0, end.position(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void stop(Process child) throws InterruptedException {
        child.destroy();
        if (!child.waitFor(5, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            child.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
