package dev.anemone.internal;

import dev.anemone.IoBackend;
import dev.anemone.ServerMetrics;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.CloseStatus;
import dev.anemone.protocol.ExtensionNegotiator;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.SharedEncoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The running server behind {@code WebSocketServer}: the listening socket, the event loops, the
 * tracked clients, and the per-address connection counts.
 */
public final class ServerRuntime {

    private static final Log LOG = Log.of(ServerRuntime.class);
    /** How long stopping waits for the accepting loop to close the listening socket. */
    private static final int LISTENER_CLOSE_WAIT_SECONDS = 5;

    private final ServerConfig config;
    private final Routes routes;
    private final EventLoopGroup loops;
    private final TopicRegistry topics;
    private final ServerTimers timers;
    private final Set<WebSocketSession> clients = ConcurrentHashMap.newKeySet();
    private final Set<ServerConnection> handshaking = ConcurrentHashMap.newKeySet();
    private final Set<WebSocket> clientsView = Collections.unmodifiableSet(clients);
    private final Map<AddressGroup, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AddressRateLimit connectionRate;
    private final AddressRateLimit handshakeRate;
    private final CountDownLatch allClosed = new CountDownLatch(1);
    /** Completes once a stop has closed every connection and stopped the loops. */
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicInteger open = new AtomicInteger();
    /** The application's actions for a graceful stop, in the order they were added. */
    private final List<Runnable> stopActions = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;
    private ServerSocketChannel listener;
    /** Accepts on {@link #acceptLoop}; null until {@link #start} has registered it. */
    private volatile Acceptor acceptor;
    private EventLoop acceptLoop;
    private int port;

    /** Starts the event loops of {@code server}; {@link #start()} binds. */
    public ServerRuntime(ServerConfig config, WebSocketServer server) {
        this.config = config;
        this.routes = new Routes(config.endpoints(), server, config.session(), config.verifier(), onSessionClosed);
        this.loops = new EventLoopGroup(config.eventLoops(), "anemone-server", config.ioBackend());
        SharedEncoder encoder = config.extensions().stream().map(ExtensionNegotiator::sharedEncoder)
                .filter(Objects::nonNull).findFirst().orElse(null);
        this.topics = new TopicRegistry(loops.loops(), encoder);
        this.timers = new ServerTimers(loops);
        this.connectionRate = new AddressRateLimit(config.limits().connectionsPerSecond());
        this.handshakeRate = new AddressRateLimit(config.limits().handshakesPerSecond());
    }

    ServerConfig config() {
        return config;
    }

    /** The endpoints by path. */
    Routes routes() {
        return routes;
    }

    /** The server's own timers, which run on its loops until it stops. */
    public ServerTimers timers() {
        return timers;
    }

    /** Binds and starts accepting; returns the bound port. */
    public int start() throws IOException {
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(new InetSocketAddress(config.host(), config.port()), config.acceptBacklog());
        listener.configureBlocking(false);
        port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        acceptLoop = loops.next();
        CompletableFuture<Void> registered = new CompletableFuture<>();
        acceptLoop.execute(() -> {
            try {
                Acceptor started = new Acceptor(this, listener);
                started.start(acceptLoop);
                acceptor = started;
                registered.complete(null);
            } catch (IOException e) {
                registered.completeExceptionally(e);
            }
        });
        registered.join();
        return port;
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    /** What the loops wait on, {@code AUTO} resolved. */
    public IoBackend ioBackend() {
        return loops.ioBackend();
    }

    /** The open connections. */
    public Set<WebSocket> clients() {
        return clientsView;
    }

    /** The server's topics, their counts, and the fan-out of publishes and broadcasts. */
    public TopicRegistry topics() {
        return topics;
    }

    /**
     * The open connections of the endpoint declared with {@code pattern}, a live view.
     *
     * @throws IllegalArgumentException when no endpoint was declared with that pattern
     */
    public Set<WebSocket> clients(String pattern) {
        return new EndpointClients(clients, endpoint(pattern));
    }

    private ServerEndpoint endpoint(String pattern) {
        ServerEndpoint endpoint = routes.byPattern(pattern);
        if (endpoint == null) {
            throw new IllegalArgumentException("no endpoint was declared with the pattern " + pattern);
        }
        return endpoint;
    }

    /**
     * Sends one text or binary message to the open clients of the endpoint declared with
     * {@code endpointPattern} (null for every endpoint) but {@code except}, that {@code filter}
     * accepts (null for all), encoding the frame once; each loop fans it out to its own clients,
     * together with any other broadcast or publish made meanwhile.
     *
     * @throws IllegalArgumentException when no endpoint was declared with {@code endpointPattern}
     */
    public void broadcast(int opcode, ByteBuffer payload, String endpointPattern, WebSocket except,
                          Predicate<? super WebSocket> filter) {
        // An endpoint's sessions share its settings: the identity of theirs tells them apart.
        SessionSettings endpoint = endpointPattern == null ? null : endpoint(endpointPattern).settings();
        if (!clients.isEmpty()) {
            topics.broadcast(opcode, payload, endpoint, except, filter);
        }
    }

    /** What the server has done so far, added up over its loops now. Any thread; never waits for a loop. */
    public ServerMetrics metrics() {
        return MetricsCollector.collect(loops.loops(), clients, topics);
    }

    /** The fan-out of {@code loop}, for the sessions it serves. */
    Broadcaster broadcasterOf(EventLoop loop) {
        return topics.broadcasterOf(loop);
    }

    /** Adds an action run at a graceful stop, after those added before it; see {@link #stop}. */
    public void onStop(Runnable action) {
        stopActions.add(Objects.requireNonNull(action, "action"));
    }

    /**
     * Stops accepting, runs the stop actions in order, closes every connection with 1001, waits
     * up to {@code grace} for them to finish their closing handshakes, then drops the rest and
     * stops the loops.
     */
    public CompletableFuture<Void> stop(Duration grace) {
        synchronized (this) {
            if (stopping) {
                return terminated.copy();
            }
            stopping = true;
        }
        timers.cancelAll();
        CompletableFuture.runAsync(() -> {
            try {
                closeListener();
                runStopActions();
                for (ServerConnection connection : handshaking) {
                    connection.abort();
                }
                for (WebSocketSession session : clients) {
                    session.closeForShutdown();
                }
                if (open.get() > 0) {
                    allClosed.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                }
                loops.shutdown(2_000);
            } catch (IOException e) {
                LOG.warn("closing the listening socket failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).whenComplete((done, failure) -> terminated.complete(null));
        return terminated.copy();
    }

    /**
     * Closes the listening socket on the loop that accepts from it ({@link Acceptor#close} says
     * why), or here when it never began accepting, or its loop is kept busy past
     * {@value #LISTENER_CLOSE_WAIT_SECONDS} s by application code.
     */
    private void closeListener() throws IOException, InterruptedException {
        Acceptor accepting = acceptor;
        if (accepting != null) {
            CountDownLatch closed = new CountDownLatch(1);
            acceptLoop.execute(() -> {
                accepting.close();
                closed.countDown();
            });
            if (closed.await(LISTENER_CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
        }
        if (listener != null) {
            listener.close();
        }
    }

    /**
     * Runs the stop actions, each through the application boundary: what one throws is logged
     * and the next runs. What they wrote to connections is queued on the loops before the
     * connections are closed.
     */
    private void runStopActions() {
        for (Runnable action : stopActions) {
            Callbacks.Called<Void> ran = Callbacks.call("an onStop action", true, () -> {
                action.run();
                return null;
            });
            if (ran.failed()) {
                Callbacks.LOG.warn("an onStop action threw; the stop goes on", ran.failure());
            }
        }
    }

    /** Completes once the server has stopped; never fails. */
    public CompletableFuture<Void> terminated() {
        return terminated.copy();
    }

    void handshakeStarted(ServerConnection connection) {
        handshaking.add(connection);
        if (stopping) {
            connection.abort();
        }
    }

    void handshakeEnded(ServerConnection connection) {
        handshaking.remove(connection);
    }

    void sessionOpened(WebSocketSession session) {
        clients.add(session);
        if (stopping) {
            session.closeForShutdown();
        }
    }

    /** What every session calls when it closes, through its endpoint: one object for all. */
    private final Consumer<WebSocketSession> onSessionClosed = this::sessionClosed;

    private void sessionClosed(WebSocketSession session) {
        clients.remove(session);
        broadcasterOf(session.loop()).sessionClosed(session);
        connectionClosed(session.transport());
    }

    void connectionClosed(Transport transport) {
        SocketAddress address = transport.remoteAddress();
        admissionFailed(address instanceof InetSocketAddress inet ? inet.getAddress() : null);
    }

    /**
     * Whether a connection from {@code address} may be taken, counting it if so: within the
     * total, and unless it comes from a trusted proxy, within its address group's count and rate.
     * Accepting loop only.
     */
    boolean admit(InetAddress address) {
        AdmissionLimits limits = config.limits();
        if (open.get() >= limits.maxConnections()) {
            return false;
        }
        if (limits.proxies().trusts(address)) {
            return true;
        }
        AddressGroup group = AddressGroup.of(address);
        if (!connectionRate.tryAcquire(group, System.nanoTime())) {
            return false;
        }
        AtomicInteger count = perAddress.computeIfAbsent(group, key -> new AtomicInteger());
        if (count.incrementAndGet() > limits.maxConnectionsPerAddress()) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Whether the client at {@code peer} (the connection's own peer, or behind a trusted proxy
     * the address it forwards in {@code headers}) may make another handshake now.
     */
    boolean admitHandshake(InetAddress peer, HttpHeaders headers) {
        if (config.limits().handshakesPerSecond() <= 0) {
            return true;
        }
        return handshakeRate.tryAcquire(AddressGroup.of(clientOf(peer, headers)), System.nanoTime());
    }

    /** The client at {@code peer}: itself, or behind a trusted proxy the address it forwards in {@code headers}. */
    InetAddress clientOf(InetAddress peer, HttpHeaders headers) {
        TrustedProxies proxies = config.limits().proxies();
        return proxies.isEmpty() ? peer
                : proxies.client(peer, headers.getAll("Forwarded"), headers.getAll("X-Forwarded-For"));
    }

    /** Whether the server is stopping, so that no connection is taken any more. */
    boolean isStopping() {
        return stopping;
    }

    /** The loop to serve the next accepted connection. */
    EventLoop nextLoop() {
        return loops.next();
    }

    /** Counts an admitted connection as open, before it is handed to its loop. */
    void connectionAccepted() {
        open.incrementAndGet();
    }

    /** Undoes the counts of an admitted connection that could not be set up, or has closed. */
    void admissionFailed(InetAddress address) {
        if (address != null && !config.limits().proxies().trusts(address)) {
            perAddress.computeIfPresent(AddressGroup.of(address), (key, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
        if (open.decrementAndGet() == 0 && stopping) {
            allClosed.countDown();
        }
    }

    /** The shutdown close code. */
    static final int SHUTDOWN_CODE = CloseStatus.GOING_AWAY;
}
