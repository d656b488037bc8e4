package dev.anemone.internal;

import dev.anemone.TlsOptions;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
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
    private static final byte[] TOO_MANY = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 38\r\nConnection: close\r\n\r\nToo many connections, try again later\n")
            .getBytes(StandardCharsets.US_ASCII);
    /**
     * Classes the failure path needs, loaded now: out of descriptors, loading a class from a
     * directory or a jar not yet opened fails too, and the pause must not depend on it.
     */
    @SuppressWarnings("unused")
    private static final Class<?>[] PRELOADED = {EventLoop.Timer.class, RateLimitedLog.class,
            CancelledKeyException.class, ClosedChannelException.class};

    private final ServerRuntime server;
    private final ServerSocketChannel listener;
    private final RateLimitedLog acceptFailures = new RateLimitedLog(LOG, Level.WARNING, LOG_INTERVAL);
    private final RateLimitedLog takeFailures = new RateLimitedLog(LOG, Level.WARNING, LOG_INTERVAL);
    private final Runnable resume = this::resume;
    private EventLoop loop;
    private Registration key;
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
        key = acceptLoop.register(listener, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void onReady(int readyOps) {
        for (int i = 0; i < BATCH; i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (Throwable e) {
                acceptFailed(e);
                return;
            }
            if (channel == null) {
                return;
            }
            nextPauseNanos = FIRST_PAUSE_NANOS;
            take(channel);
        }
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

    private void take(SocketChannel channel) {
        InetAddress address = null;
        boolean counted = false;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            address = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
            if (server.isStopping() || !server.admit(address)) {
                loop.counters().refused(503);
                loop.counters().bytesOut(channel.write(ByteBuffer.wrap(TOO_MANY)));
                channel.close();
                return;
            }
            counted = true;
            server.connectionAccepted();
            EventLoop target = server.nextLoop();
            InetAddress admitted = address;
            target.execute(() -> attach(target, channel, admitted));
            // From here on attach owns the channel and the counts, even if it failed.
            counted = false;
        } catch (Throwable e) {
            closeQuietly(channel);
            if (counted) {
                server.admissionFailed(address);
            }
            if (!(e instanceof IOException)) {
                // An I/O failure here is the peer's doing (a reset, most often), not worth a line.
                takeFailures.log("taking an accepted connection failed", e);
            }
        }
    }

    /** Sets up the connection on its loop; on failure closes the channel and undoes its counts. */
    private void attach(EventLoop target, SocketChannel channel, InetAddress address) {
        ServerConnection connection = null;
        try {
            connection = new ServerConnection(server);
            TlsOptions tls = server.config().tls();
            connection.attach(tls == null ? new SocketTransport(target, channel, null, connection)
                    : TlsTransport.server(target, channel, TlsEngines.server(tls.sslContext(), tls.protocols()), connection));
        } catch (Throwable e) {
            closeQuietly(channel);
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
        closeQuietly(listener);
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
