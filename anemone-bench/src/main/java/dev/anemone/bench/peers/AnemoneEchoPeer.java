package dev.anemone.bench.peers;

import dev.anemone.EchoListener;
import dev.anemone.TlsOptions;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.DeflateOptions;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Anemone as a benchmark peer: {@link EchoListener} at {@code /echo}, {@link WebSocketServer#broadcast} at
 * {@code /broadcast} (which also reaches the publisher), and a topic at {@code /topic} that every
 * connection subscribes to on opening and each message is published to with
 * {@link WebSocket#publish} (which skips the publisher). One event loop per available core, so
 * one when pinned to a core. See {@link PeerMain} for the arguments.
 */
public final class AnemoneEchoPeer {

    private static final String TOPIC = "bench";

    private AnemoneEchoPeer() {
    }

    public static void main(String[] args) {
        PeerMain peer = PeerMain.parse(args);
        AtomicReference<WebSocketServer> server = new AtomicReference<>();
        int loops = Runtime.getRuntime().availableProcessors();
        WebSocketServer.Builder builder = WebSocketServer.builder()
                .host("127.0.0.1")
                .port(peer.port)
                .eventLoops(loops)
                // Every benchmark client comes from 127.0.0.1.
                .maxConnectionsPerAddress(1_000_000)
                .maxConnections(1_000_000)
                // ... and opens them faster than one address may by default. The per-connection
                // message and byte rates stay at their defaults, so that their cost is measured.
                .connectionsPerSecondPerAddress(0)
                .handshakesPerSecondPerAddress(0)
                // The project's own echo: text goes back as the UTF-8 bytes it came in, no String.
                .endpoint("/echo", new EchoListener())
                .endpoint("/broadcast", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket socket, String text) {
                        server.get().broadcast(text);
                    }

                    @Override
                    public void onBinary(WebSocket socket, ByteBuffer data) {
                        server.get().broadcast(data);
                    }
                })
                .endpoint("/topic", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        socket.subscribe(TOPIC);
                    }

                    @Override
                    public void onText(WebSocket socket, String text) {
                        socket.publish(TOPIC, text);
                    }

                    @Override
                    public void onBinary(WebSocket socket, ByteBuffer data) {
                        socket.publish(TOPIC, data);
                    }
                });
        if (peer.deflate == PeerMain.Deflate.ON) {
            builder.perMessageDeflate(DeflateOptions.defaults().withThreshold(0));
        } else if (peer.deflate == PeerMain.Deflate.CTX) {
            // Lift the bound on connections keeping a context, or past 1024 they would get none.
            builder.perMessageDeflate(DeflateOptions.defaults().withThreshold(0)
                    .withNoContextTakeover(false, false).withMaxContexts(1_000_000));
        }
        if (peer.keyStore != null) {
            builder.tls(TlsOptions.fromPkcs12(peer.keyStore, peer.keyStorePassword));
        }
        server.set(builder.start());
        peer.ready("loops=" + loops + " deflate=" + peer.deflate + (peer.keyStore != null ? " tls=jdk" : ""));
    }
}
