package dev.anemone;

import java.time.Duration;

/**
 * An echo server for {@link DescriptorExhaustionTest} to run in a child JVM whose descriptor limit
 * is lowered ({@code prlimit --nofile=512:512}): prints {@code PORT <n>} on stdout, then serves
 * until it is killed. With the argument {@code --log-at-start} it logs a line first, as most servers
 * do; without it, the first thing it logs may be what goes wrong once descriptors run out, when
 * setting logging up (opening the time zone file, for one) fails too.
 */
public final class LowDescriptorServer {

    private LowDescriptorServer() {
    }

    public static void main(String[] args) throws Exception {
        WebSocketServer server = WebSocketServer.builder()
                .host("127.0.0.1")
                .port(0)
                .eventLoops(2)
                .endpoint("/echo", new EchoListener())
                .maxConnectionsPerAddress(100_000)
                .connectionsPerSecondPerAddress(0)
                .handshakesPerSecondPerAddress(0)
                // Silent peers must hold their descriptors until the test lets them go.
                .handshakeTimeout(Duration.ofMinutes(5))
                .start();
        if (java.util.List.of(args).contains("--log-at-start")) {
            System.getLogger(LowDescriptorServer.class.getName()).log(System.Logger.Level.INFO,
                    "echo server listening on 127.0.0.1:" + server.port());
        }
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
