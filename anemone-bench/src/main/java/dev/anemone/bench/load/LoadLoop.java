package dev.anemone.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One selector thread driving many client connections: it connects them (a bounded number at a
 * time, so the server's accept queue never overflows), does their handshakes, reads and parses
 * what the server sends, and writes pre-built frames, many per system call when it can.
 */
final class LoadLoop implements Runnable {

    private static final byte[] DEFLATE_TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
    private static final int MAX_HEAD = 16 * 1024;

    private final Target target;
    private final Workload workload;
    private final Tally tally = new Tally();
    private final Selector selector;
    private final int maxConnecting;
    private final AtomicInteger ids;
    private final AtomicInteger toOpen = new AtomicInteger();
    private final List<Connection> open = new ArrayList<>();
    private final FrameHandler frames = new FrameHandler();
    private final Consumer<SelectionKey> handler = this::handle;
    private ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final ByteBuffer inflated = ByteBuffer.allocate(64 * 1024);
    private int connecting;
    private volatile boolean running = true;

    LoadLoop(Target target, Workload workload, int maxConnecting, AtomicInteger ids) throws IOException {
        this.target = target;
        this.workload = workload;
        this.maxConnecting = maxConnecting;
        this.ids = ids;
        this.selector = Selector.open();
    }

    Tally tally() {
        return tally;
    }

    /** The open connections of this loop; workloads may read it, never change it. */
    List<Connection> openConnections() {
        return open;
    }

    /** Connections open, being opened, or asked for. */
    int active() {
        return open.size() + connecting + toOpen.get();
    }

    /** Asks for {@code count} more connections; safe from any thread. */
    void requestConnections(int count) {
        toOpen.addAndGet(count);
        selector.wakeup();
    }

    /** Asks the loop to close everything and end; safe from any thread. */
    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                openRequested();
                long wait = workload.poll(this, System.nanoTime());
                // The Consumer forms hand over each ready key without adding it to the
                // selected-key set, which would allocate on every round.
                if (wait < 1_000_000L) {
                    selector.selectNow(handler);
                } else {
                    selector.select(handler, Math.max(1, Math.min(wait / 1_000_000L, 100)));
                }
            }
        } catch (IOException | RuntimeException e) {
            tally.error("load loop failed: " + e);
        } finally {
            for (SelectionKey key : new ArrayList<>(selector.keys())) {
                closeQuietly((Connection) key.attachment());
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }

    private void openRequested() {
        while (connecting < maxConnecting && toOpen.get() > 0) {
            toOpen.decrementAndGet();
            connecting++;
            connect();
        }
    }

    private void connect() {
        Connection connection = null;
        try {
            SocketChannel channel = SocketChannel.open();
            connection = new Connection(ids.getAndIncrement(), channel);
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
            if (channel.connect(new InetSocketAddress(target.host(), target.port()))) {
                connected(connection);
            }
        } catch (IOException e) {
            failed(connection, "connect: " + e);
        }
    }

    private void handle(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isConnectable()) {
                if (connection.channel.finishConnect()) {
                    connected(connection);
                }
                return;
            }
            if (connection.state == Connection.State.TLS_HANDSHAKING) {
                tlsHandshake(connection);
                return;
            }
            if (key.isWritable()) {
                flushUnsent(connection);
            }
            if (key.isValid() && key.isReadable()) {
                read(connection);
            }
        } catch (IOException | RuntimeException e) {
            failed(connection, "connection " + connection.id + ": " + e);
        }
    }

    private void connected(Connection connection) throws IOException {
        if (target.tls() != null) {
            connection.state = Connection.State.TLS_HANDSHAKING;
            connection.tls = new TlsLink(target.newEngine());
            connection.key.interestOps(SelectionKey.OP_READ);
            tlsHandshake(connection);
            return;
        }
        upgrade(connection);
    }

    /** Moves the TLS handshake on; once it is over, the WebSocket upgrade starts. */
    private void tlsHandshake(Connection connection) throws IOException {
        if (connection.tls.handshake(connection.channel)) {
            upgrade(connection);
        } else {
            connection.key.interestOps(connection.tls.pending()
                    ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private void upgrade(Connection connection) throws IOException {
        connection.state = Connection.State.HANDSHAKING;
        connection.upgrade = new Upgrade(target.host(), target.port(), target.path(), target.extensions());
        connection.head = new byte[512];
        connection.key.interestOps(SelectionKey.OP_READ);
        write(connection, connection.upgrade.request(), 1);
    }

    private void read(Connection connection) throws IOException {
        ByteBuffer buffer = readBuffer;
        buffer.clear();
        buffer.put(connection.carry, 0, connection.carryLength);
        connection.carryLength = 0;
        int n = connection.tls == null ? connection.channel.read(buffer) : connection.tls.read(connection.channel, buffer);
        long now = System.nanoTime();
        buffer.flip();
        if (connection.state == Connection.State.HANDSHAKING && !readHead(connection, buffer, now)) {
            if (n < 0 && connection.state != Connection.State.CLOSED) {
                failed(connection, "connection " + connection.id + " ended during the handshake");
            }
            return;
        }
        if (buffer.hasRemaining() && connection.state != Connection.State.CLOSED) {
            frames.connection = connection;
            frames.now = now;
            int incomplete = ServerFrames.parse(buffer, frames);
            keepCarry(connection, buffer, incomplete);
        }
        if (connection.state == Connection.State.CLOSED) {
            return;
        }
        if (n < 0) {
            ended(connection, now);
            return;
        }
        workload.readDone(this, connection, now);
    }

    /** Reads the response head; false while it is incomplete (or the handshake failed). */
    private boolean readHead(Connection connection, ByteBuffer buffer, long now) throws IOException {
        int before = connection.headLength;
        int room = MAX_HEAD - before;
        int take = Math.min(room, buffer.remaining());
        if (connection.head.length < before + take) {
            connection.head = Arrays.copyOf(connection.head, Math.max(before + take, connection.head.length * 2));
        }
        buffer.get(connection.head, before, take);
        connection.headLength += take;
        int end = Upgrade.headEnd(connection.head, connection.headLength);
        if (end < 0) {
            if (connection.headLength >= MAX_HEAD) {
                failed(connection, "response head over " + MAX_HEAD + " bytes");
            }
            return false;
        }
        // Bytes past the head are the first frames: put the position back on them.
        buffer.position(buffer.position() - (connection.headLength - end));
        Upgrade.Agreed agreed;
        try {
            agreed = connection.upgrade.check(connection.head, end);
        } catch (IllegalStateException e) {
            failed(connection, "handshake of connection " + connection.id + ": " + e.getMessage());
            return false;
        }
        connection.head = null;
        connection.upgrade = null;
        connection.deflate = agreed.deflate();
        connection.serverKeepsContext = agreed.serverKeepsContext();
        if (agreed.deflate()) {
            connection.inflater = new Inflater(true);
            tally.deflated.incrementAndGet();
        }
        connection.state = Connection.State.OPEN;
        connection.slot = open.size();
        open.add(connection);
        connecting--;
        tally.opened.incrementAndGet();
        workload.opened(this, connection, now);
        return connection.state != Connection.State.CLOSED;
    }

    private void keepCarry(Connection connection, ByteBuffer buffer, int incompleteFrame) {
        int left = buffer.remaining();
        if (left == 0) {
            return;
        }
        if (connection.carry.length < left) {
            connection.carry = new byte[Math.max(left, 64)];
        }
        buffer.get(connection.carry, 0, left);
        connection.carryLength = left;
        if (incompleteFrame > readBuffer.capacity() / 2) {
            // Room for the whole frame plus a read's worth: a large frame is still read in few calls.
            readBuffer = ByteBuffer.allocateDirect(incompleteFrame * 2);
        }
    }

    /** Sends {@code message} {@code count} times in as few writes as it takes. */
    void send(Connection connection, Message message, int count) {
        try {
            write(connection, message.frame(connection.deflate), count);
        } catch (IOException e) {
            failed(connection, "write on connection " + connection.id + ": " + e);
        }
    }

    /** Sends the closing frame (1000) and waits for the server's. */
    void startClosing(Connection connection, long now) {
        connection.state = Connection.State.CLOSING;
        connection.closeSent = true;
        connection.closingSince = now;
        try {
            write(connection, ClientFrames.close(1000), 1);
        } catch (IOException e) {
            failed(connection, "write on connection " + connection.id + ": " + e);
        }
    }

    private void write(Connection connection, byte[] frame, int count) throws IOException {
        if (connection.tls != null) {
            writeTls(connection, frame, count);
            return;
        }
        if (connection.unsent != null) {
            queue(connection, frame, count);
            return;
        }
        int perBatch = Math.max(1, writeBuffer.capacity() / frame.length);
        while (count > 0) {
            int batch = Math.min(count, perBatch);
            writeBuffer.clear();
            if (frame.length > writeBuffer.capacity()) {
                queue(connection, frame, count);
                flushUnsent(connection);
                return;
            }
            for (int i = 0; i < batch; i++) {
                writeBuffer.put(frame);
            }
            writeBuffer.flip();
            connection.channel.write(writeBuffer);
            count -= batch;
            if (writeBuffer.hasRemaining()) {
                connection.unsent = ByteBuffer.allocate(Math.max(writeBuffer.remaining() + count * frame.length, 1024));
                connection.unsent.put(writeBuffer);
                queue(connection, frame, count);
                connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
        }
    }

    /**
     * Encrypts {@code count} copies of {@code frame}, batched as over plain TCP so that a record
     * carries many small frames; the link keeps what the socket cannot take yet.
     */
    private void writeTls(Connection connection, byte[] frame, int count) throws IOException {
        TlsLink tls = connection.tls;
        if (frame.length > writeBuffer.capacity()) {
            for (int i = 0; i < count; i++) {
                tls.write(connection.channel, ByteBuffer.wrap(frame));
            }
        } else {
            int perBatch = writeBuffer.capacity() / frame.length;
            while (count > 0) {
                int batch = Math.min(count, perBatch);
                writeBuffer.clear();
                for (int i = 0; i < batch; i++) {
                    writeBuffer.put(frame);
                }
                writeBuffer.flip();
                tls.write(connection.channel, writeBuffer);
                count -= batch;
            }
        }
        if (tls.pending()) {
            connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private static void queue(Connection connection, byte[] frame, int count) {
        ByteBuffer unsent = connection.unsent == null ? ByteBuffer.allocate(1024) : connection.unsent;
        long needed = unsent.position() + (long) frame.length * count;
        if (needed > unsent.capacity()) {
            ByteBuffer larger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, unsent.capacity() * 2L)));
            unsent.flip();
            larger.put(unsent);
            unsent = larger;
        }
        for (int i = 0; i < count; i++) {
            unsent.put(frame);
        }
        connection.unsent = unsent;
    }

    private void flushUnsent(Connection connection) throws IOException {
        if (connection.tls != null) {
            if (connection.tls.flush(connection.channel)) {
                connection.key.interestOps(SelectionKey.OP_READ);
            }
            return;
        }
        ByteBuffer unsent = connection.unsent;
        if (unsent == null) {
            return;
        }
        unsent.flip();
        connection.channel.write(unsent);
        if (unsent.hasRemaining()) {
            unsent.compact();
            connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            connection.unsent = null;
            connection.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void ended(Connection connection, long now) {
        if (connection.state == Connection.State.CLOSING && connection.closeReceived) {
            closeQuietly(connection);
            workload.closed(this, connection, now);
        } else {
            closeQuietly(connection);
            tally.error("connection " + connection.id + " ended by the server");
        }
    }

    /** Closes {@code connection} now, without a closing handshake. */
    void drop(Connection connection) {
        closeQuietly(connection);
    }

    private void failed(Connection connection, String what) {
        tally.error(what);
        if (connection != null) {
            closeQuietly(connection);
        } else {
            connecting--;
        }
    }

    private void closeQuietly(Connection connection) {
        if (connection == null || connection.state == Connection.State.CLOSED) {
            return;
        }
        if (connection.state == Connection.State.CONNECTING || connection.state == Connection.State.TLS_HANDSHAKING
                || connection.state == Connection.State.HANDSHAKING) {
            connecting--;
        }
        connection.state = Connection.State.CLOSED;
        if (connection.slot >= 0) {
            Connection last = open.remove(open.size() - 1);
            if (last != connection) {
                open.set(connection.slot, last);
                last.slot = connection.slot;
            }
            connection.slot = -1;
        }
        if (connection.key != null) {
            connection.key.cancel();
        }
        try {
            connection.channel.close();
        } catch (IOException ignored) {
            // Nothing more to do for it.
        }
        if (connection.inflater != null) {
            connection.inflater.end();
            connection.inflater = null;
        }
    }

    /** Handles each whole frame of a read, for the connection being read. */
    private final class FrameHandler implements ServerFrames.Sink {
        Connection connection;
        long now;

        @Override
        public boolean frame(int firstByte, ByteBuffer buffer, int payloadStart, int length) {
            Connection c = connection;
            int opcode = firstByte & 0x0F;
            boolean fin = (firstByte & 0x80) != 0;
            if (opcode >= 0x8) {
                control(c, opcode, buffer, payloadStart, length);
            } else {
                if (opcode != 0) {
                    if (c.inMessage) {
                        tally.error("new message before the last one ended on connection " + c.id);
                    }
                    c.inMessage = true;
                    c.messageOpcode = opcode;
                    c.messageLength = 0;
                    c.messageCompressed = (firstByte & ClientFrames.RSV1) != 0;
                } else if (!c.inMessage) {
                    tally.error("continuation without a message on connection " + c.id);
                }
                c.messageLength += c.messageCompressed ? inflate(c, buffer, payloadStart, length, fin) : length;
                if (fin && c.state != Connection.State.CLOSED) {
                    c.inMessage = false;
                    workload.message(LoadLoop.this, c, c.messageOpcode, c.messageLength, now);
                }
            }
            return c.state != Connection.State.CLOSED;
        }

        private void control(Connection c, int opcode, ByteBuffer buffer, int payloadStart, int length) {
            if (opcode == ClientFrames.CLOSE) {
                c.closeReceived = true;
                if (c.closeSent) {
                    return;
                }
                workload.closeReceived(LoadLoop.this, c, now);
            } else if (opcode == ClientFrames.PING) {
                byte[] payload = new byte[length];
                buffer.get(payloadStart, payload);
                try {
                    write(c, ClientFrames.masked(ClientFrames.PONG, false, payload), 1);
                } catch (IOException e) {
                    failed(c, "pong on connection " + c.id + ": " + e);
                }
            }
        }

        /** Inflates one frame's payload into scratch space; returns how many bytes it made. */
        private long inflate(Connection c, ByteBuffer buffer, int payloadStart, int length, boolean fin) {
            if (c.inflater == null) {
                tally.error("compressed message without permessage-deflate on connection " + c.id);
                return length;
            }
            try {
                long made = inflateAll(c.inflater, buffer.slice(payloadStart, length));
                if (fin) {
                    made += inflateAll(c.inflater, ByteBuffer.wrap(DEFLATE_TAIL));
                    if (!c.serverKeepsContext) {
                        c.inflater.reset();
                    }
                }
                return made;
            } catch (DataFormatException e) {
                tally.error("bad compressed data on connection " + c.id + ": " + e.getMessage());
                return -1;
            }
        }

        private long inflateAll(Inflater inflater, ByteBuffer input) throws DataFormatException {
            inflater.setInput(input);
            long made = 0;
            while (true) {
                inflated.clear();
                int n = inflater.inflate(inflated);
                made += n;
                if (inflater.finished()) {
                    // The server ended its stream with a final block: the next message starts afresh.
                    inflater.reset();
                    return made;
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return made;
                }
            }
        }
    }
}
