package dev.anemone.interop;

import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.ProtocolSelector;
import dev.anemone.TlsOptions;
import dev.anemone.Verdict;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.DeflateOptions;
import java.net.URI;

/**
 * Our server as the peers meet it: an echoing, recording endpoint at {@code /echo} that supports
 * {@link Scenarios#PROTOCOL}, and {@code /forbidden}, whose verifier refuses everyone with 403.
 */
final class OurServer implements AutoCloseable {

    private final EventLog events = new EventLog("our server");
    private final WebSocketServer server;
    private final boolean secure;

    /** Without compression. */
    OurServer() {
        this(null);
    }

    /** Accepting permessage-deflate with {@code compression}, or not at all when it is null. */
    OurServer(DeflateOptions compression) {
        this(compression, null);
    }

    /** With compression as above, over TLS with {@code tls} when it is not null. */
    OurServer(DeflateOptions compression, TlsOptions tls) {
        this.secure = tls != null;
        server = WebSocketServer.builder()
                .tls(tls)
                .host("127.0.0.1")
                .port(0)
                .eventLoops(2)
                .perMessageDeflate(compression)
                .handleProtocols(ProtocolSelector.supported(Scenarios.PROTOCOL))
                .endpoint("/echo", Endpoint.of(new Recorder(events, true)).keepingHandshakeHeaders())
                .endpoint("/forbidden", Endpoint.of(new Recorder(events, true))
                        .withVerifier(ClientVerifier.sync(info -> Verdict.reject(403))))
                .start();
    }

    EventLog events() {
        return events;
    }

    WebSocketServer server() {
        return server;
    }

    URI uri(String path) {
        return URI.create((secure ? "wss" : "ws") + "://127.0.0.1:" + server.port() + path);
    }

    @Override
    public void close() {
        server.close();
    }
}
