package dev.anemone;

import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.EngineConfig;
import dev.anemone.protocol.HttpHeaders;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How a client connects: subprotocols to offer, extra headers (Origin, Cookie, Authorization...),
 * timeouts and limits. Start from {@link #defaults()} and change what you need.
 *
 * @param protocols subprotocols to offer, most preferred first
 * @param headers extra request headers
 * @param connectTimeout how long the TCP connection may take (default 10 s)
 * @param handshakeTimeout how long the server may take to answer the handshake (default 10 s)
 * @param engine message size limit, fragment size, close timeout
 * @param maxBufferedBytes the most bytes queued for sending before {@code policy} applies (default 16 MiB)
 * @param policy what happens past {@code maxBufferedBytes} (default: close with 1008)
 * @param compression permessage-deflate to offer, or null for none (default)
 * @param executor where the listener's callbacks run, or null for the client's event loop (default);
 *     see {@link WebSocketServer.Builder#executor}
 * @param maxPendingMessages with an executor, how many received messages may wait for it before
 *     reading pauses (default 64)
 * @param tls whom {@code wss://} connections trust (default: the JDK's authorities, with the host
 *     name checked; see {@link ClientTls})
 */
public record ClientOptions(List<String> protocols, HttpHeaders headers, Duration connectTimeout,
                            Duration handshakeTimeout, EngineConfig engine, long maxBufferedBytes,
                            BackpressurePolicy policy, DeflateOptions compression, Executor executor,
                            int maxPendingMessages, ClientTls tls) {

    /** Copies the list of protocols and checks the limits. */
    public ClientOptions {
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(tls, "tls: use ClientTls.systemTrust() for the default");
        if (maxPendingMessages < 1) {
            throw new IllegalArgumentException("maxPendingMessages is at least 1: " + maxPendingMessages);
        }
    }

    /** No subprotocols, no extra headers, 10 s timeouts, the engine's default limits. */
    public static ClientOptions defaults() {
        return new ClientOptions(List.of(), new HttpHeaders(), Duration.ofSeconds(10), Duration.ofSeconds(10),
                EngineConfig.defaults(), 16L * 1024 * 1024, BackpressurePolicy.CLOSE, null, null, 64, ClientTls.systemTrust());
    }

    /** The same options offering these subprotocols. */
    public ClientOptions withProtocols(String... offered) {
        return new ClientOptions(List.of(offered), headers, connectTimeout, handshakeTimeout, engine, maxBufferedBytes, policy, compression, executor, maxPendingMessages, tls);
    }

    /** The same options with one more request header. */
    public ClientOptions withHeader(String name, String value) {
        HttpHeaders more = new HttpHeaders().addAll(headers).add(name, value);
        return new ClientOptions(protocols, more, connectTimeout, handshakeTimeout, engine, maxBufferedBytes, policy, compression, executor, maxPendingMessages, tls);
    }

    /** The same options with other timeouts. */
    public ClientOptions withTimeouts(Duration connect, Duration handshake) {
        return new ClientOptions(protocols, headers, connect, handshake, engine, maxBufferedBytes, policy, compression, executor, maxPendingMessages, tls);
    }

    /** The same options with other engine limits. */
    public ClientOptions withEngine(EngineConfig config) {
        return new ClientOptions(protocols, headers, connectTimeout, handshakeTimeout, config, maxBufferedBytes, policy, compression, executor, maxPendingMessages, tls);
    }

    /** The same options offering permessage-deflate with {@code options} (null: none). */
    public ClientOptions withPerMessageDeflate(DeflateOptions options) {
        return new ClientOptions(protocols, headers, connectTimeout, handshakeTimeout, engine, maxBufferedBytes, policy, options, executor, maxPendingMessages, tls);
    }

    /** The same options with another send buffer limit and policy. */
    public ClientOptions withMaxBufferedBytes(long bytes, BackpressurePolicy whenFull) {
        return new ClientOptions(protocols, headers, connectTimeout, handshakeTimeout, engine, bytes, whenFull, compression, executor, maxPendingMessages, tls);
    }

    /** The same options with the callbacks on {@code callbackExecutor} (null: on the event loop). */
    public ClientOptions withExecutor(Executor callbackExecutor) {
        return new ClientOptions(protocols, headers, connectTimeout, handshakeTimeout, engine, maxBufferedBytes, policy,
                compression, callbackExecutor, maxPendingMessages, tls);
    }

    /** The same options with another limit on messages waiting for the executor. */
    public ClientOptions withMaxPendingMessages(int messages) {
        return new ClientOptions(protocols, headers, connectTimeout, handshakeTimeout, engine, maxBufferedBytes, policy,
                compression, executor, messages, tls);
    }

    /** The same options with {@code wss://} connections trusting as {@code trust} says. */
    public ClientOptions withTls(ClientTls trust) {
        return new ClientOptions(protocols, headers, connectTimeout, handshakeTimeout, engine, maxBufferedBytes, policy,
                compression, executor, maxPendingMessages, Objects.requireNonNull(trust));
    }

    /**
     * The same options with {@code wss://} connections trusting the certificates of a PEM file
     * (a private CA, or a development certificate) instead of the JDK's authorities; see
     * {@link ClientTls#trusting(Path)}.
     */
    public ClientOptions withTrustedCertificates(Path pemCertificates) {
        return withTls(ClientTls.trusting(pemCertificates));
    }

    /** The same options with {@code wss://} connections trusting {@code trustStore}'s certificates; see {@link ClientTls#trusting(KeyStore)}. */
    public ClientOptions withTrustStore(KeyStore trustStore) {
        return withTls(ClientTls.trusting(trustStore));
    }

    /**
     * The same options with <b>no check at all of the server's certificate or host name</b> on
     * {@code wss://} connections: for a development server only, never in production. See
     * {@link ClientTls#insecureTrustAllCertificates()}.
     */
    public ClientOptions insecureTrustAllCertificates() {
        return withTls(ClientTls.insecureTrustAllCertificates());
    }
}
