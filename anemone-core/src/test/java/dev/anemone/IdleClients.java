package dev.anemone;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A separate program for {@link TlsIdleMemoryTest}: opens COUNT connections to URI (trusting the
 * PEM file CA for wss://), prints "open COUNT" and keeps them idle until its input ends, so that
 * the test's heap holds the server's side alone.
 */
public final class IdleClients {

    private IdleClients() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int count = Integer.parseInt(args[1]);
        ClientOptions options = args.length > 2 ? ClientOptions.builder().trustedCertificates(Path.of(args[2])).build()
                : ClientOptions.defaults();
        try (WebSocketClient client = new WebSocketClient(1)) {
            List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sockets.add(client.connect(uri, options, new WebSocketListener() { }));
                if (sockets.size() % 50 == 0) {
                    sockets.get(sockets.size() - 1).get(30, TimeUnit.SECONDS);
                }
            }
            for (CompletableFuture<WebSocket> socket : sockets) {
                socket.get(30, TimeUnit.SECONDS);
            }
            System.out.println("open " + count);
            System.out.flush();
            while (System.in.read() >= 0) {
                // Idle until told to go.
            }
        }
    }
}
