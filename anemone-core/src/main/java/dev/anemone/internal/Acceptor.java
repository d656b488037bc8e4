package dev.anemone.internal;

import dev.anemone.IoBackend;
import dev.anemone.TlsOptions;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Accepts connections on one loop and spreads them over all the server's loops.
 *
 * <p>When accept fails (out of file descriptors, EMFILE, most often), the connection stays in the
 * kernel's queue and the selector would report the listening socket ready again at once, forever:
 * a loop spinning on a failing accept. So a failure pauses accepting instead: the listening key
 * stops asking for {@code OP_ACCEPT} and a timer asks again after a pause that doubles with each
 * failure in a row, from {@link #FIRST_PAUSE_NANOS} to {@link #LONGEST_PAUSE_NANOS}, and starts
 * over after an accept succeeds. Once descriptors are free again, accepting resumes within the
 * longest pause. Failures are logged at most once per {@link #LOG_INTERVAL}, with a count of those
 * left out.
 *
 * <p>Nothing thrown while accepting or taking a connection escapes: a failure with one accepted
 * channel closes that channel, and the acceptor goes on.
 *
 * <p>Loop thread only, apart from construction.
 */
final class Acceptor implements Selectable {

    private static final Log LOG = Log.of(Acceptor.class);
    /** Connections accepted per readiness event before the loop gets on with its other work. */
    private static final int BATCH = 64;
    static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long LONGEST_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final ByteBuffer TOO_MANY = direct(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 38\r\nConnection: close\r\n\r\nToo many connections, try again later\n")
            .getBytes(StandardCharsets.US_ASCII));
    /**
     * Classes the failure path needs, loaded now: out of descriptors, loading a class from a
     * directory or a jar not yet opened fails too, and the pause must not depend on it.
     */
    @SuppressWarnings("unused")
    private static final Class<?>[] PRELOADED = {EventLoop.Timer.class, RateLimitedLog.class,
            CancelledKeyException.class, ClosedChannelException.class, AcceptedChannel.class, AcceptedDescriptor.class};

    private final ServerRuntime server;
    private final ServerSocketChannel listener;
    private final RateLimitedLog acceptFailures = new RateLimitedLog(LOG, Level.WARNING, LOG_INTERVAL);
    private final RateLimitedLog takeFailures = new RateLimitedLog(LOG, Level.WARNING, LOG_INTERVAL);
    private final Runnable resume = this::resume;
    private EventLoop loop;
    private Registration key;
    /**
     * On epoll, the listening descriptor, accepted from without the JDK, and where the peer's
     * address comes back: the connections then have no JDK channel ({@link AcceptedDescriptor}).
     * -1 and null on the JDK's selector.
     */
    private int listenerFd = -1;
    private ByteBuffer peer;
    /** The pause after the next failure. */
    private long nextPauseNanos = FIRST_PAUSE_NANOS;
    private EventLoop.Timer resumeTimer;

    Acceptor(ServerRuntime server, ServerSocketChannel listener) {
        this.server = server;
        this.listener = listener;
    }

    /** Registers the listening socket with {@code acceptLoop} and starts accepting; loop thread only. */
    void start(EventLoop acceptLoop) throws IOException {
        closeOneSocket();
        loop = acceptLoop;
        if (acceptLoop.ioBackend() == IoBackend.EPOLL) {
            peer = ByteBuffer.allocateDirect(Epoll.PEER_SIZE).order(ByteOrder.nativeOrder());
            listenerFd = Epoll.descriptor(listener);
        }
        key = acceptLoop.register(listener, SelectionKey.OP_ACCEPT, this);
    }

    private static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    @Override
    public void onReady(int readyOps) {
        for (int i = 0; i < BATCH; i++) {
            AcceptedSocket socket;
            try {
                socket = acceptOne();
            } catch (Throwable e) {
                acceptFailed(e);
                return;
            }
            if (socket == null) {
                return;
            }
            nextPauseNanos = FIRST_PAUSE_NANOS;
            take(socket);
        }
    }

    /** The next connection waiting, or null. */
    private AcceptedSocket acceptOne() throws IOException {
        if (listenerFd < 0) {
            SocketChannel channel = listener.accept();
            return channel == null ? null : new AcceptedChannel(channel);
        }
        // The listener is closed on this thread only ({@link #close}), so its number is still its own here.
        if (!listener.isOpen()) {
            throw new ClosedChannelException();
        }
        return AcceptedDescriptor.accept(listenerFd, peer);
    }

    /**
     * Stops accepting and closes the listening socket; loop thread only. On epoll the descriptor
     * is accepted from on this thread without the channel's locks, so closing it anywhere else
     * could let an accept reach a new socket given the same number.
     */
    void close() {
        closeQuietly(listener);
    }

    /**
     * Opens and closes a socket, so that the JDK sets up what closing sockets needs now, while
     * there are descriptors to spare. On JDK 17, the first close of a socket initialises a class
     * ({@code sun.nio.ch.FileDispatcherImpl}) that opens a descriptor of its own; should that first
     * close happen when descriptors have run out, the class fails to initialise for good, and no
     * socket can be closed in that JVM any more: the server would never get its descriptors back.
     */
    private static void closeOneSocket() {
        try {
            SocketChannel.open().close();
        } catch (IOException e) {
            LOG.warn("opening and closing a socket at start failed", e);
        }
    }

    private void acceptFailed(Throwable failure) {
        if (failure instanceof ClosedChannelException || !listener.isOpen()) {
            return; // The server is stopping.
        }
        long pause = nextPauseNanos;
        pause(pause);
        try {
            acceptFailures.log("accept failed; accepting paused for " + TimeUnit.NANOSECONDS.toMillis(pause)
                    + " ms, longer while it keeps failing", failure);
        } catch (Throwable ignored) {
            // Building the message failed (out of memory): the pause is what matters.
        }
    }

    /** Stops asking for OP_ACCEPT and schedules asking again after {@code pauseNanos}. */
    private void pause(long pauseNanos) {
        try {
            if (resumeTimer != null) {
                resumeTimer.cancel();
            }
            // Timer first: if it cannot be scheduled, keep accepting (and failing) rather than stop for good.
            resumeTimer = loop.schedule(pauseNanos, resume);
            nextPauseNanos = Math.min(pauseNanos * 2, LONGEST_PAUSE_NANOS);
            key.interestOps(0);
        } catch (CancelledKeyException closed) {
            // The listening socket was closed; nothing to resume.
        } catch (Throwable e) {
            resumeTimer = null;
            resume();
        }
    }

    private void resume() {
        resumeTimer = null;
        try {
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        } catch (CancelledKeyException closed) {
            // Closed meanwhile: the server is stopping.
        }
    }

    private void take(AcceptedSocket socket) {
        InetAddress address = null;
        boolean counted = false;
        try {
            socket.configure();
            address = socket.remoteAddress().getAddress();
            if (server.isStopping() || !server.admit(address)) {
                loop.counters().refused(503);
                loop.counters().bytesOut(socket.writeNow(TOO_MANY.duplicate()));
                socket.close();
                return;
            }
            counted = true;
            server.connectionAccepted();
            EventLoop target = server.nextLoop();
            InetAddress admitted = address;
            target.execute(() -> attach(target, socket, admitted));
            // From here on attach owns the socket and the counts, even if it failed.
            counted = false;
        } catch (Throwable e) {
            closeQuietly(socket);
            if (counted) {
                server.admissionFailed(address);
            }
            if (!(e instanceof IOException)) {
                // An I/O failure here is the peer's doing (a reset, most often), not worth a line.
                takeFailures.log("taking an accepted connection failed", e);
            }
        }
    }

    /** Sets up the connection on its loop; on failure closes the socket and undoes its counts. */
    private void attach(EventLoop target, AcceptedSocket socket, InetAddress address) {
        ServerConnection connection = null;
        try {
            connection = new ServerConnection(server);
            TlsOptions tls = server.config().tls();
            Registration registration = socket.register(target);
            connection.attach(tls == null ? new SocketTransport(target, registration, socket.remoteAddress(), connection)
                    : TlsTransport.server(target, registration, socket.remoteAddress(),
                    TlsEngines.server(tls.sslContext(), tls.protocols()), connection));
        } catch (Throwable e) {
            closeQuietly(socket);
            if (connection != null) {
                server.handshakeEnded(connection);
            }
            server.admissionFailed(address);
            if (!(e instanceof IOException)) {
                takeFailures.log("setting up an accepted connection failed", e);
            }
        }
    }

    @Override
    public void onLoopShutdown() {
        close();
    }

    @Override
    public String toString() {
        return "the acceptor of port " + server.port();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (Throwable ignored) {
            // Closing is all we wanted.
        }
    }
}
