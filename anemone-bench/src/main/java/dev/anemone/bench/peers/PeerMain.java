package dev.anemone.bench.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What every JVM peer shares: its arguments, the "READY port" line, and the commands the
 * harness sends on standard input.
 *
 * <p>Usage of every peer: {@code PORT [off|on|ctx] [KEYSTORE.p12 PASSWORD]}, serving {@code /echo} (every message echoed)
 * and {@code /broadcast} (every message relayed to the other clients) on 127.0.0.1, and for the
 * peers with a pub/sub of their own {@code /topic} (every connection subscribed to one topic,
 * every message published to it). The second argument says whether to offer permessage-deflate,
 * and whether with context takeover. With a PKCS#12 key store the peers that can serve TLS with its
 * key and certificate (TLS 1.3 and 1.2, the JDK's provider), and every connection is {@code wss}.
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
    /** The PKCS#12 file to serve TLS with, or null for plain TCP. */
    final Path keyStore;
    final char[] keyStorePassword;

    private PeerMain(int port, Deflate deflate, Path keyStore, char[] keyStorePassword) {
        this.port = port;
        this.deflate = deflate;
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
    }

    static PeerMain parse(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: PORT [off|on|ctx] [KEYSTORE.p12 PASSWORD]");
            System.exit(2);
        }
        Deflate deflate = args.length > 1 ? Deflate.valueOf(args[1].toUpperCase(java.util.Locale.ROOT)) : Deflate.OFF;
        Path keyStore = args.length > 3 ? Path.of(args[2]) : null;
        char[] password = args.length > 3 ? args[3].toCharArray() : null;
        return new PeerMain(Integer.parseInt(args[0]), deflate, keyStore, password);
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
