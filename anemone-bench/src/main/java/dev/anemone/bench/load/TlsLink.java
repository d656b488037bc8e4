package dev.anemone.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The generator's side of TLS on one connection: an {@link SSLEngine} in client mode between the
 * socket and the loop's plain-text buffers. It never blocks: a handshake or a write the socket
 * cannot take yet waits for the next readiness event, with what is left kept here.
 */
final class TlsLink {

    private final SSLEngine engine;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private final ByteBuffer empty = ByteBuffer.allocate(0);
    private boolean inboundDone;

    TlsLink(SSLEngine engine) throws SSLException {
        this.engine = engine;
        engine.beginHandshake();
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocateDirect(packet * 2);
        this.netOut = ByteBuffer.allocateDirect(packet * 2);
        this.netOut.flip();
    }

    /**
     * Moves the handshake on as far as the socket allows.
     *
     * @return true once it is over and application data may flow
     */
    boolean handshake(SocketChannel channel) throws IOException {
        if (!flush(channel)) {
            return false;
        }
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    wrap(empty);
                    if (!flush(channel)) {
                        return false;
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult result = unwrapInto(empty);
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        int n = fill(channel);
                        if (n < 0) {
                            throw new SSLException("the server closed the connection during the TLS handshake");
                        }
                        if (n == 0) {
                            return false;
                        }
                    } else if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the server ended TLS during its handshake");
                    }
                }
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    return true;
                }
            }
        }
    }

    /**
     * Reads what the socket has and decrypts every whole record into {@code plain}.
     *
     * @return the plain-text bytes added, or -1 once the server has closed (TCP or close_notify)
     */
    int read(SocketChannel channel, ByteBuffer plain) throws IOException {
        int before = plain.position();
        int n = fill(channel);
        while (netIn.position() > 0 && !inboundDone) {
            if (plain.remaining() < engine.getSession().getApplicationBufferSize()) {
                break;
            }
            SSLEngineResult result = unwrapInto(plain);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                break;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                inboundDone = true;
            }
        }
        int added = plain.position() - before;
        return added == 0 && (n < 0 || inboundDone) ? -1 : added;
    }

    /** Encrypts all of {@code plain} and writes as much as the socket takes. */
    void write(SocketChannel channel, ByteBuffer plain) throws IOException {
        while (plain.hasRemaining()) {
            if (wrap(plain).bytesConsumed() == 0) {
                throw new SSLException("TLS took no data: " + engine.getHandshakeStatus());
            }
        }
        flush(channel);
    }

    /**
     * Writes encrypted bytes still waiting for the socket.
     *
     * @return true when none is left
     */
    boolean flush(SocketChannel channel) throws IOException {
        if (netOut.hasRemaining()) {
            channel.write(netOut);
        }
        return !netOut.hasRemaining();
    }

    /** Whether encrypted bytes wait for the socket to take them. */
    boolean pending() {
        return netOut.hasRemaining();
    }

    private SSLEngineResult wrap(ByteBuffer plain) throws SSLException {
        netOut.compact();
        try {
            while (true) {
                SSLEngineResult result = engine.wrap(plain, netOut);
                if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    return result;
                }
                ByteBuffer larger = ByteBuffer.allocateDirect(netOut.capacity() * 2);
                netOut.flip();
                larger.put(netOut);
                netOut = larger;
            }
        } finally {
            netOut.flip();
        }
    }

    private SSLEngineResult unwrapInto(ByteBuffer plain) throws SSLException {
        netIn.flip();
        try {
            return engine.unwrap(netIn, plain);
        } finally {
            netIn.compact();
        }
    }

    private int fill(SocketChannel channel) throws IOException {
        if (!netIn.hasRemaining()) {
            ByteBuffer larger = ByteBuffer.allocateDirect(netIn.capacity() * 2);
            netIn.flip();
            larger.put(netIn);
            netIn = larger;
        }
        return channel.read(netIn);
    }
}
