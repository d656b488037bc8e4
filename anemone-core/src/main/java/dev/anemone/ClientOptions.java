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
 * timeouts and limits. Made the way a server is: {@link #builder()}, a call per setting (named as on
 * {@link WebSocketServer.Builder} where the setting is the same), then {@link Builder#build()};
 * {@link #defaults()} when nothing needs changing, {@link #toBuilder()} to start from other options.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *         .protocols("chat")
 *         .header("Origin", "https://example.com")
 *         .perMessageDeflate(DeflateOptions.defaults())
 *         .build();
 * }</pre>
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
        return builder().build();
    }

    /** A builder starting from the {@linkplain #defaults() defaults}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Collects client options; not thread-safe, and each {@link #build()} takes a snapshot. The
     * settings a server has too (message limits, send buffer, compression, executor) come from
     * {@link ConnectionBuilder}, under the same names.
     */
    public static final class Builder extends ConnectionBuilder<Builder> {

        private List<String> protocols = List.of();
        private final HttpHeaders headers = new HttpHeaders();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private ClientTls tls = ClientTls.systemTrust();

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        private Builder(ClientOptions from) {
            protocols = from.protocols;
            headers.addAll(from.headers);
            connectTimeout = from.connectTimeout;
            handshakeTimeout = from.handshakeTimeout;
            engine = from.engine;
            maxBufferedBytes = from.maxBufferedBytes;
            policy = from.policy;
            compression = from.compression;
            executor = from.executor;
            maxPendingMessages = from.maxPendingMessages;
            tls = from.tls;
        }

        /** Offers these subprotocols, most preferred first (default: none). */
        public Builder protocols(String... offered) {
            protocols = List.of(offered);
            return this;
        }

        /** Adds a request header (Origin, Cookie, Authorization...). */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** How long the TCP connection may take (default 10 s). */
        public Builder connectTimeout(Duration value) {
            connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /** How long the server may take to answer the handshake (default 10 s). */
        public Builder handshakeTimeout(Duration value) {
            handshakeTimeout = Objects.requireNonNull(value, "handshakeTimeout");
            return this;
        }

        /** Whom {@code wss://} connections trust (default {@link ClientTls#systemTrust()}). */
        public Builder tls(ClientTls trust) {
            tls = Objects.requireNonNull(trust, "tls");
            return this;
        }

        /**
         * Trusts the certificates of a PEM file (a private CA, or a development certificate)
         * instead of the JDK's authorities on {@code wss://}; see {@link ClientTls#trusting(Path)}.
         */
        public Builder trustedCertificates(Path pemCertificates) {
            return tls(ClientTls.trusting(pemCertificates));
        }

        /** Trusts {@code trustStore}'s certificates on {@code wss://}; see {@link ClientTls#trusting(KeyStore)}. */
        public Builder trustStore(KeyStore trustStore) {
            return tls(ClientTls.trusting(trustStore));
        }

        /**
         * Checks <b>nothing at all of the server's certificate or host name</b> on {@code wss://}:
         * for a development server only, never in production. See
         * {@link ClientTls#insecureTrustAllCertificates()}.
         */
        public Builder insecureTrustAllCertificates() {
            return tls(ClientTls.insecureTrustAllCertificates());
        }

        /** The options as set so far. */
        public ClientOptions build() {
            return new ClientOptions(protocols, new HttpHeaders().addAll(headers), connectTimeout, handshakeTimeout,
                    engine, maxBufferedBytes, policy, compression, executor, maxPendingMessages, tls);
        }
    }
}
