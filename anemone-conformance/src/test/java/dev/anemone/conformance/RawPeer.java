package dev.anemone.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A deliberately simple WebSocket peer on a blocking socket, for either role: it writes exactly
 * the bytes a {@link Step} describes (masked when it plays the client) and a reader thread turns
 * whatever comes back into {@link Event}s, time-stamped, so the peer never stops the system under
 * test from writing. It frames with code of its own, not the protocol module's.
 */
final class RawPeer implements AutoCloseable {

    /** What the reader saw. */
    sealed interface Event {
        record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload, long nanos) implements Event {
        }

        /** The connection ended: "EOF", "EOF inside a frame", or "reset: ..." */
        record Eof(String how, long nanos) implements Event {
        }
    }

    /** Frames larger than this are not read: the system under test never sends one. */
    private static final long MAX_FRAME = 64L << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final boolean client;
    private final Random maskKeys;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean closing;
    private Thread reader;
    private Compression compression;
    private String writeFailure;
    /** While not null, writes gather here instead of going out: see {@link #hold()}. */
    private ByteArrayOutputStream held;
    private long lastWriteNanos = System.nanoTime();

    /** @param client whether the peer plays the client (and masks what it sends) */
    RawPeer(Socket socket, boolean client, long seed) throws IOException {
        this.socket = socket;
        this.client = client;
        this.maskKeys = new Random(seed);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    InputStream in() {
        return in;
    }

    Socket socket() {
        return socket;
    }

    boolean isClient() {
        return client;
    }

    /** The permessage-deflate context agreed in the handshake, or null. */
    Compression compression() {
        return compression;
    }

    void useCompression(Compression agreed) {
        compression = agreed;
    }

    /** The first write that failed (the other side had gone), or null. */
    String writeFailure() {
        return writeFailure;
    }

    long lastWriteNanos() {
        return lastWriteNanos;
    }

    /** After the handshake: reads frames on a thread of its own until the connection ends. */
    void startReading(String name) throws IOException {
        socket.setSoTimeout(0);
        reader = new Thread(this::readLoop, "raw-peer " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** The next frame or end of connection, or null if nothing came within {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------ sending

    void send(Step step) {
        if (step instanceof Step.Frame frame) {
            byte[] bytes = encode(frame.fin(), frame.rsv(), frame.opcode(), frame.payload(), 0,
                    frame.payload().length, client != frame.wrongMask());
            write(bytes, bytes.length, frame.chunk());
        } else if (step instanceof Step.Partial partial) {
            Step.Frame frame = partial.frame();
            byte[] bytes = encode(frame.fin(), frame.rsv(), frame.opcode(), frame.payload(), 0,
                    frame.payload().length, client != frame.wrongMask());
            int headerSize = bytes.length - frame.payload().length;
            write(bytes, headerSize + partial.sent(), frame.chunk());
        } else if (step instanceof Step.Header header) {
            byte[] bytes = header(header.fin(), header.rsv(), header.opcode(), header.length(), client ? nextKey() : 0, client);
            write(bytes, bytes.length, 0);
        } else if (step instanceof Step.Fragments fragments) {
            sendFragments(fragments);
        } else if (step instanceof Step.Compressed compressed) {
            if (compression == null) {
                throw new AssertionError("a compressed step, but no permessage-deflate was agreed");
            }
            byte[] payload = compression.compress(compressed.message());
            int[] cuts = Send.cutsEvery(payload.length, Math.max(1, -Math.floorDiv(-payload.length, compressed.frames())));
            sendPieces(compressed.opcode(), Send.RSV1, payload, cuts, true, 0);
        }
    }

    private void sendFragments(Step.Fragments fragments) {
        sendPieces(fragments.opcode(), 0, fragments.payload(), fragments.cuts(), fragments.finish(), fragments.chunk());
    }

    private void sendPieces(int opcode, int firstRsv, byte[] payload, int[] cuts, boolean finish, int chunk) {
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : payload.length;
            boolean last = i == cuts.length;
            byte[] bytes = encode(last && finish, i == 0 ? firstRsv : 0, i == 0 ? opcode : Send.CONTINUATION,
                    payload, from, to, client);
            write(bytes, bytes.length, chunk);
            from = to;
        }
    }

    /** Until {@link #release()}, whatever is written is gathered, to go out in one write. */
    void hold() {
        held = new ByteArrayOutputStream();
    }

    /** Writes what was gathered since {@link #hold()} in one write. */
    void release() {
        byte[] bytes = held.toByteArray();
        held = null;
        write(bytes, bytes.length, 0);
    }

    /** Writes bytes as they are (a handshake head); a failure is thrown. */
    void writeRaw(byte[] bytes) throws IOException {
        if (held != null) {
            held.write(bytes, 0, bytes.length);
            return;
        }
        out.write(bytes);
        out.flush();
    }

    /** Writes {@code bytes[0, length)} in flushed writes of {@code chunk} bytes (0: one write); a failure is noted, not thrown. */
    private void write(byte[] bytes, int length, int chunk) {
        if (held != null) {
            held.write(bytes, 0, length);
            return;
        }
        if (writeFailure != null) {
            return;
        }
        try {
            int step = chunk <= 0 ? Math.max(length, 1) : chunk;
            for (int at = 0; at < length; at += step) {
                out.write(bytes, at, Math.min(step, length - at));
                out.flush();
            }
        } catch (IOException e) {
            writeFailure = e.toString();
        }
        lastWriteNanos = System.nanoTime();
    }

    private int nextKey() {
        int key;
        do {
            key = maskKeys.nextInt();
        } while (key == 0);
        return key;
    }

    private byte[] encode(boolean fin, int rsv, int opcode, byte[] payload, int from, int to, boolean masked) {
        int key = masked ? nextKey() : 0;
        byte[] head = header(fin, rsv, opcode, to - from, key, masked);
        byte[] frame = new byte[head.length + to - from];
        System.arraycopy(head, 0, frame, 0, head.length);
        for (int i = 0; i < to - from; i++) {
            frame[head.length + i] = (byte) (payload[from + i] ^ (key >>> (8 * (3 - (i & 3)))));
        }
        return frame;
    }

    private static byte[] header(boolean fin, int rsv, int opcode, long length, int key, boolean masked) {
        int lengthBytes = length >= 0 && length <= 125 ? 0 : length >= 0 && length <= 0xFFFF ? 2 : 8;
        byte[] head = new byte[2 + lengthBytes + (masked ? 4 : 0)];
        head[0] = (byte) ((fin ? 0x80 : 0) | rsv | opcode);
        int mask = masked ? 0x80 : 0;
        head[1] = (byte) (mask | (lengthBytes == 0 ? (int) length : lengthBytes == 2 ? 126 : 127));
        for (int i = 0; i < lengthBytes; i++) {
            head[2 + i] = (byte) (length >>> (8 * (lengthBytes - 1 - i)));
        }
        if (masked) {
            for (int i = 0; i < 4; i++) {
                head[2 + lengthBytes + i] = (byte) (key >>> (8 * (3 - i)));
            }
        }
        return head;
    }

    // ------------------------------------------------------------------ reading

    private void readLoop() {
        DataInputStream data = new DataInputStream(in);
        try {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    events.add(new Event.Eof("EOF", System.nanoTime()));
                    return;
                }
                int second = data.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = data.readUnsignedShort();
                } else if (length == 127) {
                    length = data.readLong();
                }
                if (length < 0 || length > MAX_FRAME) {
                    events.add(new Event.Eof("unreadable frame length " + length, System.nanoTime()));
                    return;
                }
                boolean masked = (second & 0x80) != 0;
                byte[] key = new byte[4];
                if (masked) {
                    data.readFully(key);
                }
                byte[] payload = new byte[(int) length];
                data.readFully(payload);
                if (masked) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= key[i & 3];
                    }
                }
                events.add(new Event.Frame((first & 0x80) != 0, first & 0x70, first & 0x0F, masked, payload, System.nanoTime()));
            }
        } catch (EOFException e) {
            events.add(new Event.Eof("EOF inside a frame", System.nanoTime()));
        } catch (IOException e) {
            if (!closing) {
                events.add(new Event.Eof("reset: " + e.getMessage(), System.nanoTime()));
            }
        }
    }

    /** Half-closes: a FIN goes out, reading goes on. */
    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException | RuntimeException ignored) {
            // Already gone: the reader reports how.
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        if (reader != null) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
