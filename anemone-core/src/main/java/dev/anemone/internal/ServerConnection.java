package dev.anemone.internal;

import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.HandshakeInfo;
import dev.anemone.HttpRequest;
import dev.anemone.ProtocolSelector;
import dev.anemone.Verdict;
import dev.anemone.protocol.ExtensionNegotiation;
import dev.anemone.protocol.HandshakeException;
import dev.anemone.protocol.HttpHeadParser;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.HttpRequestHead;
import dev.anemone.protocol.OpeningRequest;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.ServerHandshake;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A server connection before it is a WebSocket: reads request heads, then answers each as plain
 * HTTP (keeping the connection alive between requests), refuses it with a precise status, or
 * completes the upgrade and hands the socket to a {@link WebSocketSession}. A client that has not
 * finished a request's head (and body) within the handshake timeout of its first byte is dropped
 * (the Slowloris defence), and so is a kept-alive connection idle past the keep-alive timeout.
 *
 * <p>Requests are answered one at a time, in order: while one is being answered, bytes that
 * arrive are kept (pipelined requests), and reading pauses once they pass the head limit. Reading
 * goes on meanwhile so that a client that leaves is noticed, which ends its exchange.
 */
final class ServerConnection extends Sweepable implements TransportHandler {

    private static final Log LOG = Log.of(ServerConnection.class);

    private static final HttpHeaders RETRY_AFTER = new HttpHeaders().add("Retry-After", "1");

    private final ServerRuntime server;
    private final HttpHeadParser parser;
    private long deadlineNanos;
    private Transport transport;
    /** Bytes read while reading was held: the next request's, or the WebSocket's after an upgrade. */
    private ByteBuffer leftover;
    /** An upgrade's verdict or a request's answer is awaited: bytes read go to {@link #leftover}. */
    private boolean holding;
    /** No more requests are read: a refusal or a last answer is on its way, then the connection closes. */
    private boolean closing;
    /** Between the requests of a kept-alive connection: the keep-alive timeout runs. */
    private boolean idle;
    /** Inside {@link #read}: an answer completed meanwhile is followed up by the read loop, not by a nested read. */
    private boolean reading;
    private boolean upgraded;
    /** The verifier's answer was acted on; a stage that completes twice is heard once. */
    private boolean decided;
    /** The body being read, or null. */
    private RequestBodyReader body;
    /** The request being answered, or null. */
    private ServerExchange exchange;
    /** Bytes still queued for the client at the last sweep, to tell a slow reader from one that stopped. */
    private long queuedAtLastSweep;

    ServerConnection(ServerRuntime server) {
        this.server = server;
        this.parser = new HttpHeadParser(server.config().headLimits());
        this.deadlineNanos = System.nanoTime() + server.config().handshakeTimeout().toNanos();
    }

    void attach(Transport connectionTransport) {
        this.transport = connectionTransport;
        server.handshakeStarted(this);
        long shortest = Math.min(server.config().handshakeTimeout().toNanos(),
                server.config().http().keepAliveTimeout().toNanos());
        transport.loop().addMember(this, SessionSettings.clampSweep(shortest / 4));
    }

    @Override
    public void onData(ByteBuffer data) {
        if (closing) {
            return;
        }
        if (holding) {
            hold(data);
            return;
        }
        read(data);
    }

    /** Reads requests from {@code data} until it is used up or reading must hold. */
    private void read(ByteBuffer data) {
        reading = true;
        try {
            while (data.hasRemaining() && !holding && !closing && !transport.isClosed()) {
                if (body != null) {
                    if (body.feed(data)) {
                        RequestBodyReader complete = body;
                        body = null;
                        serve(complete);
                    }
                    continue;
                }
                if (idle) {
                    // A new request begins: it has the handshake timeout to arrive whole.
                    idle = false;
                    deadlineNanos = System.nanoTime() + server.config().handshakeTimeout().toNanos();
                }
                if (parser.feed(data)) {
                    HttpRequestHead head = parser.request();
                    parser.reset();
                    dispatch(head, data);
                }
            }
        } catch (HandshakeException refusal) {
            refuse(refusal.status(), refusal.getMessage(), refusal.headers());
        } finally {
            reading = false;
        }
        if (holding && !closing) {
            hold(data);
        }
    }

    /** Keeps bytes read while reading is held; past the head limit, stops reading until the hold ends. */
    private void hold(ByteBuffer data) {
        keepLeftover(data);
        if (leftover != null && leftover.remaining() > server.config().headLimits().maxBytes()) {
            transport.pauseReading();
        }
    }

    private void keepLeftover(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        int extra = data.remaining();
        if (leftover == null) {
            leftover = ByteBuffer.allocate(extra).put(data).flip();
        } else {
            ByteBuffer larger = ByteBuffer.allocate(leftover.remaining() + extra).put(leftover).put(data).flip();
            leftover = larger;
        }
    }

    /** Answers or upgrades for {@code head}; {@code rest} is what was read behind it. */
    private void dispatch(HttpRequestHead head, ByteBuffer rest) throws HandshakeException {
        ServerEndpoint route = server.routes().match(head.path());
        if (!ServerHandshake.isUpgradeRequest(head)) {
            beginHttp(head, route != null);
            return;
        }
        // Whatever follows the upgrade request is the WebSocket's, or nobody's: kept now, before
        // the verdict, which may come at once and start the session with it.
        holding = true;
        keepLeftover(rest);
        if (route == null) {
            refuse(404, "No WebSocket endpoint at " + head.path(), null);
            return;
        }
        InetSocketAddress peer = transport.remoteAddress();
        if (peer != null && !server.admitHandshake(peer.getAddress(), head.headers())) {
            refuse(429, "Too many handshakes from your address, try again later", RETRY_AFTER);
            return;
        }
        OpeningRequest request;
        try {
            request = ServerHandshake.check(head);
        } catch (HandshakeException refusal) {
            refuse(refusal.status(), refusal.getMessage(), refusal.headers());
            return;
        }
        HandshakeInfo info = new HandshakeInfo(head.path(), head.query(), head.headers(), transport.remoteAddress(),
                request.protocols(), transport.isSecure(), route.pattern().values(head.path()));
        ClientVerifier verifier = route.verifier();
        transport.pauseReading();
        Callbacks.Called<CompletionStage<Verdict>> verifying = Callbacks.call("verifyClient", false,
                () -> verifier.verify(info));
        if (verifying.failed()) {
            decide(route, request, info, null, verifying.failure());
            return;
        }
        // The stage is the application's too: registering on it goes through the boundary.
        Callbacks.Called<CompletionStage<Verdict>> waiting = Callbacks.call("verifyClient's stage", true,
                () -> verifying.value().whenComplete((verdict, error) ->
                        transport.loop().execute(() -> decide(route, request, info, verdict, error))));
        if (waiting.failed()) {
            decide(route, request, info, null, waiting.failure());
        }
    }

    private void decide(ServerEndpoint route, OpeningRequest request, HandshakeInfo info, Verdict verdict, Throwable error) {
        if (decided || transport.isClosed()) {
            return;
        }
        decided = true;
        if (error != null || verdict == null) {
            LOG.warn("verifyClient failed for " + describe(info.path()) + "; answered 500", error);
            refuse(500, "Internal Server Error", null);
            return;
        }
        HttpHeaders verdictHeaders = SecureCookies.forConnection(verdict.headers(), transport.isSecure());
        if (!verdict.accepted()) {
            refuse(verdict.status(), verdict.message(), verdictHeaders);
            return;
        }
        Endpoint endpoint = route.endpoint();
        ProtocolSelector selector = endpoint.selector() != null ? endpoint.selector() : server.config().selector();
        ExtensionNegotiation extensions = ExtensionNegotiation.serverSide(request.extensions(), server.config().extensions());
        Callbacks.Called<String> chosen = Callbacks.call("handleProtocols", true,
                () -> selector.select(request.protocols(), info));
        if (chosen.failed()) {
            LOG.warn("handleProtocols failed for " + describe(info.path()) + "; answered 500", chosen.failure());
            refuse(500, "Internal Server Error", null);
            return;
        }
        String protocol = chosen.value();
        byte[] response;
        try {
            response = ServerHandshake.accept(request, protocol, extensions.header(), verdictHeaders);
        } catch (IllegalArgumentException e) {
            LOG.warn("handleProtocols chose a subprotocol the client did not offer for " + describe(info.path())
                    + "; answered 500", e);
            refuse(500, "Internal Server Error", null);
            return;
        }
        upgraded = true;
        transport.loop().removeMember(this);
        server.handshakeEnded(this);
        HandshakeOutcome outcome = new HandshakeOutcome(requestUri(request.head()), protocol,
                extensions.elements(),
                request.head().headers(), extensions.newCodec(Role.SERVER), verdict.attachment());
        Executor executor = endpoint.executor() != null ? endpoint.executor() : server.config().executor();
        WebSocketSession session = new WebSocketSession(transport, Role.SERVER, route.settings(),
                endpoint.listener(), executor, outcome, null, server.broadcasterOf(transport.loop()));
        // Tracked before the 101 leaves, so that a shutdown racing the handshake still closes it.
        server.sessionOpened(session);
        transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(response), true);
        transport.resumeReading();
        session.start(leftover);
        leftover = null;
    }

    private URI requestUri(HttpRequestHead head) {
        String scheme = transport.isSecure() ? "wss" : "ws";
        for (String host : new String[] {head.headers().get("Host"), "localhost"}) {
            try {
                return new URI(scheme + "://" + host + head.target());
            } catch (URISyntaxException unparseable) {
                // A Host that is not one: try without it.
            }
        }
        try {
            // Quotes what a URI may not hold, so that the path, which the endpoint's values are
            // read from, survives a target that is not quite a URI.
            return new URI(scheme, "localhost", head.path(), head.query(), null);
        } catch (URISyntaxException unparseable) {
            return URI.create(scheme + "://localhost/");
        }
    }

    private void beginHttp(HttpRequestHead head, boolean webSocketPath) throws HandshakeException {
        RequestBodyReader reader = HttpRequests.begin(head, webSocketPath, server.config(), this);
        if (reader.isComplete()) {
            serve(reader);
        } else {
            body = reader;
        }
    }

    private void serve(RequestBodyReader complete) {
        ServerExchange current = new ServerExchange(this, complete.head());
        exchange = current;
        holding = true;
        InetSocketAddress peer = transport.remoteAddress();
        HttpRequest request = new HttpRequest(complete.head(), complete.body(), peer);
        if (peer != null) {
            InetAddress client = server.clientOf(peer.getAddress(), complete.head().headers());
            if (client != peer.getAddress()) {
                request = request.withClientAddress(client);
            }
        }
        HttpRequests.handle(server.config().http().handler(), request, current, complete.webSocketPath());
    }

    /**
     * The answer to the request being served is complete: read the next request, or close. Loop
     * thread.
     */
    void exchangeEnded(boolean keepOpen) {
        exchange = null;
        if (!keepOpen || server.isStopping()) {
            closing = true;
            // The last answer lingers until the client closes, for a handshake timeout at most.
            deadlineNanos = System.nanoTime() + server.config().handshakeTimeout().toNanos();
            transport.closeLingering();
            return;
        }
        holding = false;
        idle = true;
        deadlineNanos = System.nanoTime() + server.config().http().keepAliveTimeout().toNanos();
        if (reading) {
            return;
        }
        ByteBuffer pipelined = leftover;
        leftover = null;
        transport.resumeReading();
        if (pipelined != null) {
            read(pipelined);
        }
    }

    /**
     * Sends an HTTP response's head and body: every response this connection sends, an answer
     * or a refusal, leaves here, the one place that sees each status go out. Loop thread.
     */
    void send(int status, ByteBuffer head, ByteBuffer content) {
        if (exchange != null && status >= 200) {
            // An answer to a request; a refusal has no exchange (and is counted as one), 100 is interim.
            transport.loop().counters().answered(status);
        }
        transport.write(head, content, true);
    }

    /** Closes at once, dropping whatever is queued: for a client that does not read. Loop thread. */
    void drop() {
        transport.close(null);
    }

    /**
     * Ends the answer being sent where it stands and closes once what was written has gone, so
     * that the client sees it incomplete (a chunked answer without its last chunk, a shorter
     * body than declared) rather than complete. Loop thread.
     */
    void cutOff() {
        ServerExchange current = exchange;
        exchange = null;
        closing = true;
        if (current != null) {
            current.abort();
        }
        deadlineNanos = System.nanoTime() + server.config().handshakeTimeout().toNanos();
        transport.closeLingering();
    }

    EventLoop loop() {
        return transport.loop();
    }

    Transport transport() {
        return transport;
    }

    InetSocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    long maxBufferedBytes() {
        return server.config().session().maxBufferedBytes();
    }

    private void refuse(int status, String message, HttpHeaders headers) {
        transport.loop().counters().refused(status);
        closing = true;
        byte[] refusal = ServerHandshake.reject(status, message == null ? "" : message, headers);
        send(status, SocketTransport.EMPTY, ByteBuffer.wrap(refusal));
        transport.closeLingering();
    }

    /** The request path and the connection's name, for the log. */
    private String describe(String path) {
        return path + " from " + name();
    }

    /** The connection's name in the log: its short id and the client's address. */
    String name() {
        return ConnectionName.of(transport);
    }

    @Override
    public String toString() {
        return "connection " + name();
    }

    @Override
    public void onEof() {
        transport.close(null);
    }

    @Override
    public void onDrained() {
        if (exchange != null) {
            exchange.drained();
        }
    }

    @Override
    public void onClosed(IOException cause) {
        if (exchange != null) {
            exchange.abort();
        }
        if (!upgraded) {
            transport.loop().removeMember(this);
            server.handshakeEnded(this);
            server.connectionClosed(transport);
        }
    }

    /** Drops the connection: the server is stopping. Any thread. */
    void abort() {
        transport.loop().execute(() -> {
            if (!upgraded) {
                transport.close(null);
            }
        });
    }

    @Override
    void sweep(long now) {
        // While a request is answered the handler takes the time it needs (a long poll); a
        // client that leaves meanwhile is noticed by its end of stream.
        if (exchange != null) {
            return;
        }
        long queued = transport.queuedBytes();
        if (queued > 0 && queued != queuedAtLastSweep) {
            // A large answer is still going out, and the client is taking it: the timeout
            // counts from its last progress, not from the end of the answer.
            long timeout = (closing ? server.config().handshakeTimeout() : server.config().http().keepAliveTimeout()).toNanos();
            deadlineNanos = Math.max(deadlineNanos, now + timeout);
        }
        queuedAtLastSweep = queued;
        if (now - deadlineNanos > 0) {
            // The Slowloris defence: a client that has not finished its request in time is
            // dropped, and so is one that does not read the refusal or answer it was sent, or
            // sends nothing more on a kept-alive connection.
            transport.close(null);
        }
    }
}
