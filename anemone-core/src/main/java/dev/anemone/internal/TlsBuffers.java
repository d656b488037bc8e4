package dev.anemone.internal;

import java.nio.ByteBuffer;

/**
 * The buffers an event loop's TLS connections decrypt into and encrypt into, one set per loop
 * rather than two per connection: a connection needs them only while it handles a read or sends,
 * and a loop does one of these at a time. A connection keeps bytes of its own only while a record
 * is cut in two by a read, or its reading is paused in the middle of one.
 */
final class TlsBuffers {

    /** The most plaintext a TLS record carries (RFC 8446 section 5.1, RFC 5246 section 6.2.1). */
    static final int MAX_PLAINTEXT = 16 * 1024;
    /**
     * The room one record needs, decrypted or encrypted, whatever the cipher: the plaintext limit
     * plus the most a TLS 1.2 record may add (2048 bytes) and the header. SSLEngine wants this
     * much free space before it will unwrap or wrap a record.
     */
    static final int RECORD_ROOM = MAX_PLAINTEXT + 2048 + 5;
    /** Records decrypted before their plaintext is handed on: a read of small records is delivered at once. */
    private static final int RECORDS_PER_BATCH = 4;

    /** Plaintext of the records a read brought; lent to the connection's handler for one call. */
    private final ByteBuffer plain = ByteBuffer.allocate(RECORDS_PER_BATCH * RECORD_ROOM);
    /** Records encrypted and not yet handed to the socket, which copies what it cannot send. */
    private final ByteBuffer net = ByteBuffer.allocate(RECORDS_PER_BATCH * RECORD_ROOM);
    /**
     * Where the records a read brings land, and where plaintext writes are gathered before they
     * are encrypted: on the heap, unlike the loop's direct buffers, because the JDK's ciphers
     * read a heap buffer faster than a direct one (on the loop's direct buffers a 4 KiB TLS echo
     * lost 8 to 29 % per server-CPU-second).
     */
    private final ByteBuffer records = ByteBuffer.allocate(EventLoop.READ_BUFFER_SIZE);
    private final ByteBuffer batch = ByteBuffer.allocate(EventLoop.WRITE_BATCH_SIZE);
    /** Header and payload of one write, as SSLEngine takes them; emptied after each wrap. */
    private final ByteBuffer[] sources = new ByteBuffer[2];

    /** The decrypted-plaintext buffer, cleared. */
    ByteBuffer plain() {
        return plain.clear();
    }

    /** The buffer reads of records land in; the caller clears it. */
    ByteBuffer records() {
        return records;
    }

    /** The batch plaintext writes are gathered in, as the loop lends it. */
    ByteBuffer batch() {
        return batch;
    }

    /** The encrypted-records buffer, cleared. */
    ByteBuffer net() {
        return net.clear();
    }

    /** Two slots for the buffers of a gathering wrap; give them back empty. */
    ByteBuffer[] sources() {
        return sources;
    }

    /** Whether {@code buffer} is one of these, lent for the length of a call. */
    boolean owns(ByteBuffer buffer) {
        return buffer == plain || buffer == records;
    }
}
