package dev.anemone.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * A {@link Transport} that speaks TLS through an {@link SSLEngine} over a {@link SocketTransport}:
 * the session above writes and reads plaintext, the socket below moves records.
 *
 * <p>It holds no buffers while idle. Records are decrypted into and encrypted into the loop's
 * {@link TlsBuffers}; small plaintext writes are gathered in the loop's write batch and encrypted
 * together when the loop finishes its piece of work; what the kernel does not take waits,
 * encrypted, in the socket's queue. A connection keeps bytes of its own only for a record a read
 * cut in two ({@link TlsRecords}), for what arrived while its reading was paused or while the
 * engine's delegated tasks ran, and for what it was asked to send before its handshake finished.
 *
 * <p>The engine's delegated tasks (key exchange, signatures, certificate checks) run on
 * {@link TlsTasks}, off the loop; the connection resumes on its loop when they are done.
 *
 * <p>{@link #shutdownOutput()} only ends sending: no close_notify and no TCP half-close follow the
 * WebSocket Close frame. Under TLS 1.2 a close_notify ends both directions (RFC 5246 section
 * 7.2.1: the receiver answers with its own and discards pending writes), and TLS stacks that
 * cannot half-close (Python's asyncio) close at once on one under TLS 1.3 too: either way it
 * would cut off the peer's answer to the Close frame. So close_notify goes out when the connection
 * closes, before the FIN, on every close that does not drop queued bytes; a peer's close_notify
 * is the end of its stream. A renegotiation under TLS 1.2 is refused by closing the connection.
 */
final class TlsTransport implements Transport, TransportHandler, BatchOwner {

    private static final Log LOG = Log.of(TlsTransport.class);

    /** What waits for the plaintext held back before the handshake finished: nothing, or an ending. */
    private static final byte END_NONE = 0;
    private static final byte END_SHUTDOWN_OUTPUT = 1;
    private static final byte END_AFTER_FLUSH = 2;
    private static final byte END_LINGERING = 3;

    private final SocketTransport socket;
    private final SSLEngine engine;
    private TransportHandler handler;
    /** Records received and not decrypted yet (see {@link TlsRecords}), in read mode; else null. */
    private ByteBuffer received;
    /** Plaintext to send once the handshake or a delegated task is done, in read mode; else null. */
    private ByteBuffer held;
    private byte endAfterHeld = END_NONE;
    private boolean handshakeDone;
    private boolean taskRunning;
    private boolean readPaused;
    /** Nothing more is sent: output was shut down, or close_notify went out. */
    private boolean outputDone;
    private boolean closeNotifySent;
    private boolean peerClosed;
    private boolean firstBytesSeen;
    private boolean closed;

    private TlsTransport(EventLoop loop, Registration key, InetSocketAddress remoteAddress, SSLEngine engine,
                         TransportHandler handler) throws IOException {
        this.engine = engine;
        this.handler = handler;
        engine.beginHandshake();
        this.socket = new SocketTransport(loop, key, remoteAddress, this, true);
    }

    /** The server's side of an accepted connection, registered as {@code key}; the client speaks first. */
    static TlsTransport server(EventLoop loop, Registration key, InetSocketAddress remoteAddress, SSLEngine engine,
                               TransportHandler handler) throws IOException {
        return new TlsTransport(loop, key, remoteAddress, engine, handler);
    }

    /** The client's side of a connected socket, registered as {@code key}; call {@link #start()} to send its hello. */
    static TlsTransport client(EventLoop loop, Registration key, InetSocketAddress remoteAddress, SSLEngine engine,
                               TransportHandler handler) throws IOException {
        return new TlsTransport(loop, key, remoteAddress, engine, handler);
    }

    /** Starts the handshake: the client sends its hello. */
    void start() {
        process(SocketTransport.EMPTY);
    }

    @Override
    public EventLoop loop() {
        return socket.loop();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return socket.remoteAddress();
    }

    @Override
    public void setHandler(TransportHandler handler) {
        this.handler = handler;
    }

    @Override
    public long queuedBytes() {
        return socket.queuedBytes();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    // ------------------------------------------------------------ reading

    @Override
    public void onData(ByteBuffer data) {
        if (closed || peerClosed) {
            return;
        }
        if (!firstBytesSeen) {
            firstBytesSeen = true;
            if (!engine.getUseClientMode() && !TlsRecords.startsHandshake(data)) {
                refuseWithoutTls(data);
                return;
            }
        }
        if (received != null) {
            // The record cut in two by the last read is completed first, and decrypted with what
            // was waiting; only then do this read's own records follow, straight from its buffer.
            received = TlsRecords.completeLast(received, data);
            process(received);
            if (closed) {
                return;
            }
            if (received.hasRemaining()) {
                keep(data, data.remaining());
                return;
            }
        }
        process(data);
        if (closed) {
            return;
        }
        if (data.hasRemaining()) {
            keep(data, data.remaining());
        } else if (received != null && !received.hasRemaining()) {
            received = null;
        }
    }

    /** Appends {@code length} bytes of {@code data} to what waits to be decrypted. */
    private void keep(ByteBuffer data, int length) {
        received = TlsRecords.appendRecords(received, data, length);
    }

    /**
     * Drives the engine over {@code in}: handshake steps, then decryption of application data,
     * which is handed to the handler. Stops when more bytes are needed, reading is paused, a
     * delegated task runs, or the connection ends; what is left stays in {@code in}.
     */
    private void process(ByteBuffer in) {
        try {
            while (!closed && !taskRunning && !peerClosed) {
                HandshakeStatus status = engine.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    runTasks();
                    return;
                }
                if (status == HandshakeStatus.NEED_WRAP) {
                    if (!TlsWrapping.handshake(engine, socket)) {
                        return;
                    }
                    continue;
                }
                boolean handshaking = status != HandshakeStatus.NOT_HANDSHAKING;
                if (!handshaking && !handshakeDone) {
                    handshakeFinished();
                    continue;
                }
                if (handshaking && handshakeDone && !closeNotifySent && TlsEngines.isTls12(engine)) {
                    refuseRenegotiation();
                    return;
                }
                if ((handshakeDone && readPaused) || !in.hasRemaining() || !unwrap(in)) {
                    return;
                }
            }
        } catch (SSLException e) {
            failed(e);
        }
    }

    /**
     * Decrypts the records at the start of {@code in} and hands their plaintext to the handler,
     * several records at once; returns whether to go on.
     */
    private boolean unwrap(ByteBuffer in) throws SSLException {
        ByteBuffer plain = loop().tlsBuffers().plain();
        SSLEngineResult result;
        do {
            result = engine.unwrap(in, plain);
        } while (result.getStatus() == Status.OK && result.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && plain.remaining() >= TlsBuffers.RECORD_ROOM && TlsRecords.startsApplicationData(in));
        plain.flip();
        if (plain.hasRemaining()) {
            handler.onData(plain);
        }
        if (!closed && TlsRecords.startsAlert(in)) {
            // A TLS 1.2 close_notify closes our side too: what the handler just wrote in answer
            // (the reply to a Close frame) must be encrypted before the engine reads it.
            flushBatch();
        }
        switch (result.getStatus()) {
            case CLOSED:
                peerClosedOutput();
                return false;
            case BUFFER_UNDERFLOW:
                return false;
            case BUFFER_OVERFLOW:
                if (plain.limit() == 0) {
                    throw new SSLException("a record larger than " + TlsBuffers.RECORD_ROOM + " bytes");
                }
                return true;
            default:
                return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
        }
    }

    /** The peer's close_notify: its stream is over, as with a TCP end of stream. */
    private void peerClosedOutput() {
        peerClosed = true;
        received = null;
        handler.onEof();
    }

    @Override
    public void onEof() {
        if (!closed) {
            handler.onEof();
        }
    }

    private void handshakeFinished() {
        handshakeDone = true;
        sendHeld();
    }

    /** Runs the engine's delegated tasks off the loop, then resumes on it. */
    private void runTasks() {
        taskRunning = true;
        EventLoop loop = loop();
        TlsTasks.run(engine, failure -> loop.execute(() -> tasksDone(failure)));
    }

    private void tasksDone(Throwable failure) {
        taskRunning = false;
        if (closed) {
            return;
        }
        if (failure != null) {
            failed(failure instanceof SSLException ssl ? ssl : new SSLException(failure));
            return;
        }
        resumeInput();
        if (!closed && handshakeDone && !taskRunning) {
            sendHeld();
        }
    }

    /** Goes on with what waits to be decrypted, or with the handshake when nothing does. */
    private void resumeInput() {
        if (closed || taskRunning || readPaused && handshakeDone) {
            return;
        }
        process(received != null ? received : SocketTransport.EMPTY);
        if (received != null && !received.hasRemaining()) {
            received = null;
        }
    }

    @Override
    public void pauseReading() {
        readPaused = true;
        socket.pauseReading();
    }

    @Override
    public void resumeReading() {
        readPaused = false;
        socket.resumeReading();
        if (received != null) {
            // Not now: the caller may be in the middle of handling another connection's bytes,
            // which sit in the loop's plaintext buffer this would decrypt into.
            loop().submit(this::resumeInput);
        }
    }

    /** A server's first bytes are not a TLS handshake. */
    private void refuseWithoutTls(ByteBuffer data) {
        outputDone = true;
        peerClosed = true;
        TlsRecords.refuseWithoutTls(socket, data);
    }

    private void refuseRenegotiation() {
        LOG.debug("refused a TLS 1.2 renegotiation from " + remoteAddress());
        close(null);
    }

    // ------------------------------------------------------------ writing

    @Override
    public void write(ByteBuffer header, ByteBuffer payload, boolean endsFrame) {
        if (closed || outputDone || endAfterHeld != END_NONE) {
            return;
        }
        if (!handshakeDone || taskRunning || held != null) {
            held = TlsRecords.append(TlsRecords.append(held, header, header.remaining(), 0), payload, payload.remaining(), 0);
            return;
        }
        ByteBuffer batch = loop().claimBatch(this);
        if (header.remaining() + payload.remaining() <= batch.remaining()) {
            batch.put(header).put(payload);
            return;
        }
        flushBatch();
        if (!closed) {
            wrapAndSend(header, payload);
        }
    }

    /**
     * Encrypted records cannot pass one another (each carries its sequence number), so a control
     * frame goes in order, behind what is queued: over TLS a ping's answer waits its turn.
     */
    @Override
    public void writeAhead(ByteBuffer header, ByteBuffer payload) {
        write(header, payload, true);
    }

    @Override
    public boolean encryptsBatch() {
        return true;
    }

    @Override
    public void flushBatch() {
        ByteBuffer batch = loop().batchOf(this);
        if (batch == null) {
            return;
        }
        if (batch.position() > 0 && !closed) {
            batch.flip();
            wrapAndSend(batch, SocketTransport.EMPTY);
        }
        loop().releaseBatch(this);
    }

    /** Encrypts and sends; a failure of the engine ends the connection. */
    private void wrapAndSend(ByteBuffer header, ByteBuffer payload) {
        try {
            TlsWrapping.records(engine, socket, header, payload);
        } catch (SSLException e) {
            failed(e);
        }
    }

    /** Plaintext written before the handshake finished goes out now, and any ending asked for meanwhile. */
    private void sendHeld() {
        ByteBuffer waiting = held;
        held = null;
        if (waiting != null) {
            wrapAndSend(waiting, SocketTransport.EMPTY);
        }
        byte ending = endAfterHeld;
        endAfterHeld = END_NONE;
        switch (ending) {
            case END_SHUTDOWN_OUTPUT -> shutdownOutput();
            case END_AFTER_FLUSH -> closeAfterFlush();
            case END_LINGERING -> closeLingering();
            default -> {
            }
        }
    }

    // ------------------------------------------------------------ closing

    /** Whether an ending must wait for held plaintext; if so, remembers it. */
    private boolean deferred(byte ending) {
        if (held == null && handshakeDone && !taskRunning) {
            return false;
        }
        if (endAfterHeld == END_NONE || ending > endAfterHeld) {
            endAfterHeld = ending;
        }
        return true;
    }

    @Override
    public void shutdownOutput() {
        if (closed || outputDone || deferred(END_SHUTDOWN_OUTPUT)) {
            return;
        }
        flushBatch();
        outputDone = true;
    }

    @Override
    public void closeAfterFlush() {
        if (closed || deferred(END_AFTER_FLUSH)) {
            return;
        }
        flushBatch();
        sendCloseNotify();
        socket.closeAfterFlush();
    }

    @Override
    public void closeLingering() {
        if (closed || deferred(END_LINGERING)) {
            return;
        }
        flushBatch();
        sendCloseNotify();
        socket.closeLingering();
    }

    @Override
    public void close(IOException cause) {
        if (closed) {
            return;
        }
        // A close_notify says that nothing was cut off: not when queued bytes are being dropped.
        if (cause == null && handshakeDone && !taskRunning && socket.queuedBytes() == 0) {
            flushBatch();
            sendCloseNotify();
        }
        socket.close(cause);
    }

    /** Tells the peer that nothing follows (close_notify), once. */
    private void sendCloseNotify() {
        if (!closeNotifySent && !closed) {
            closeNotifySent = true;
            outputDone = true;
            TlsWrapping.closeNotify(engine, socket);
        }
    }

    /**
     * The handshake or a record failed (a peer that speaks no TLS, an untrusted certificate, a
     * forged record): the engine's alert goes out and the connection closes with the failure as
     * its cause. Not logged above debug: scanners and broken clients do this all day.
     */
    private void failed(SSLException failure) {
        if (closed) {
            return;
        }
        LOG.debug("TLS failed with " + remoteAddress() + ": " + failure);
        // After a failure the engine's next words are its alert.
        sendCloseNotify();
        socket.close(failure);
    }

    @Override
    public void onDrained() {
        if (!closed && held == null) {
            handler.onDrained();
        }
    }

    @Override
    public void onClosed(IOException cause) {
        if (closed) {
            return;
        }
        closed = true;
        loop().releaseBatch(this);
        received = null;
        held = null;
        engine.closeOutbound();
        handler.onClosed(cause);
    }
}
