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
     * The one TLS 1.3 suite the generators offer, so that every server runs the same cipher: the
     * JDK's servers pick by their own order and OpenSSL's by the client's, which left alone
     * would have Netty and uWebSockets on AES-256-GCM and Anemone on AES-128-GCM. The C
     * generator offers the same ({@code BENCH_CIPHER_SUITE} in its transport.h).
     */
    public static final String CIPHER_SUITE = "TLS_AES_128_GCM_SHA256";

    /**
     * A client engine for one connection, TLS 1.3 with {@link #CIPHER_SUITE} only. It is made
     * without the peer's host and port, so the JDK offers no session to resume: every connection
     * pays a full handshake.
     */
    SSLEngine newEngine() {
        SSLEngine engine = tls.createSSLEngine();
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.3"});
        engine.setEnabledCipherSuites(new String[] {CIPHER_SUITE});
        return engine;
    }
}
