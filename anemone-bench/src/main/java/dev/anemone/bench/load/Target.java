package dev.anemone.bench.load;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Where the load goes: a WebSocket endpoint on this machine, the extension offer to make, and
 * whether to speak TLS to it.
 *
 * @param extensions the {@code Sec-WebSocket-Extensions} offer, or null for none
 * @param tls the client's TLS context (trusting the server's certificate), or null for plain TCP
 */
public record Target(String host, int port, String path, String extensions, SSLContext tls) {

    /** A plain-TCP target. */
    public Target(String host, int port, String path, String extensions) {
        this(host, port, path, extensions, null);
    }

    /**
     * A client engine for one connection, TLS 1.3 only. It is made without the peer's host and
     * port, so the JDK offers no session to resume: every connection pays a full handshake.
     */
    SSLEngine newEngine() {
        SSLEngine engine = tls.createSSLEngine();
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.3"});
        return engine;
    }
}
