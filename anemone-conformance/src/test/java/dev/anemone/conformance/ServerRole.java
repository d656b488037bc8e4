package dev.anemone.conformance;

import dev.anemone.BackpressurePolicy;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.DeflateOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Our {@link WebSocketServer} with the echo endpoint, the raw peer as its client. One server per
 * fragment size, shared by every case; one connection per case. The server offers
 * permessage-deflate with threshold 0 and context takeover allowed, so whether a connection
 * compresses is up to the peer's offer.
 */
final class ServerRole implements Role {

    static final DeflateOptions DEFLATE = DeflateOptions.defaults().withThreshold(0).withNoContextTakeover(false, false);

    private final EchoListener listener = new EchoListener(true);
    private final Map<Integer, WebSocketServer> servers = new TreeMap<>();
    private final ConformanceTls tls;
    private long seed = 1;

    /** Over plain TCP. */
    ServerRole() {
        this(null);
    }

    /** Over TLS with {@code tls}'s certificate when it is not null, for the cases it {@linkplain ConformanceTls#covers covers}. */
    ServerRole(ConformanceTls tls) {
        this.tls = tls;
    }

    @Override
    public String label() {
        return tls == null ? "server" : "server-tls";
    }

    @Override
    public boolean covers(Case c) {
        return tls == null || ConformanceTls.covers(c);
    }

    @Override
    public Case.Side side() {
        return Case.Side.SERVER;
    }

    private synchronized WebSocketServer server(int fragmentSize) {
        return servers.computeIfAbsent(fragmentSize, size -> WebSocketServer.builder()
                .host("127.0.0.1")
                .port(0)
                .endpoint("/echo", listener)
                .perMessageDeflate(DEFLATE)
                .maxMessageSize(MAX_MESSAGE)
                .fragmentSize(size)
                .closeTimeout(CLOSE_TIMEOUT)
                .maxBufferedBytes(64L << 20, BackpressurePolicy.CLOSE)
                .tls(tls == null ? null : tls.server())
                .start());
    }

    @Override
    public Connection open(Case c) throws IOException {
        WebSocketServer server = server(c.setup().fragmentSize());
        Socket socket = tls == null ? new Socket() : tls.clientSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        RawPeer peer = new RawPeer(socket, true, seed++);
        try {
            String key = HandshakeByHand.newKey(seed);
            CompletableFuture<EchoListener.Closed> closed = listener.closed(key);
            String offer = c.setup().deflate();
            String answer = HandshakeByHand.asClient(peer, "127.0.0.1:" + server.port(), "/echo", offer, key,
                    c.handshakeSteps());
            if (c.setup().refused()) {
                if (answer != null) {
                    throw new AssertionError("the server accepted the offer " + offer + " with " + answer + "; it must decline it");
                }
            } else if (offer != null) {
                if (answer == null) {
                    throw new AssertionError("the server declined the offer " + offer);
                }
                peer.useCompression(Compression.clientPeer(offer, answer));
            }
            peer.startReading(side() + " " + c.id());
            return new Connection(peer, closed);
        } catch (IOException | RuntimeException | Error e) {
            peer.close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(WebSocketServer::close);
        servers.clear();
    }
}
