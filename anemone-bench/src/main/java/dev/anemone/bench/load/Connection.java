package dev.anemone.bench.load;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.zip.Inflater;

/**
 * One client connection of the load generator: its socket, where it is in its life, the bytes
 * carried between reads, and the send times of its messages in flight. Touched only by the loop
 * that owns it.
 */
final class Connection {

    enum State { CONNECTING, TLS_HANDSHAKING, HANDSHAKING, OPEN, CLOSING, CLOSED }

    final int id;
    final SocketChannel channel;
    /** TLS between the socket and the frames, or null over plain TCP. */
    TlsLink tls;
    SelectionKey key;
    State state = State.CONNECTING;
    /** Where it sits in its loop's list of open connections, for removal in constant time. */
    int slot = -1;

    Upgrade upgrade;
    byte[] head;
    int headLength;

    /** The start of a frame not yet wholly received, kept for the next read. */
    byte[] carry = new byte[0];
    int carryLength;
    /** Bytes the socket did not take yet, or null. */
    ByteBuffer unsent;

    boolean deflate;
    boolean serverKeepsContext;
    Inflater inflater;

    boolean inMessage;
    int messageOpcode;
    boolean messageCompressed;
    long messageLength;

    /** Send times of the messages in flight, oldest first: echoes come back in order. */
    private long[] sentAt = new long[16];
    private int oldest;
    private int inFlight;

    /** Echoes received and not yet answered with a new message (closed-loop workloads). */
    int owed;
    boolean publisher;
    boolean closeSent;
    boolean closeReceived;
    long closingSince;

    Connection(int id, SocketChannel channel) {
        this.id = id;
        this.channel = channel;
    }

    /** Notes that a message sent (or meant to be sent) at {@code nanos} is in flight. */
    void sent(long nanos) {
        if (inFlight == sentAt.length) {
            long[] larger = new long[sentAt.length * 2];
            for (int i = 0; i < inFlight; i++) {
                larger[i] = sentAt[(oldest + i) & (sentAt.length - 1)];
            }
            sentAt = larger;
            oldest = 0;
        }
        sentAt[(oldest + inFlight) & (sentAt.length - 1)] = nanos;
        inFlight++;
    }

    /** The send time of the oldest message in flight, now answered; or -1 if none was in flight. */
    long answered() {
        if (inFlight == 0) {
            return -1;
        }
        long nanos = sentAt[oldest];
        oldest = (oldest + 1) & (sentAt.length - 1);
        inFlight--;
        return nanos;
    }

    int inFlight() {
        return inFlight;
    }
}
