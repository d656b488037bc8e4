package dev.anemone.internal;

import dev.anemone.HttpStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends a file through a stream piece by piece, reading on an executor and never holding more
 * than {@link #HIGH_WATER} bytes the client has not taken: past it, the next read waits for the
 * stream to drain. A file of any size costs a few pieces of memory, and no thread waits.
 */
public final class FileSender implements Runnable {

    private static final Log LOG = Log.of(FileSender.class);
    /** The piece read at a time. */
    static final int PIECE = 64 * 1024;
    /** How much may wait for the client before reading pauses. */
    static final long HIGH_WATER = 4 * PIECE;

    private final FileChannel file;
    private final HttpStream stream;
    private final Executor executor;
    private long remaining;

    /** Sends {@code length} bytes of {@code file} from its current position, then ends the stream and closes the file. */
    public FileSender(FileChannel file, long length, HttpStream stream, Executor executor) {
        this.file = file;
        this.remaining = length;
        this.stream = stream;
        this.executor = executor;
    }

    /** Reads and writes until done or the stream is full; runs on the executor. */
    @Override
    public void run() {
        try {
            while (remaining > 0) {
                ByteBuffer piece = ByteBuffer.allocate((int) Math.min(PIECE, remaining));
                if (file.read(piece) < 0) {
                    // The file shrank: ending short of the declared length cuts the answer off.
                    break;
                }
                remaining -= piece.flip().remaining();
                if (!stream.write(piece)) {
                    close();
                    return;
                }
                if (stream.bufferedAmount() > HIGH_WATER) {
                    stream.drained().thenRun(this::resume);
                    return;
                }
            }
            close();
            stream.end();
        } catch (IOException | RuntimeException e) {
            LOG.warn("reading a file to send on " + stream + " failed", e);
            close();
            stream.abort();
        }
    }

    private void resume() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            close();
            stream.abort();
        }
    }

    private void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // Only read from: nothing was lost.
        }
    }
}
