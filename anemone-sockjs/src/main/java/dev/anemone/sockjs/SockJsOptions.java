package dev.anemone.sockjs;

import java.time.Duration;
import java.util.Objects;

/**
 * A SockJS service's settings, every one with the default sockjs-node 0.3 uses or a safe bound.
 * Immutable; made with {@link #builder()}, changed with {@link #toBuilder()}.
 *
 * @param heartbeat how often an {@code h} frame goes to a client that has a receiving request
 *     open (default 25 s), so that proxies do not close an idle response
 * @param disconnectDelay how long a session lives without a receiving request before it is closed
 *     (default 5 s): a polling client comes back within it
 * @param responseLimit bytes a streaming response carries before it is ended and the client opens
 *     a new one (default 128 KiB), so that a browser does not keep an ever-growing response
 * @param websocket whether the WebSocket transports are offered ({@code /info} says so; default true)
 * @param jsessionid whether every transport response sets {@code JSESSIONID} (the client's own,
 *     or {@code dummy}) for load balancers that stick sessions by it (default false)
 * @param sockjsUrl where the iframe page loads the SockJS client from
 * @param maxQueuedMessages messages a session holds for a client that is not receiving, and
 *     messages it holds for a paused application; past it the session closes with 1008 (default 1024)
 * @param maxSendBodySize the largest {@code xhr_send} or {@code jsonp_send} body in bytes; a larger
 *     one gets 413 (default 256 KiB; the server's {@code maxRequestBodySize} bounds it first)
 * @param maxSessionsPerAddress sessions open at once from one client address; past it a new
 *     session gets 503 (default 64). Behind a reverse proxy the server trusts
 *     ({@code trustedProxies}), the client is the address the proxy forwards
 *     ({@link dev.anemone.HttpRequest#clientAddress()}), not the proxy
 */
public record SockJsOptions(Duration heartbeat, Duration disconnectDelay, int responseLimit, boolean websocket,
                            boolean jsessionid, String sockjsUrl, int maxQueuedMessages, int maxSendBodySize,
                            int maxSessionsPerAddress) {

    /** Where sockjs-node's iframe page loads the client from by default. */
    public static final String DEFAULT_SOCKJS_URL = "https://cdn.jsdelivr.net/npm/sockjs-client@1/dist/sockjs.min.js";

    /** Checks every setting. */
    public SockJsOptions {
        requirePositive(heartbeat, "heartbeat");
        requirePositive(disconnectDelay, "disconnectDelay");
        Objects.requireNonNull(sockjsUrl, "sockjsUrl");
        requirePositive(responseLimit, "responseLimit");
        requirePositive(maxQueuedMessages, "maxQueuedMessages");
        requirePositive(maxSendBodySize, "maxSendBodySize");
        requirePositive(maxSessionsPerAddress, "maxSessionsPerAddress");
    }

    /** The defaults. */
    public static SockJsOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.heartbeat = heartbeat;
        builder.disconnectDelay = disconnectDelay;
        builder.responseLimit = responseLimit;
        builder.websocket = websocket;
        builder.jsessionid = jsessionid;
        builder.sockjsUrl = sockjsUrl;
        builder.maxQueuedMessages = maxQueuedMessages;
        builder.maxSendBodySize = maxSendBodySize;
        builder.maxSessionsPerAddress = maxSessionsPerAddress;
        return builder;
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    /** Collects the settings; see {@link SockJsOptions} for what each means. */
    public static final class Builder {
        private Duration heartbeat = Duration.ofSeconds(25);
        private Duration disconnectDelay = Duration.ofSeconds(5);
        private int responseLimit = 128 * 1024;
        private boolean websocket = true;
        private boolean jsessionid;
        private String sockjsUrl = DEFAULT_SOCKJS_URL;
        private int maxQueuedMessages = 1024;
        private int maxSendBodySize = 256 * 1024;
        private int maxSessionsPerAddress = 64;

        private Builder() {
        }

        /** How often a heartbeat frame goes out (default 25 s). */
        public Builder heartbeat(Duration value) {
            heartbeat = value;
            return this;
        }

        /** How long a session lives without a receiving request (default 5 s). */
        public Builder disconnectDelay(Duration value) {
            disconnectDelay = value;
            return this;
        }

        /** Bytes a streaming response carries before it is recycled (default 128 KiB). */
        public Builder responseLimit(int bytes) {
            responseLimit = bytes;
            return this;
        }

        /** Whether the WebSocket transports are offered (default true). */
        public Builder websocket(boolean value) {
            websocket = value;
            return this;
        }

        /** Whether transport responses set the {@code JSESSIONID} cookie (default false). */
        public Builder jsessionid(boolean value) {
            jsessionid = value;
            return this;
        }

        /** Where the iframe page loads the SockJS client from. */
        public Builder sockjsUrl(String value) {
            sockjsUrl = value;
            return this;
        }

        /** Messages a session queues each way (default 1024). */
        public Builder maxQueuedMessages(int value) {
            maxQueuedMessages = value;
            return this;
        }

        /** The largest send body in bytes (default 256 KiB). */
        public Builder maxSendBodySize(int bytes) {
            maxSendBodySize = bytes;
            return this;
        }

        /** Sessions open at once from one address (default 64). */
        public Builder maxSessionsPerAddress(int value) {
            maxSessionsPerAddress = value;
            return this;
        }

        /** The settings. */
        public SockJsOptions build() {
            return new SockJsOptions(heartbeat, disconnectDelay, responseLimit, websocket, jsessionid, sockjsUrl,
                    maxQueuedMessages, maxSendBodySize, maxSessionsPerAddress);
        }
    }
}
