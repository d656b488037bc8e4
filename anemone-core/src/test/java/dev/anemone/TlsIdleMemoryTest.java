package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What an idle TLS connection costs the server's heap, beside a plain one: the clients run in
 * another JVM ({@link IdleClients}), so the heap measured holds the server's side alone. An idle
 * TLS connection keeps its engine and no packet buffers: well under the 2 × 16 KiB that one
 * record's worth of buffers in each direction would cost.
 *
 * <p>A connection's cost is the heap it holds while open less what is left once the server has
 * closed it: a baseline taken before the clients connect also counts what the JIT and class
 * loading free or keep meanwhile, which moved the plain figure by a quarter with no change to a
 * connection.
 */
class TlsIdleMemoryTest {

    private static final int CONNECTIONS = 400;

    @Test
    void anIdleTlsConnectionHoldsNoPacketBuffers() throws Exception {
        TestCertificates certificates = TestCertificates.get();
        double plain;
        ClosedConnections closed = new ClosedConnections(CONNECTIONS);
        try (WebSocketServer server = Servers.echo().endpoint("/idle", closed).start()) {
            plain = bytesPerConnection("ws://127.0.0.1:" + server.port() + "/idle", null, closed);
        }
        double tls;
        closed = new ClosedConnections(CONNECTIONS);
        try (WebSocketServer server = Servers.echo().endpoint("/idle", closed).tls(certificates.ec.pem()).start()) {
            tls = bytesPerConnection("wss://127.0.0.1:" + server.port() + "/idle", certificates.ec.certificate(), closed);
        }
        System.out.printf(Locale.ROOT, "idle heap per server connection: plain %.0f B, TLS %.0f B (TLS adds %.0f B)%n",
                plain, tls, tls - plain);
        assertThat(plain).isPositive();
        assertThat(tls - plain).isLessThan(16 * 1024);
    }

    /** Counts the server's connections down as they close. */
    private static final class ClosedConnections implements WebSocketListener {
        private final CountDownLatch remaining;

        ClosedConnections(int connections) {
            remaining = new CountDownLatch(connections);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            remaining.countDown();
        }
    }

    /**
     * The server's heap per connection while {@link #CONNECTIONS} clients sit idle, less what is
     * left after they all left.
     */
    private static double bytesPerConnection(String uri, Path trusted, ClosedConnections closed) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), IdleClients.class.getName(), uri,
                Integer.toString(CONNECTIONS)));
        if (trusted != null) {
            command.add(trusted.toString());
        }
        Process clients = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long during;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("open " + CONNECTIONS);
            during = settledHeap();
        } finally {
            clients.getOutputStream().close();
            if (!clients.waitFor(20, TimeUnit.SECONDS)) {
                clients.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(closed.remaining.await(20, TimeUnit.SECONDS)).as("the server saw every connection close").isTrue();
        long after = settledHeap();
        return (during - after) / (double) CONNECTIONS;
    }

    /** The heap in use after full collections, once it stops shrinking. */
    private static long settledHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used - 16 * 1024) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }
}
