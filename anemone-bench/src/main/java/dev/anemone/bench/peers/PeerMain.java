package dev.anemone.bench.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * What every JVM peer shares: its arguments, the "READY port" line, and the commands the
 * harness sends on standard input.
 *
 * <p>Usage of every peer: {@code PORT [off|on|ctx]}, serving {@code /echo} (every message echoed)
 * and {@code /broadcast} (every message relayed to the other clients) on 127.0.0.1, and for the
 * peers with a pub/sub of their own {@code /topic} (every connection subscribed to one topic,
 * every message published to it). The second argument says whether to offer permessage-deflate,
 * and whether with context takeover.
 *
 * <p>Commands, one a line: {@code mem} answers {@code MEM <bytes>}, the heap in use after full
 * garbage collections. When standard input ends the peer exits, so a peer never outlives the
 * harness that started it.
 */
final class PeerMain {

    /** permessage-deflate: off; on without context takeover; on with context takeover. */
    enum Deflate { OFF, ON, CTX }

    final int port;
    final Deflate deflate;

    private PeerMain(int port, Deflate deflate) {
        this.port = port;
        this.deflate = deflate;
    }

    static PeerMain parse(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: PORT [off|on|ctx]");
            System.exit(2);
        }
        Deflate deflate = args.length > 1 ? Deflate.valueOf(args[1].toUpperCase(java.util.Locale.ROOT)) : Deflate.OFF;
        return new PeerMain(Integer.parseInt(args[0]), deflate);
    }

    /** Says the peer is listening, then serves stdin commands until stdin ends, then exits. */
    void ready(String detail) {
        System.out.println("READY " + port + (detail.isEmpty() ? "" : " " + detail));
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("mem")) {
                    System.out.println("MEM " + liveHeap());
                    System.out.flush();
                }
            }
        } catch (IOException ignored) {
            // The harness is gone: exit below.
        }
        Runtime.getRuntime().halt(0);
    }

    /** Heap in use after full collections: what the live objects take. */
    static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
