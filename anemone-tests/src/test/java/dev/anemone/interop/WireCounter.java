package dev.anemone.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of a server, counting the bytes it forwards each way: what
 * the wire carried, handshake, framing and compression included. Clients connect to
 * {@link #uri(String)}; each connection is relayed to the server by two threads, and a chunk is
 * counted before it is forwarded, so bytes the far side has received are always counted. Made
 * with {@link #from}, it connects to the server from a loopback address of its own choosing, so
 * that a client that cannot pick its address (a browser) comes from 127.0.k.2 to a proxy.
 */
final class WireCounter implements AutoCloseable {

    /**
     * Bytes relayed.
     *
     * @param up from the client to the server
     * @param down from the server to the client
     */
    record Traffic(long up, long down) {

        /** What was relayed since {@code earlier}. */
        Traffic since(Traffic earlier) {
            return new Traffic(up - earlier.up, down - earlier.down);
        }

        @Override
        public String toString() {
            return "up " + up + " B, down " + down + " B";
        }
    }

    private final ServerSocket listener;
    private final InetSocketAddress server;
    /** The address connections to the server come from, or null for the system's choice. */
    private final InetAddress source;
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private WireCounter(InetAddress source, int serverPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.source = source;
        this.server = new InetSocketAddress(loopback, serverPort);
        this.listener = new ServerSocket(0, 50, loopback);
        start("accept", this::acceptAll);
    }

    /** A relay to the server listening on 127.0.0.1:{@code serverPort}. */
    static WireCounter inFrontOf(int serverPort) {
        return from(null, serverPort);
    }

    /** A relay to the server on 127.0.0.1:{@code serverPort} whose connections to it come from {@code source} (a loopback address). */
    static WireCounter from(InetAddress source, int serverPort) {
        try {
            return new WireCounter(source, serverPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    /** Where clients connect: the relay, with {@code path}. */
    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + path);
    }

    /** The relay's origin for a browser: {@code http://127.0.0.1:PORT}. */
    String httpOrigin() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** The bytes relayed so far. */
    Traffic traffic() {
        return new Traffic(up.get(), down.get());
    }

    /** Stops listening, drops every relayed connection, and waits for the relay's threads. */
    @Override
    public void close() {
        closeQuietly(listener);
        sockets.forEach(WireCounter::closeQuietly);
        for (Thread thread : threads) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void acceptAll() {
        while (true) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            Socket toServer = new Socket();
            sockets.add(client);
            sockets.add(toServer);
            try {
                if (source != null) {
                    toServer.bind(new InetSocketAddress(source, 0));
                }
                toServer.connect(server);
                client.setTcpNoDelay(true);
                toServer.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(toServer);
                continue;
            }
            start("up", () -> pump(client, toServer, up));
            start("down", () -> pump(toServer, client, down));
        }
    }

    /** Copies {@code from} to {@code to} until end of stream, then passes the end on. */
    private static void pump(Socket from, Socket to, AtomicLong counter) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                counter.addAndGet(n);
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void start(String name, Runnable body) {
        Thread thread = new Thread(body, "wire-counter-" + name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is all that is wanted
        }
    }
}
