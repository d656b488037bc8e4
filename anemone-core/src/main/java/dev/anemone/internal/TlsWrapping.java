package dev.anemone.internal;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * The sending half of a {@link TlsTransport}: encrypting into the loop's {@link TlsBuffers} and
 * handing the records to the socket, which sends them now or queues a copy. Up to a few records
 * go out in one write. Each method stops when the socket closes (a write that failed).
 */
final class TlsWrapping {

    private TlsWrapping() {
    }

    /** Encrypts {@code header} then {@code payload} into records and sends them. */
    static void records(SSLEngine engine, SocketTransport socket, ByteBuffer header, ByteBuffer payload) throws SSLException {
        TlsBuffers buffers = socket.loop().tlsBuffers();
        ByteBuffer[] sources = buffers.sources();
        try {
            boolean progress = true;
            while (progress && !socket.isClosed() && (header.hasRemaining() || payload.hasRemaining())) {
                ByteBuffer net = buffers.net();
                sources[0] = header;
                sources[1] = payload;
                progress = false;
                while ((header.hasRemaining() || payload.hasRemaining()) && net.remaining() >= TlsBuffers.RECORD_ROOM) {
                    SSLEngineResult result = engine.wrap(sources, 0, 2, net);
                    if (result.getStatus() != Status.OK || result.bytesConsumed() == 0) {
                        break;
                    }
                    progress = true;
                }
                // Emptied before the socket is written to: a write that fails closes the
                // connection, and the application code that hears of it may send on another.
                sources[0] = null;
                sources[1] = null;
                send(socket, net);
            }
        } finally {
            sources[0] = null;
            sources[1] = null;
        }
    }

    /** Sends what the engine has to say for its handshake; returns whether it said anything. */
    static boolean handshake(SSLEngine engine, SocketTransport socket) throws SSLException {
        boolean any = false;
        while (!socket.isClosed() && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            ByteBuffer net = socket.loop().tlsBuffers().net();
            SSLEngineResult result;
            do {
                result = engine.wrap(SocketTransport.EMPTY, net);
            } while (result.bytesProduced() > 0 && result.getHandshakeStatus() == HandshakeStatus.NEED_WRAP
                    && net.remaining() >= TlsBuffers.RECORD_ROOM);
            if (net.position() == 0) {
                break;
            }
            any = true;
            send(socket, net);
            if (result.getStatus() == Status.CLOSED) {
                break;
            }
        }
        return any;
    }

    /**
     * Closes the engine's output and sends its last words: close_notify, or after a failure the
     * alert that names it. Never throws: the connection is ending either way.
     */
    static void closeNotify(SSLEngine engine, SocketTransport socket) {
        engine.closeOutbound();
        try {
            ByteBuffer net = socket.loop().tlsBuffers().net();
            SSLEngineResult result;
            do {
                result = engine.wrap(SocketTransport.EMPTY, net);
            } while (result.bytesProduced() > 0 && !engine.isOutboundDone() && net.remaining() >= TlsBuffers.RECORD_ROOM);
            send(socket, net);
        } catch (SSLException | RuntimeException e) {
            // The peer sees the end of the stream without them.
        }
    }

    /** Hands the records written into {@code net} to the socket. */
    private static void send(SocketTransport socket, ByteBuffer net) {
        net.flip();
        if (net.hasRemaining()) {
            socket.writeUnbatched(net);
        }
    }
}
