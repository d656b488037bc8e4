package dev.anemone.internal;

import dev.anemone.ClientOptions;
import dev.anemone.ClientTls;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.protocol.ClientHandshake;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.ExtensionNegotiation;
import dev.anemone.protocol.ExtensionNegotiator;
import dev.anemone.protocol.HandshakeException;
import dev.anemone.protocol.HandshakeResult;
import dev.anemone.protocol.HeadLimits;
import dev.anemone.protocol.HttpHeadParser;
import dev.anemone.protocol.HttpResponseHead;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.WebSocketUri;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A client connection before it is a WebSocket: connects, sends the request, reads and checks the
 * answer. A refusal's body is read (up to 64 KiB) so the failure can show it.
 *
 * <p>As in the browser, a connection that fails before it opens (refused, timed out, a wrong
 * accept key) is reported to the listener too: {@code onError}, then {@code onClose} with 1006,
 * through the callback boundary (on the loop, or on the connection's executor). The future is
 * completed afterwards, either way, on a thread of {@link Completions}, never on the loop.
 */
public final class ClientConnection implements Selectable, TransportHandler {

    private static final int MAX_REFUSAL_BODY = 64 * 1024;
    private static final SecureRandom SEEDS = new SecureRandom();

    private final EventLoop loop;
    private final URI uri;
    private final WebSocketUri target;
    private final ClientOptions options;
    private final List<ExtensionNegotiator> extensions;
    private final WebSocketListener listener;
    private final CompletableFuture<WebSocket> result;
    private final RandomGenerator random;
    private final HttpHeadParser parser = new HttpHeadParser(new HeadLimits(64 * 1024, 200));
    private SocketChannel channel;
    private Registration key;
    private Transport transport;
    private ClientHandshake handshake;
    private EventLoop.Timer deadline;
    private HandshakeException refusal;
    private ByteBuffer refusalBody;
    private long refusalBodyLength;
    /** The outcome is decided: opened or failed. Loop thread. */
    private boolean settled;

    private ClientConnection(EventLoop loop, URI uri, WebSocketUri target, ClientOptions options,
                             List<ExtensionNegotiator> extensions, WebSocketListener listener) {
        this.loop = loop;
        this.extensions = extensions;
        this.uri = uri;
        this.target = target;
        this.options = options;
        this.listener = listener;
        this.result = new ConnectFuture(loop);
        byte[] seed = new byte[32];
        SEEDS.nextBytes(seed);
        this.random = RandomGeneratorFactory.of("L64X256MixRandom").create(seed);
    }

    /** Starts connecting on {@code loop}. */
    public static CompletableFuture<WebSocket> open(EventLoop loop, URI uri, WebSocketUri target, ClientOptions options,
                                                    List<ExtensionNegotiator> extensions, WebSocketListener listener) {
        ClientConnection connection = new ClientConnection(loop, uri, target, options, extensions, listener);
        try {
            connection.handshake = new ClientHandshake(target, options.protocols(),
                    ExtensionNegotiation.clientOffers(extensions), options.headers(), connection.random);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        // Queued even from the loop itself, so that a failure never calls the listener back
        // from inside connect().
        loop.submit(connection::connect);
        return connection.result;
    }

    private void connect() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
            if (address.isUnresolved()) {
                throw new ConnectException("cannot resolve host " + target.host());
            }
            deadline = loop.schedule(options.connectTimeout().toNanos(),
                    () -> fail(new TimeoutException("no TCP connection to " + target.hostHeader() + " within " + options.connectTimeout())));
            if (channel.connect(address)) {
                key = loop.register(channel, 0, this);
                connected();
            } else {
                key = loop.register(channel, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void onReady(int readyOps) {
        try {
            if (channel.finishConnect()) {
                connected();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void connected() throws IOException {
        deadline.cancel();
        deadline = loop.schedule(options.handshakeTimeout().toNanos(),
                () -> fail(new TimeoutException("no handshake answer from " + target.hostHeader() + " within " + options.handshakeTimeout())));
        if (target.secure()) {
            ClientTls tls = options.tls();
            TlsTransport secure = TlsTransport.client(loop, key, (InetSocketAddress) channel.getRemoteAddress(),
                    TlsEngines.client(tls.sslContext(), target.host(), target.port(), tls.verifiesHostName()), this);
            transport = secure;
            // Held until the TLS handshake is done, which the handshake timeout covers too.
            transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(handshake.request()), true);
            secure.start();
        } else {
            transport = new SocketTransport(loop, key, (InetSocketAddress) channel.getRemoteAddress(), this);
            transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(handshake.request()), true);
        }
    }

    @Override
    public void onData(ByteBuffer data) {
        if (settled) {
            return;
        }
        if (refusal != null) {
            readRefusalBody(data);
            return;
        }
        try {
            if (!parser.feed(data)) {
                return;
            }
            HttpResponseHead response = parser.response();
            if (response.status() != 101) {
                refusal = handshakeFailure(response);
                startRefusalBody(response);
                readRefusalBody(data);
                return;
            }
            HandshakeResult accepted = handshake.check(response);
            ExtensionNegotiation agreed = ExtensionNegotiation.clientSide(accepted.extensions(), extensions);
            deadline.cancel();
            settled = true;
            HandshakeOutcome outcome = new HandshakeOutcome(uri, accepted.protocol(), accepted.extensions(),
                    accepted.headers(), agreed.newCodec(Role.CLIENT), null);
            WebSocketSession session = new WebSocketSession(transport, Role.CLIENT, settings(), listener,
                    options.executor(), outcome, random, null);
            ByteBuffer leftover = data.hasRemaining() ? ByteBuffer.allocate(data.remaining()).put(data).flip() : null;
            session.start(leftover);
            Completions.complete(result, session);
        } catch (HandshakeException e) {
            fail(e);
        }
    }

    private HandshakeException handshakeFailure(HttpResponseHead response) {
        try {
            handshake.check(response);
            throw new IllegalStateException("a non-101 answer passed the handshake check");
        } catch (HandshakeException e) {
            return e;
        }
    }

    private void startRefusalBody(HttpResponseHead response) {
        String length = response.headers().get("Content-Length");
        long declared = -1;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException ignored) {
            // Read until the server closes, within the cap.
        }
        refusalBodyLength = declared < 0 ? MAX_REFUSAL_BODY : Math.min(declared, MAX_REFUSAL_BODY);
        refusalBody = ByteBuffer.allocate((int) refusalBodyLength);
    }

    private void readRefusalBody(ByteBuffer data) {
        int n = Math.min(data.remaining(), refusalBody.remaining());
        refusalBody.put(refusalBody.position(), data, data.position(), n);
        refusalBody.position(refusalBody.position() + n);
        data.position(data.position() + n);
        if (!refusalBody.hasRemaining()) {
            finishRefusal();
        }
    }

    private void finishRefusal() {
        byte[] body = new byte[refusalBody.position()];
        refusalBody.get(0, body);
        fail(refusal.withBody(body));
    }

    private SessionSettings settings() {
        return new SessionSettings(options.engine(), options.maxBufferedBytes(), options.policy(),
                java.time.Duration.ZERO, java.time.Duration.ZERO, options.maxPendingMessages());
    }

    @Override
    public void onEof() {
        if (refusal != null && !settled) {
            finishRefusal();
        } else {
            fail(new ConnectException("the server closed the connection during the handshake"));
        }
    }

    @Override
    public void onClosed(IOException cause) {
        fail(cause != null ? cause : new ConnectException("the connection closed during the handshake"));
    }

    private void fail(Throwable cause) {
        if (settled) {
            return;
        }
        settled = true;
        if (deadline != null) {
            deadline.cancel();
        }
        if (transport != null) {
            transport.close(null);
        } else if (channel != null) {
            try {
                // Through the registration when there is one: it leaves the poller before the channel closes.
                if (key != null) {
                    key.close();
                } else {
                    channel.close();
                }
            } catch (IOException ignored) {
                // Failing anyway.
            }
        }
        NeverOpenedSocket socket = new NeverOpenedSocket(uri, target.host(), target.port(), listener);
        Callbacks callbacks = Callbacks.of(options.executor(), options.maxPendingMessages(), paused -> { });
        callbacks.error(socket, cause);
        callbacks.close(socket, CloseStatus.ABNORMAL_CLOSURE, "", false);
        Completions.fail(result, cause);
    }

    @Override
    public void onLoopShutdown() {
        fail(new ConnectException("the client was closed"));
    }

    /** The connection's name in the log, as the server's are named once the TCP connection is up. */
    @Override
    public String toString() {
        return transport == null ? "connection to " + target.hostHeader() + ", connecting"
                : "connection " + ConnectionName.of(transport) + " before its upgrade";
    }
}
