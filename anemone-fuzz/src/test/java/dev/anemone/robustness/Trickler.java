package dev.anemone.robustness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slowloris from one thread: keeps {@code target} connections to 127.0.0.1 open, each sending
 * one byte of an endless request head per second, all driven by a single {@link Selector}. When
 * the server drops one, it records how long it lived and opens another in its place, so the
 * attack stays at full strength. It stops by itself at its deadline, or when asked, and closes
 * every socket it opened.
 */
final class Trickler implements Runnable {

    /** A request head that never ends: the trickle walks through it one byte at a time, then repeats its last line. */
    private static final byte[] HEAD = ("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
            + "a".repeat(4096)).getBytes(StandardCharsets.US_ASCII);
    private static final int VALUE_START = HEAD.length - 4096;

    private final int port;
    private final int target;
    private final long deadlineNanos;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean stopping;

    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger droppedByServer = new AtomicInteger();
    final AtomicInteger connectFailures = new AtomicInteger();
    final AtomicInteger bytesSent = new AtomicInteger();
    /** How long each connection the server dropped had lived, in milliseconds. */
    final List<Long> lifetimesMillis = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch allConnected = new CountDownLatch(1);
    /** Counts down once per connection the server drops, until a whole first generation is gone. */
    final CountDownLatch firstGenerationDropped;
    private volatile Throwable failure;

    private static final class Conn {
        final SocketChannel channel;
        final long openedNanos;
        final int index;
        long nextWriteNanos;
        int sent;
        boolean connected;

        Conn(SocketChannel channel, long now, int index) {
            this.channel = channel;
            this.openedNanos = now;
            this.index = index;
        }
    }

    Trickler(int port, int target, long maxRunMillis, long intervalMillis) {
        this.port = port;
        this.target = target;
        this.firstGenerationDropped = new CountDownLatch(target);
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxRunMillis);
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.thread = new Thread(this, "slowloris-trickler");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
        if (failure != null) {
            throw new AssertionError("the trickler failed", failure);
        }
    }

    @Override
    public void run() {
        List<Conn> all = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            long now = System.nanoTime();
            for (int i = 0; i < target; i++) {
                all.add(open(selector, now, i));
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            ByteBuffer sink = ByteBuffer.allocate(4096);
            while (!stopping && System.nanoTime() < deadlineNanos) {
                selector.select(20);
                now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn conn = (Conn) key.attachment();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isConnectable()) {
                        try {
                            if (conn.channel.finishConnect()) {
                                conn.connected = true;
                                key.interestOps(SelectionKey.OP_READ);
                                if (connected.incrementAndGet() >= target) {
                                    allConnected.countDown();
                                }
                            }
                        } catch (IOException e) {
                            connectFailures.incrementAndGet();
                            replace(selector, all, conn, now, false);
                        }
                    } else if (key.isReadable()) {
                        // The only thing the server sends a trickler is a close (or a refusal before it).
                        sink.clear();
                        int n;
                        try {
                            n = conn.channel.read(sink);
                        } catch (IOException reset) {
                            n = -1;
                        }
                        if (n < 0) {
                            replace(selector, all, conn, now, true);
                        }
                    }
                }
                selector.selectedKeys().clear();
                // One byte per connection per interval; each connection keeps its own phase.
                for (int i = 0; i < all.size(); i++) {
                    Conn conn = all.get(i);
                    if (!conn.connected || now < conn.nextWriteNanos) {
                        continue;
                    }
                    int at = conn.sent < HEAD.length ? conn.sent : VALUE_START + (conn.sent % 4096);
                    one.clear();
                    one.put(HEAD[at]).flip();
                    try {
                        if (conn.channel.write(one) == 1) {
                            conn.sent++;
                            bytesSent.incrementAndGet();
                        }
                        conn.nextWriteNanos = now + intervalNanos;
                    } catch (IOException gone) {
                        replace(selector, all, conn, now, true);
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            for (Conn conn : all) {
                try {
                    conn.channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            allConnected.countDown();
        }
    }

    private Conn open(Selector selector, long now, int index) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        Conn conn = new Conn(channel, now, index);
        // Spread the phases over the interval, so the bytes arrive as a steady trickle.
        conn.nextWriteNanos = now + (intervalNanos * (index % 100)) / 100;
        opened.incrementAndGet();
        if (channel.connect(new InetSocketAddress("127.0.0.1", port))) {
            conn.connected = true;
            channel.register(selector, SelectionKey.OP_READ, conn);
            connected.incrementAndGet();
        } else {
            channel.register(selector, SelectionKey.OP_CONNECT, conn);
        }
        return conn;
    }

    /** The server dropped {@code conn} (or it never connected): record it and open another in its place. */
    private void replace(Selector selector, List<Conn> all, Conn conn, long now, boolean byServer) throws IOException {
        if (byServer && conn.connected) {
            droppedByServer.incrementAndGet();
            firstGenerationDropped.countDown();
            lifetimesMillis.add(TimeUnit.NANOSECONDS.toMillis(now - conn.openedNanos));
        }
        if (conn.connected) {
            connected.decrementAndGet();
        }
        conn.channel.close();
        all.set(conn.index, open(selector, now, conn.index));
    }
}
