package dev.anemone;

import dev.anemone.internal.AdmissionLimits;
import dev.anemone.internal.HttpSettings;
import dev.anemone.internal.ReceiveLimit;
import dev.anemone.internal.TrustedProxies;
import dev.anemone.internal.MetricsRoute;
import dev.anemone.internal.Routes;
import dev.anemone.internal.ServerConfig;
import dev.anemone.internal.ServerRuntime;
import dev.anemone.internal.SessionSettings;
import dev.anemone.internal.ShutdownHook;
import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.EngineConfig;
import dev.anemone.protocol.HeadLimits;
import dev.anemone.protocol.Opcode;
import dev.anemone.protocol.PerMessageDeflate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket server in the manner of Node's {@code ws}: endpoints by path pattern, a client
 * verifier, a subprotocol selector, tracked clients, broadcast, topics, heartbeat, timers, and
 * plain HTTP on the same port.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder()
 *         .port(8080)
 *         .endpoint("/echo", new WebSocketListener() {
 *             public void onText(WebSocket socket, String text) { socket.send(text); }
 *         })
 *         .http(StaticFiles.fromFolder(Path.of("www")))
 *         .stopOnShutdown(Duration.ofSeconds(5))
 *         .start();
 * server.awaitTermination();   // start() returns at once, and the event loops are daemon threads
 * }</pre>
 */
public final class WebSocketServer implements AutoCloseable {

    private final ServerRuntime runtime;

    private WebSocketServer(ServerConfig config) {
        // The runtime knows its server before any connection can arrive: a listener's
        // socket.server() sees it from the very first onOpen.
        this.runtime = new ServerRuntime(config, this);
    }

    /** A builder with safe defaults for every limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (the one picked, when built with port 0). */
    public int port() {
        return runtime.port();
    }

    /**
     * What the event loops wait on: {@link IoBackend#NIO} or {@link IoBackend#EPOLL}, which is how
     * {@link IoBackend#AUTO} turned out.
     */
    public IoBackend ioBackend() {
        return runtime.ioBackend();
    }

    /** The open connections, across all endpoints: a live, unmodifiable, thread-safe view. */
    public Set<WebSocket> clients() {
        return runtime.clients();
    }

    /**
     * The open connections of one endpoint, named by the pattern it was declared with (a trailing
     * slash does not matter): {@code clients("/chat/{room}")}. A live, unmodifiable view, safe to
     * use from any thread and weakly consistent like {@link #clients()}: it shows the connections
     * open as it is walked, and never throws {@code ConcurrentModificationException}. It keeps no
     * set of its own, so walking it, or asking its size, walks all the server's connections; copy
     * it ({@code List.copyOf}) for a snapshot.
     *
     * @throws IllegalArgumentException when no endpoint was declared with {@code endpointPattern}
     */
    public Set<WebSocket> clients(String endpointPattern) {
        return runtime.clients(endpointPattern);
    }

    /**
     * Sends a text message to every open client; the frame is encoded once (and compressed once,
     * see {@link #publish(String, String)}). Any thread.
     */
    public void broadcast(String text) {
        broadcast(text, Recipients.all());
    }

    /** Sends a binary message of {@code data}'s remaining bytes to every open client; see {@link #broadcast(String)}. */
    public void broadcast(ByteBuffer data) {
        broadcast(data, Recipients.all());
    }

    /**
     * Sends a text message to the open clients {@code recipients} picks: one endpoint's, all but
     * the sender, those a filter accepts. The frame is encoded once; each event loop walks its
     * own connections. Messages broadcast or published from one thread arrive in that order.
     * Any thread.
     *
     * @throws IllegalArgumentException when {@code recipients} names an endpoint the server does not have
     */
    public void broadcast(String text, Recipients recipients) {
        Objects.requireNonNull(text, "nothing to broadcast: the message is null");
        broadcast(Opcode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), recipients);
    }

    /** Sends a binary message of {@code data}'s remaining bytes to the open clients {@code recipients} picks; see {@link #broadcast(String, Recipients)}. */
    public void broadcast(ByteBuffer data, Recipients recipients) {
        Objects.requireNonNull(data, "nothing to broadcast: the message is null");
        broadcast(Opcode.BINARY, data, recipients);
    }

    private void broadcast(int opcode, ByteBuffer payload, Recipients recipients) {
        runtime.broadcast(opcode, payload, recipients.endpointPath(), recipients.excluded(), recipients.filter());
    }

    /**
     * Publishes a text message to every subscriber of {@code topic} (see {@link WebSocket#subscribe}),
     * in the manner of uWebSockets' pub/sub. Any thread.
     *
     * <p>The frame is encoded once and handed once to each event loop, which walks only its own
     * subscribers: a publish costs its subscribers, not the server's clients. With
     * permessage-deflate it is compressed once for every subscriber that compresses without
     * context takeover (the default); a subscriber keeping a context gets it uncompressed, as the
     * protocol allows, rather than costing a compression each. Messages published from one thread
     * reach every subscriber in that order. A subscriber whose send buffer is full is treated by its
     * connection's {@link BackpressurePolicy}: closed with 1008, or the message is dropped for it
     * alone (its {@code onError} hears of it); the others are not held up.
     */
    public void publish(String topic, String text) {
        runtime.topics().publish(topic, text, null);
    }

    /** Publishes a binary message of {@code data}'s remaining bytes to every subscriber of {@code topic}; see {@link #publish(String, String)}. */
    public void publish(String topic, ByteBuffer data) {
        runtime.topics().publish(topic, data, null);
    }

    /** The topics that have a subscriber now, as a live unmodifiable view. */
    public Set<String> topics() {
        return runtime.topics().topics();
    }

    /** How many connections subscribe to {@code topic} now. */
    public int subscriberCount(String topic) {
        return runtime.topics().subscriberCount(topic);
    }

    /**
     * What the server has done since it started: connections, messages and bytes each way,
     * refusals, buffered bytes. An immutable snapshot, added up from what each event loop counted
     * as it went; cheap enough to take on every scrape, from any thread.
     */
    public ServerMetrics metrics() {
        return runtime.metrics();
    }

    /**
     * Runs {@code task} once after {@code delay} on one of the server's event loops, until the
     * server stops; see {@link #scheduleAtFixedRate}.
     *
     * @throws IllegalArgumentException for a negative delay
     */
    public ScheduledTask schedule(Duration delay, Runnable task) {
        return runtime.timers().schedule(delay, null, task);
    }

    /**
     * Runs {@code task} after {@code initialDelay} and then every {@code period} on one of the
     * server's event loops, until it is cancelled or the server stops (a task scheduled after
     * {@link #stop} never runs). It runs on the loop, so it must not block: a ticker that
     * broadcasts or walks {@link #clients()} is what it is for. What it throws is logged and that
     * task is not run again; nothing else notices. Runs fall due as for
     * {@link WebSocket#scheduleAtFixedRate}. Safe from any thread.
     *
     * @throws IllegalArgumentException for a negative delay or a period that is not positive
     */
    public ScheduledTask scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
        return runtime.timers().schedule(initialDelay, Objects.requireNonNull(period, "period"), task);
    }

    /**
     * Shuts down gracefully: cancels the server's timers, stops accepting, closes every
     * connection with 1001, waits up to {@code grace} for their closing handshakes, then drops
     * what is left and stops the event loops. The future completes when all that is done. A
     * second call starts nothing and completes with the first.
     */
    public CompletableFuture<Void> stop(Duration grace) {
        return runtime.stop(grace);
    }

    /** The running server, for tests in this package. */
    ServerRuntime runtime() {
        return runtime;
    }

    /**
     * Blocks until the server has stopped: by {@link #stop}, {@link #close()}, or the shutdown
     * hook of {@link Builder#stopOnShutdown}. This is what {@code main} calls after
     * {@link Builder#start()}, which returns at once while the server runs on daemon threads.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitTermination() throws InterruptedException {
        try {
            runtime.terminated().get();
        } catch (ExecutionException cannotHappen) {
            throw new IllegalStateException("stopping never fails", cannotHappen);
        }
    }

    /**
     * Blocks until the server has stopped or {@code timeout} has passed; see
     * {@link #awaitTermination()}.
     *
     * @return true if the server stopped, false if the time ran out first
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        try {
            runtime.terminated().get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException notYet) {
            return false;
        } catch (ExecutionException cannotHappen) {
            throw new IllegalStateException("stopping never fails", cannotHappen);
        }
    }

    /** Stops with a 5-second grace period and waits for it. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5)).join();
    }

    /** Collects a server's settings. Every limit starts at a safe default. */
    public static final class Builder extends ConnectionBuilder<Builder> {
        private String host = "0.0.0.0";
        private int port = 8080;
        private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        private ClientVerifier verifier = ClientVerifier.acceptAll();
        private ProtocolSelector selector = ProtocolSelector.firstOffered();
        private HttpHandler http;
        private long maxRequestBodySize = 1024 * 1024;
        private Duration keepAliveTimeout = Duration.ofSeconds(30);
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private IoBackend ioBackend;
        private Duration heartbeat = Duration.ZERO;
        private Duration idleTimeout = Duration.ZERO;
        private HeadLimits headLimits = HeadLimits.defaults();
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private int maxConnections = 50_000;
        private int maxConnectionsPerAddress = 1024;
        private int connectionsPerSecondPerAddress = 1000;
        private int handshakesPerSecondPerAddress = 1000;
        private TrustedProxies trustedProxies = TrustedProxies.NONE;
        private int messagesPerSecond = 100_000;
        private long bytesPerSecond = 256L * 1024 * 1024;
        private int acceptBacklog = 4096;
        private TlsOptions tls;
        private String metricsPath;
        private Duration shutdownGrace;
        private final List<PublishObserver> publishObservers = new ArrayList<>();
        private final List<Runnable> stopActions = new ArrayList<>();

        @Override
        Builder self() {
            return this;
        }

        private Builder() {
        }

        /** The address to listen on (default all interfaces). */
        public Builder host(String value) {
            host = Objects.requireNonNull(value);
            return this;
        }

        /** The port (default 8080; 0 picks a free one, see {@link WebSocketServer#port()}). */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** Serves WebSocket connections at the paths {@code pattern} matches with {@code listener}; see {@link #endpoint(String, Endpoint)}. */
        public Builder endpoint(String pattern, WebSocketListener listener) {
            return endpoint(pattern, Endpoint.of(listener));
        }

        /**
         * Serves WebSocket connections at the paths {@code pattern} matches, with the endpoint's
         * own verifier, selector or executor. A pattern is one of:
         * <ul>
         * <li>exact: {@code /echo};
         * <li>a template: {@code /chat/{room}}, where each {@code {name}} is a whole segment and
         *     matches one non-empty segment; the values are {@link WebSocket#pathParam} and
         *     {@link HandshakeInfo#pathParams}, percent-decoded;
         * <li>a prefix: {@code /files/*} matches {@code /files} and every path below it; the rest
         *     of the path is {@code pathParam("*")}. {@code /*} matches every path.
         * </ul>
         * One trailing slash is ignored, in patterns and in requests: {@code /echo/} and
         * {@code /echo} are the same path. The query is not part of the match. Literal segments
         * compare case-sensitively with the path as requested (percent-encoded). When several
         * patterns match, an exact one wins over a template, and a template over a prefix; among
         * templates, the one whose segments from the left stay literal the longest
         * ({@code /chat/lobby/{x}} before {@code /chat/{room}/{x}}), then the one declared first;
         * among prefixes, the longest. Declaring a pattern again replaces its endpoint.
         *
         * @throws IllegalArgumentException for a pattern that does not start with '/', has a
         *     query, a variable that is not a whole segment or is named twice, or a '*' that is
         *     not the whole last segment of a pattern without variables
         */
        public Builder endpoint(String pattern, Endpoint endpoint) {
            endpoints.put(Routes.checkPattern(pattern), Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /**
         * Who may connect to any endpoint (default: everyone). An endpoint's own verifier
         * ({@link Endpoint#withVerifier}) is asked after this one has accepted, so both must
         * accept. Browsers should meet {@link ClientVerifier#allowOrigins}: without it, any page
         * the user visits may open a WebSocket here with the user's cookies.
         */
        public Builder verifyClient(ClientVerifier value) {
            verifier = Objects.requireNonNull(value);
            return this;
        }

        /** How subprotocols are chosen, for endpoints without their own (default: the client's first). */
        public Builder handleProtocols(ProtocolSelector value) {
            selector = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Answers plain HTTP requests on the same port (default: 426 on endpoint paths, 404
         * elsewhere); {@link HttpRoutes} routes them by method and path. Connections are kept
         * alive between requests (HTTP/1.1's default), and a later request on one may be an
         * upgrade to WebSocket.
         */
        public Builder http(HttpHandler value) {
            http = value;
            return this;
        }

        /**
         * The largest request body read, in bytes (default 1 MiB): a request that declares more
         * gets 413 before its body is read, and a chunked one as soon as its chunks pass it.
         * Bodies are held in memory whole, so this bounds what each connection can cost.
         */
        public Builder maxRequestBodySize(long bytes) {
            if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxRequestBodySize is 0 to 2 GiB: " + bytes);
            }
            maxRequestBodySize = bytes;
            return this;
        }

        /**
         * How long a kept-alive HTTP connection may wait for its next request before it is closed
         * (default 30 s). The request itself then has the {@link #handshakeTimeout} to arrive.
         */
        public Builder keepAliveTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("keepAliveTimeout is positive: " + value);
            }
            keepAliveTimeout = value;
            return this;
        }

        /** How many event loops (default: one per core). */
        public Builder eventLoops(int value) {
            eventLoops = value;
            return this;
        }

        /**
         * What the event loops wait on (default: what the system property {@value IoBackend#PROPERTY}
         * names, else {@link IoBackend#NIO}). {@link IoBackend#EPOLL} needs the {@code anemone-epoll}
         * module on the class path, or {@link #start()} fails saying so.
         */
        public Builder ioBackend(IoBackend value) {
            ioBackend = Objects.requireNonNull(value, "ioBackend");
            return this;
        }

        /**
         * How many messages one connection may send a second (default 100,000); past it the
         * connection is closed with 1008 and the messages over the rate are not delivered. 0
         * turns the limit off. Counted in whole seconds of the event loop's, so a peer may reach
         * twice the rate across the turn of a second, never more.
         */
        public Builder maxMessagesPerSecond(int messages) {
            if (messages < 0) {
                throw new IllegalArgumentException("maxMessagesPerSecond is 0 (off) or more: " + messages);
            }
            messagesPerSecond = messages;
            return this;
        }

        /**
         * How many bytes one connection may send a second, frames and all (default 256 MiB);
         * past it the connection is closed with 1008 and what it sends is dropped unread until
         * the second turns. 0 turns the limit off.
         */
        public Builder maxBytesPerSecond(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBytesPerSecond is 0 (off) or more: " + bytes);
            }
            bytesPerSecond = bytes;
            return this;
        }

        /** Pings every {@code interval}; a client that sent nothing in a whole interval is dropped (default: off). */
        public Builder heartbeat(Duration interval) {
            heartbeat = interval;
            return this;
        }

        /** Closes with 1001 a connection that received nothing for {@code timeout} (default: off). */
        public Builder idleTimeout(Duration timeout) {
            idleTimeout = timeout;
            return this;
        }

        /**
         * Limits on request heads (default 8 KiB and 100 header lines); past them, 431, or 414 when
         * the request line alone is longer than the byte limit.
         */
        public Builder headLimits(HeadLimits value) {
            headLimits = Objects.requireNonNull(value);
            return this;
        }

        /**
         * How long a client has to complete its handshake, or an HTTP request its head and body,
         * from its first byte (default 10 s); the Slowloris defence.
         */
        public Builder handshakeTimeout(Duration value) {
            handshakeTimeout = value;
            return this;
        }

        /**
         * The most connections from one IP address at once (default 1024); more get 503. IPv6
         * addresses count by their /64 prefix, which one subscriber usually holds whole.
         */
        public Builder maxConnectionsPerAddress(int value) {
            maxConnectionsPerAddress = value;
            return this;
        }

        /**
         * The most connections open at once, WebSocket and HTTP (default 50,000); more get 503
         * as they are accepted. Keep it under the process's file descriptor limit
         * ({@code ulimit -n}), so that the server refuses politely rather than fails to accept.
         */
        public Builder maxConnections(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConnections is at least 1: " + value);
            }
            maxConnections = value;
            return this;
        }

        /**
         * How many new connections one IP address (an IPv6 /64) may open a second (default
         * 1000, with bursts of as many); more get 503 as they are accepted. 0 turns the limit
         * off. Connections from a {@link #trustedProxies trusted proxy} are not counted here: the
         * clients behind it are told apart at their handshakes.
         */
        public Builder connectionsPerSecondPerAddress(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("connectionsPerSecondPerAddress is 0 (off) or more: " + value);
            }
            connectionsPerSecondPerAddress = value;
            return this;
        }

        /**
         * How many WebSocket handshakes one client IP address (an IPv6 /64) may make a second
         * (default 1000, with bursts of as many); more get 429 with {@code Retry-After: 1}. 0
         * turns the limit off. Behind a {@link #trustedProxies trusted proxy} the client is the
         * address the proxy forwards.
         */
        public Builder handshakesPerSecondPerAddress(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("handshakesPerSecondPerAddress is 0 (off) or more: " + value);
            }
            handshakesPerSecondPerAddress = value;
            return this;
        }

        /**
         * The reverse proxies in front of the server (default none), as addresses or CIDR
         * blocks ({@code "10.0.0.0/8"}, {@code "::1"}). For a connection from one of them, the
         * client's address for the per-address limits is the rightmost address in
         * {@code Forwarded} ({@code for=}), or else {@code X-Forwarded-For}, that is not itself
         * a trusted proxy; the per-address connection limits do not count the proxy itself.
         * Trust only proxies that overwrite these headers: anyone else can write them.
         *
         * @throws IllegalArgumentException for an entry that is not an address or CIDR block
         */
        public Builder trustedProxies(String... addressesOrBlocks) {
            trustedProxies = TrustedProxies.of(addressesOrBlocks);
            return this;
        }

        /**
         * How many connections the kernel may queue before the server accepts them (default
         * 4096; Linux caps it at {@code net.core.somaxconn}). When the queue is full the kernel
         * drops new SYNs and a client retries only after a second, so a burst of reconnections,
         * such as Slowloris connections coming back after the handshake timeout, needs room.
         */
        public Builder acceptBacklog(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("the accept backlog is at least 1: " + value);
            }
            acceptBacklog = value;
            return this;
        }

        /**
         * Speaks TLS on the port with this identity (default: off, plain TCP): WebSockets are then
         * {@code wss://} and pages {@code https://}, and nothing is served in the clear; a plain
         * HTTP request gets a 400 saying so. The {@link #handshakeTimeout} covers the TLS
         * handshake, and {@link HandshakeInfo#secure()} tells a verifier the connection is secure.
         */
        public Builder tls(TlsOptions value) {
            tls = value;
            return this;
        }

        /**
         * Serves the server's {@link WebSocketServer#metrics() metrics} at {@code path} of its own
         * port, as Prometheus text ({@link PrometheusHandler}); other requests go to the
         * {@link #http} handler as before. Off by default: metrics say how busy a server is, so
         * serve them only where the port is not public, or put a {@link PrometheusHandler} behind
         * a check of your own.
         */
        public Builder metrics(String path) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a metrics path starts with '/': " + path);
            }
            metricsPath = path;
            return this;
        }

        /**
         * Stops the server gracefully when the JVM is asked to end (Ctrl-C, SIGTERM,
         * {@code System.exit}): every open connection is closed with 1001 ("going away"), and the
         * JVM waits up to {@code grace} for their closing handshakes before it exits (default:
         * off, and the connections are dropped with the process). The hook goes away when the
         * server is stopped otherwise.
         */
        public Builder stopOnShutdown(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("the grace period is zero or more: " + grace);
            }
            shutdownGrace = grace;
            return this;
        }

        /**
         * Adds an observer of every publish on the server (see {@link PublishObserver}), for
         * subscribers that are not its WebSocket connections, such as SockJS sessions. It hears
         * of the server as it starts.
         */
        public Builder observePublishes(PublishObserver observer) {
            publishObservers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * Adds an action run when the server stops gracefully ({@link WebSocketServer#stop},
         * {@link WebSocketServer#close()}, {@link #stopOnShutdown}): once it no longer accepts
         * connections and before it closes them, so that what the action sends still reaches
         * its clients (a SockJS service closes its sessions with 1001 here). Actions run once,
         * in the order they were added, on the thread that carries the stop out (never an event
         * loop); one that throws is logged and the others still run.
         */
        public Builder onStop(Runnable action) {
            stopActions.add(Objects.requireNonNull(action, "action"));
            return this;
        }

        /**
         * Builds the server and starts listening. It returns at once: the server runs on its
         * event loops, which are daemon threads, so a JVM whose other threads have all ended
         * exits and takes the server with it. A {@code main} that only serves therefore ends
         * with {@link WebSocketServer#awaitTermination()}, and opts into
         * {@link #stopOnShutdown} to close its connections properly on Ctrl-C.
         *
         * @throws UncheckedIOException when the port cannot be bound
         */
        public WebSocketServer start() {
            SessionSettings session = new SessionSettings(engine, maxBufferedBytes, policy, heartbeat, idleTimeout,
                    maxPendingMessages).withReceiveLimit(new ReceiveLimit(messagesPerSecond, bytesPerSecond));
            // In declaration order, which breaks ties between patterns.
            Map<String, Endpoint> declared = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
            MetricsRoute metricsRoute = metricsPath == null ? null
                    : new MetricsRoute(metricsPath, http, Routes.matcherOf(declared.keySet()));
            HttpSettings httpSettings = new HttpSettings(metricsRoute == null ? http : metricsRoute, maxRequestBodySize,
                    keepAliveTimeout);
            ServerConfig config = new ServerConfig(host, port, declared, verifier, selector, httpSettings, executor,
                    eventLoops, ioBackend != null ? ioBackend : IoBackend.fromSystemProperty(), session, headLimits, handshakeTimeout,
                    new AdmissionLimits(maxConnections, maxConnectionsPerAddress, connectionsPerSecondPerAddress,
                            handshakesPerSecondPerAddress, trustedProxies), acceptBacklog,
                    compression == null ? List.of() : List.of(new PerMessageDeflate(compression)), tls);
            WebSocketServer server = new WebSocketServer(config);
            for (PublishObserver observer : publishObservers) {
                server.runtime.topics().observe(observer, server);
            }
            if (metricsRoute != null) {
                metricsRoute.serve(server.runtime);
            }
            try {
                server.runtime.start();
            } catch (IOException e) {
                server.runtime.stop(Duration.ZERO);
                throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
            }
            stopActions.forEach(server.runtime::onStop);
            if (shutdownGrace != null) {
                ShutdownHook.install(server.runtime, shutdownGrace);
            }
            return server;
        }
    }
}
