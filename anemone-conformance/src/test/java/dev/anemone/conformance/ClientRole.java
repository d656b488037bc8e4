package dev.anemone.conformance;

import dev.anemone.BackpressurePolicy;
import dev.anemone.ClientOptions;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketClient;
import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.EngineConfig;
import dev.anemone.protocol.HandshakeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Our {@link WebSocketClient} with an echo listener, the raw peer as its server: a plain
 * {@link ServerSocket} on loopback that answers the handshake by hand. One connection per case.
 * With a deflate setup the client offers permessage-deflate (threshold 0, context takeover
 * allowed) and the peer answers with the case's parameters.
 */
final class ClientRole implements Role {

    static final DeflateOptions DEFLATE = DeflateOptions.defaults().withThreshold(0).withNoContextTakeover(false, false);

    private final ServerSocket listening;
    private final ConformanceTls tls;
    private long seed = 1;

    /** Over plain TCP. */
    ClientRole() throws IOException {
        this(null);
    }

    /** Over TLS with {@code tls}'s certificate when it is not null, for the cases it {@linkplain ConformanceTls#covers covers}. */
    ClientRole(ConformanceTls tls) throws IOException {
        this.tls = tls;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        listening = tls == null ? new ServerSocket(0, 50, loopback) : tls.serverSocket(loopback);
        listening.setSoTimeout(5_000);
    }

    @Override
    public String label() {
        return tls == null ? "client" : "client-tls";
    }

    @Override
    public boolean covers(Case c) {
        return tls == null || ConformanceTls.covers(c);
    }

    @Override
    public Case.Side side() {
        return Case.Side.CLIENT;
    }

    @Override
    public Connection open(Case c) throws Exception {
        EchoListener listener = new EchoListener(false);
        ClientOptions.Builder options = (tls == null ? ClientOptions.defaults() : tls.clientOptions()).toBuilder()
                .maxMessageSize(MAX_MESSAGE)
                .fragmentSize(c.setup().fragmentSize())
                .closeTimeout(CLOSE_TIMEOUT)
                .maxBufferedBytes(64L << 20, BackpressurePolicy.CLOSE);
        String answer = c.setup().deflate();
        if (answer != null) {
            options.perMessageDeflate(DEFLATE);
        }
        URI uri = URI.create((tls == null ? "ws" : "wss") + "://127.0.0.1:" + listening.getLocalPort() + "/echo");
        CompletableFuture<WebSocket> connecting = WebSocketClient.shared().connect(uri, options.build(), listener);
        Socket socket = listening.accept();
        RawPeer peer = new RawPeer(socket, false, seed++);
        try {
            HandshakeByHand.asServer(peer, answer, c.handshakeSteps());
            if (c.setup().refused()) {
                expectRefusal(connecting, answer);
                peer.startReading(side() + " " + c.id());
                return new Connection(peer, listener.closed(EchoListener.CLIENT_KEY));
            }
            connecting.get(5, TimeUnit.SECONDS);
            if (answer != null) {
                peer.useCompression(Compression.serverPeer(answer));
            }
            peer.startReading(side() + " " + c.id());
            return new Connection(peer, listener.closed(EchoListener.CLIENT_KEY));
        } catch (Exception | Error e) {
            connecting.cancel(true);
            peer.close();
            throw e;
        }
    }

    private static void expectRefusal(CompletableFuture<WebSocket> connecting, String answer) throws InterruptedException {
        try {
            connecting.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException refused) {
            if (!(refused.getCause() instanceof HandshakeException)) {
                throw new AssertionError("the handshake failed, but not with a HandshakeException", refused.getCause());
            }
            return;
        } catch (TimeoutException e) {
            throw new AssertionError("our client neither accepted nor refused the answer " + answer + " within 5 s");
        }
        throw new AssertionError("our client accepted the answer " + answer + "; it must fail the handshake");
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
