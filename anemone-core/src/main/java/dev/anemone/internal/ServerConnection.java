package dev.anemone.internal;

import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.HandshakeInfo;
import dev.anemone.HttpRequest;
import dev.anemone.HttpResponse;
import dev.anemone.ProtocolSelector;
import dev.anemone.Verdict;
import dev.anemone.protocol.ExtensionNegotiation;
import dev.anemone.protocol.HandshakeException;
import dev.anemone.protocol.HttpHeadParser;
import dev.anemone.protocol.HttpHeadWriter;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.HttpRequestHead;
import dev.anemone.protocol.OpeningRequest;
import dev.anemone.protocol.Role;
import dev.anemone.protocol.ServerHandshake;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A server connection before it is a WebSocket: reads the request head, then either answers it as
 * plain HTTP, refuses it with a precise status, or completes the upgrade and hands the socket to
 * a {@link WebSocketSession}. A client that has not finished its head by the handshake timeout
 * is dropped (the Slowloris defence).
 */
final class ServerConnection extends Sweepable implements TransportHandler {

    private static final Log LOG = Log.of(ServerConnection.class);

    private final ServerRuntime server;
    private final HttpHeadParser parser;
    private final long deadlineNanos;
    private Transport transport;
    private ByteBuffer leftover;
    private boolean headDone;
    private boolean upgraded;
    /** The verifier's answer was acted on; a stage that completes twice is heard once. */
    private boolean decided;

    ServerConnection(ServerRuntime server) {
        this.server = server;
        this.parser = new HttpHeadParser(server.config().headLimits());
        this.deadlineNanos = System.nanoTime() + server.config().handshakeTimeout().toNanos();
    }

    void attach(Transport connectionTransport) {
        this.transport = connectionTransport;
        server.handshakeStarted(this);
        transport.loop().addMember(this, SessionSettings.clampSweep(server.config().handshakeTimeout().toNanos() / 4));
    }

    @Override
    public void onData(ByteBuffer data) {
        if (headDone) {
            // Bytes behind the head while an asynchronous verifier runs: keep them for the session.
            keepLeftover(data);
            return;
        }
        try {
            if (!parser.feed(data)) {
                return;
            }
            headDone = true;
            keepLeftover(data);
            dispatch(parser.request());
        } catch (HandshakeException refusal) {
            headDone = true;
            refuse(refusal.status(), refusal.getMessage(), refusal.headers());
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

    private void dispatch(HttpRequestHead head) {
        Endpoint endpoint = server.config().endpoints().get(head.path());
        if (!ServerHandshake.isUpgradeRequest(head)) {
            serveHttp(head, endpoint != null);
            return;
        }
        if (endpoint == null) {
            refuse(404, "No WebSocket endpoint at " + head.path(), null);
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
                request.protocols());
        ClientVerifier verifier = endpoint.verifier() != null ? endpoint.verifier() : server.config().verifier();
        transport.pauseReading();
        Callbacks.Called<CompletionStage<Verdict>> verifying = Callbacks.call("verifyClient", false,
                () -> verifier.verify(info));
        if (verifying.failed()) {
            decide(endpoint, request, info, null, verifying.failure());
            return;
        }
        // The stage is the application's too: registering on it goes through the boundary.
        Callbacks.Called<CompletionStage<Verdict>> waiting = Callbacks.call("verifyClient's stage", true,
                () -> verifying.value().whenComplete((verdict, error) ->
                        transport.loop().execute(() -> decide(endpoint, request, info, verdict, error))));
        if (waiting.failed()) {
            decide(endpoint, request, info, null, waiting.failure());
        }
    }

    private void decide(Endpoint endpoint, OpeningRequest request, HandshakeInfo info, Verdict verdict, Throwable error) {
        if (decided || transport.isClosed()) {
            return;
        }
        decided = true;
        if (error != null || verdict == null) {
            LOG.warn("verifyClient failed for " + describe(info.path()) + "; answered 500", error);
            refuse(500, "Internal Server Error", null);
            return;
        }
        if (!verdict.accepted()) {
            refuse(verdict.status(), verdict.message(), verdict.headers());
            return;
        }
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
            response = ServerHandshake.accept(request, protocol, extensions.header(), verdict.headers());
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
        WebSocketSession session = new WebSocketSession(transport, Role.SERVER, server.sessionSettings(info.path()),
                endpoint.listener(), executor, outcome, null, server.broadcasterOf(transport.loop()),
                server.onSessionClosed);
        // Tracked before the 101 leaves, so that a shutdown racing the handshake still closes it.
        server.sessionOpened(session);
        transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(response), true);
        transport.resumeReading();
        session.start(leftover);
        leftover = null;
    }

    private URI requestUri(HttpRequestHead head) {
        try {
            return new URI("ws://" + head.headers().get("Host") + head.target());
        } catch (URISyntaxException unparseable) {
            return URI.create("ws://localhost/");
        }
    }

    private void serveHttp(HttpRequestHead head, boolean isWebSocketPath) {
        HttpResponse response;
        if (server.config().http() != null) {
            HttpRequest request = new HttpRequest(head, transport.remoteAddress());
            Callbacks.Called<HttpResponse> handled = Callbacks.call("the HTTP handler", false,
                    () -> server.config().http().handle(request));
            if (handled.failed()) {
                LOG.warn("the HTTP handler failed on " + head.method() + " " + describe(head.path()) + "; answered 500",
                        handled.failure());
                response = HttpResponse.text(500, "Internal Server Error");
            } else {
                response = handled.value();
            }
        } else {
            response = DefaultHttp.answer(isWebSocketPath);
        }
        transport.loop().counters().answered(response.status());
        byte[] headBytes = new HttpHeadWriter("HTTP/1.1 " + response.status() + " " + HttpHeadWriter.reasonPhrase(response.status()))
                .fields(response.headers())
                .field("Content-Length", Integer.toString(response.body().length))
                .field("Connection", "close")
                .toBytes();
        boolean headOnly = head.method().equals("HEAD");
        ByteBuffer body = headOnly ? SocketTransport.EMPTY : ByteBuffer.wrap(response.body());
        transport.write(ByteBuffer.wrap(headBytes), body, true);
        transport.closeLingering();
    }

    private void refuse(int status, String message, HttpHeaders headers) {
        transport.loop().counters().refused(status);
        byte[] refusal = ServerHandshake.reject(status, message == null ? "" : message, headers);
        transport.write(SocketTransport.EMPTY, ByteBuffer.wrap(refusal), true);
        transport.closeLingering();
    }

    /** The request path and the connection's name, for the log. */
    private String describe(String path) {
        return path + " from " + ConnectionName.of(transport);
    }

    @Override
    public String toString() {
        return "connection " + ConnectionName.of(transport) + " before its upgrade";
    }

    @Override
    public void onEof() {
        transport.close(null);
    }

    @Override
    public void onClosed(IOException cause) {
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
        if (now - deadlineNanos > 0) {
            // The Slowloris defence: a client that has not finished its handshake in time is
            // dropped, and so is one that does not read the refusal it was sent.
            transport.close(null);
        }
    }
}
