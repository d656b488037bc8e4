package dev.anemone;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Writes frames to a blocking socket from a thread of its own, as fast as the kernel takes them,
 * and counts the bytes written, so that a test can watch its peer push back through TCP: when
 * the server stops reading, the kernel's buffers fill, the writes block, and the count stops
 * growing. Each frame goes out in pieces of {@link #PIECE} bytes, so the count is exact to within
 * one piece.
 */
final class FloodWriter implements AutoCloseable {

    /** The size of each write; the count of bytes written is exact to within it. */
    static final int PIECE = 1024;
    /** The masking key of the frames built here. */
    private static final int MASK_KEY = 0x2C5A71E3;

    private final OutputStream out;
    private final Thread thread;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final Object progress = new Object();
    private long written;

    /** Starts writing frames {@code 0..count-1} built by {@code frameOf} to {@code socket}. */
    FloodWriter(Socket socket, int count, IntFunction<byte[]> frameOf) throws IOException {
        this.out = socket.getOutputStream();
        this.thread = new Thread(() -> run(count, frameOf), "flood-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(int count, IntFunction<byte[]> frameOf) {
        try {
            for (int i = 0; i < count; i++) {
                byte[] frame = frameOf.apply(i);
                for (int at = 0; at < frame.length; at += PIECE) {
                    int n = Math.min(PIECE, frame.length - at);
                    out.write(frame, at, n);
                    synchronized (progress) {
                        written += n;
                        progress.notifyAll();
                    }
                }
            }
            out.flush();
            done.complete(written());
        } catch (Throwable e) {
            done.completeExceptionally(e);
        }
    }

    /** The bytes the kernel has taken so far. */
    long written() {
        synchronized (progress) {
            return written;
        }
    }

    /** Whether every frame was written (or the writer failed). */
    boolean finished() {
        return done.isDone();
    }

    /**
     * Waits until the writer has made no progress for {@code quietMillis} (true: its writes are
     * stalled), or until {@code maxMillis} pass or it finishes first (false). Every byte written
     * wakes the wait, so this measures the absence of progress rather than guessing a delay.
     */
    boolean awaitStall(long quietMillis, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        synchronized (progress) {
            long seen = written;
            long quietSince = System.nanoTime();
            while (!done.isDone()) {
                long now = System.nanoTime();
                if (now - quietSince >= TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
                    return true;
                }
                if (now - deadline >= 0) {
                    return false;
                }
                long waitNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(quietMillis) - (now - quietSince), deadline - now);
                TimeUnit.NANOSECONDS.timedWait(progress, Math.max(1, waitNanos));
                if (written != seen) {
                    seen = written;
                    quietSince = System.nanoTime();
                }
            }
            return false;
        }
    }

    /** Waits for the last frame to be written; returns the bytes written, or throws what the writer hit. */
    long awaitDone(long millis) throws Exception {
        return done.get(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.interrupt();
    }

    /**
     * A masked binary frame of {@code size} payload bytes whose first four bytes are {@code seq}
     * (big-endian) and the rest {@code (byte) seq}: what a test checks on arrival.
     */
    static byte[] numberedBinary(int seq, int size) {
        byte[] payload = new byte[size];
        java.util.Arrays.fill(payload, (byte) seq);
        ByteBuffer.wrap(payload).putInt(0, seq);
        return maskedFrame(0x2, payload);
    }

    /** Whether {@code data} holds exactly what {@link #numberedBinary}{@code (seq, size)} carried. */
    static boolean isNumbered(ByteBuffer data, int seq, int size) {
        if (data.remaining() != size || data.getInt(data.position()) != seq) {
            return false;
        }
        for (int i = data.position() + 4; i < data.limit(); i++) {
            if (data.get(i) != (byte) seq) {
                return false;
            }
        }
        return true;
    }

    /** A whole masked frame of any length, with the shortest length encoding. */
    static byte[] maskedFrame(int opcode, byte[] payload) {
        int length = payload.length;
        int extended = length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
        ByteBuffer frame = ByteBuffer.allocate(2 + extended + 4 + length);
        frame.put((byte) (0x80 | opcode));
        if (extended == 0) {
            frame.put((byte) (0x80 | length));
        } else if (extended == 2) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        frame.putInt(MASK_KEY);
        frame.put(RawPeer.mask(payload, MASK_KEY, 0));
        return frame.array();
    }
}
