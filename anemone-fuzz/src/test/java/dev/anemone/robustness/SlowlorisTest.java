package dev.anemone.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocketServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slowloris (the book's chapter 6): 2,000 connections that each send one byte of their request
 * head per second, and are dropped at the handshake timeout only to come straight back, must not
 * stall a well-behaved client. Its handshake latency is measured while they run, and the heap is
 * checked to stay bounded. Loopback only; the attack stops by itself.
 */
class SlowlorisTest {

    private static final int ATTACKERS = 2_000;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);
    private static final int HANDSHAKES = 50;

    @Test
    @Timeout(90)
    void twoThousandTricklingConnectionsDoNotStallAWellBehavedClient() throws Exception {
        try (WebSocketServer server = RawHttp.echoServer()
                .handshakeTimeout(HANDSHAKE_TIMEOUT)
                .maxConnectionsPerAddress(5_000)
                // Every attacker comes from 127.0.0.1: the rate per address would refuse most of them at once.
                .connectionsPerSecondPerAddress(0)
                .start()) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/echo");
            HttpClient client = HttpClient.newHttpClient();
            // Warm up the client and the server, so the first measured handshake pays no class loading.
            for (int i = 0; i < 5; i++) {
                handshakeMillis(client, uri);
            }
            long heapBefore = usedHeapAfterGc();

            Trickler trickler = new Trickler(server.port(), ATTACKERS, 60_000, 1_000);
            trickler.start();
            try {
                assertThat(trickler.allConnected.await(20, TimeUnit.SECONDS))
                        .as("all %d trickling connections established", ATTACKERS).isTrue();
                // Wait for the first generation to reach the handshake timeout and be dropped (they
                // come straight back), then measure across the next waves of drops and reconnections.
                assertThat(trickler.firstGenerationDropped.await(HANDSHAKE_TIMEOUT.toMillis() + 10_000, TimeUnit.MILLISECONDS))
                        .as("the first %d trickling connections dropped at the handshake timeout", ATTACKERS).isTrue();
                List<Long> latencies = new ArrayList<>();
                int minAttackers = Integer.MAX_VALUE;
                long sumAttackers = 0;
                long measureStart = System.nanoTime();
                for (int i = 0; i < HANDSHAKES; i++) {
                    int attackers = trickler.connected.get();
                    minAttackers = Math.min(minAttackers, attackers);
                    sumAttackers += attackers;
                    latencies.add(handshakeMillis(client, uri));
                    // Pacing, not synchronisation: spread the handshakes over several drop waves.
                    Thread.sleep(100);
                }
                long measuredMillis = (System.nanoTime() - measureStart) / 1_000_000;
                long heapDuring = usedHeapAfterGc();
                int attackersAtEnd = trickler.connected.get();
                trickler.stop();

                Collections.sort(latencies);
                long p50 = latencies.get(latencies.size() / 2);
                long p90 = latencies.get(latencies.size() * 9 / 10);
                long max = latencies.get(latencies.size() - 1);
                List<Long> lifetimes = new ArrayList<>(trickler.lifetimesMillis);
                Collections.sort(lifetimes);
                long medianLifetime = lifetimes.isEmpty() ? -1 : lifetimes.get(lifetimes.size() / 2);
                long growthMiB = (heapDuring - heapBefore) / (1024 * 1024);
                long meanAttackers = sumAttackers / HANDSHAKES;
                System.out.printf("Slowloris: %,d trickling connections (connected while measuring: mean %,d, fewest %,d "
                                + "in the drop waves; %,d at the end), "
                                + "%,d opened in all, %,d dropped by the server after a median of %,d ms "
                                + "(handshake timeout %d ms), %,d bytes trickled%n",
                        ATTACKERS, meanAttackers, minAttackers, attackersAtEnd, trickler.opened.get(), trickler.droppedByServer.get(),
                        medianLifetime, HANDSHAKE_TIMEOUT.toMillis(), trickler.bytesSent.get());
                System.out.printf("Slowloris: %d well-behaved handshakes over %,d ms: p50 %d ms, p90 %d ms, max %d ms "
                                + "(net.core.somaxconn %s)%n",
                        HANDSHAKES, measuredMillis, p50, p90, max, somaxconn());
                System.out.printf("Slowloris: used heap after GC %,d MiB before, %,d MiB during the attack (growth %d MiB)%n",
                        heapBefore / (1024 * 1024), heapDuring / (1024 * 1024), growthMiB);

                // A client stalled behind the tricklers would wait for one of them to be dropped at the
                // handshake timeout. Anything shorter is not a stall: a SYN that meets a full accept
                // queue in a reconnection wave is retried by the kernel after one second, which on a
                // machine with a small net.core.somaxconn can happen to a handshake or two.
                assertThat(max).as("slowest well-behaved handshake, ms").isLessThan(HANDSHAKE_TIMEOUT.toMillis());
                assertThat(p50).as("median well-behaved handshake, ms").isLessThan(500);
                assertThat(growthMiB).as("heap growth under attack, MiB").isLessThan(64);
                assertThat(meanAttackers).as("the attack was in force while measuring").isGreaterThan(ATTACKERS * 3 / 4);
                assertThat(trickler.droppedByServer.get()).as("connections dropped at the handshake timeout")
                        .isGreaterThanOrEqualTo(ATTACKERS);
                assertThat(medianLifetime).as("a trickler's life, ms")
                        .isBetween(HANDSHAKE_TIMEOUT.toMillis(), HANDSHAKE_TIMEOUT.toMillis() + 3_000);
            } finally {
                trickler.stop();
            }
            RawHttp.assertServerStillServes(server.port());
        }
    }

    /** One complete opening handshake with the JDK's client, in milliseconds; the connection is then dropped. */
    private static long handshakeMillis(HttpClient client, URI uri) throws Exception {
        long start = System.nanoTime();
        WebSocket ws = client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        ws.abort();
        return millis;
    }

    /** The kernel's cap on the accept queue, which decides whether a reconnection wave can drop SYNs. */
    private static String somaxconn() {
        try {
            // readString trusts the size /proc reports and cuts the value short; reading lines does not.
            return Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
