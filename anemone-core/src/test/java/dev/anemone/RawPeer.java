package dev.anemone;

import dev.anemone.protocol.Opcode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A peer on a plain blocking socket, like {@link RawClient}, for tests that need more control:
 * a read timeout of their choosing (a fault that makes the server go silent fails the test in
 * seconds, with a message saying what did not come), a receive buffer set before connecting,
 * several frames written with one system call, and masked frames built to order.
 */
final class RawPeer implements AutoCloseable {

    /** The masking key of frames built without one. */
    static final int MASK_KEY = 0x37FA213D;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final int timeoutMillis;

    /** Connects to 127.0.0.1:{@code port}; reads give up after five seconds. */
    RawPeer(int port) throws IOException {
        this(port, 0, 5_000);
    }

    /**
     * Connects to 127.0.0.1:{@code port}, with a receive buffer of {@code receiveBufferBytes}
     * (0: the kernel's default), set before connecting so that the window is small from the start.
     */
    RawPeer(int port, int receiveBufferBytes, int timeoutMillis) throws IOException {
        this.timeoutMillis = timeoutMillis;
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** The local port, which the server sees in the peer's address. */
    int localPort() {
        return socket.getLocalPort();
    }

    /** The underlying socket, for a test that writes or closes from another thread. */
    Socket socket() {
        return socket;
    }

    /** Sends a well-formed opening handshake for {@code path} and returns the response head. */
    String handshake(String path) throws IOException {
        write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        return readHead();
    }

    /** Completes the opening handshake for {@code path}, failing the test unless the answer is 101. */
    RawPeer open(String path) throws IOException {
        String head = handshake(path);
        if (!head.startsWith("HTTP/1.1 101 ")) {
            throw new AssertionError("expected 101 Switching Protocols for " + path + ", got: " + head);
        }
        return this;
    }

    /** Sends {@code parts} one after the other in a single write, so that they travel together. */
    void write(byte[]... parts) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.write(part);
        }
        out.write(all.toByteArray());
        out.flush();
    }

    /** Sends an ASCII request (HTTP) and returns everything the server answers until it closes. */
    String request(String ascii) throws IOException {
        write(ascii.getBytes(StandardCharsets.ISO_8859_1));
        return readToEnd();
    }

    /** Reads until the server closes; what came if the read timeout passes first. */
    String readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                all.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException timedOut) {
            // What came so far is the answer.
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads one whole HTTP response to a request with {@code method}, leaving what follows it. */
    RawResponse readResponse(String method) throws IOException {
        try {
            return RawResponse.read(in, method);
        } catch (SocketTimeoutException timedOut) {
            throw new AssertionError("no complete HTTP response within " + timeoutMillis + " ms");
        }
    }

    /** Reads one line, without its CRLF, as the lines of an event stream. */
    String readLine() throws IOException {
        return RawResponse.readLine(in);
    }

    /** Reads an HTTP head up to its blank line. */
    String readHead() throws IOException {
        try {
            return RawClient.readHead(in);
        } catch (EOFException closed) {
            throw new AssertionError(closed.getMessage());
        } catch (SocketTimeoutException timedOut) {
            throw new AssertionError("no complete HTTP head within " + timeoutMillis + " ms");
        }
    }

    /**
     * Reads one unmasked frame from the server, failing the test with a message when none comes
     * within the read timeout or the server closes TCP first.
     */
    RawClient.Frame readFrame() throws IOException {
        try {
            return RawClient.readFrame(in);
        } catch (SocketTimeoutException timedOut) {
            throw new AssertionError("no frame from the server within " + timeoutMillis + " ms");
        } catch (EOFException eof) {
            throw new AssertionError("the server closed TCP instead of sending a frame");
        }
    }

    /** Reads frames until a Close frame and returns it, skipping whatever came before. */
    RawClient.Frame readUntilClose() throws IOException {
        while (true) {
            RawClient.Frame frame = readFrame();
            if (frame.opcode() == Opcode.CLOSE) {
                return frame;
            }
        }
    }

    /** Whether the server closed TCP within {@code millis} (true), rather than left it open. */
    boolean awaitEof(int millis) throws IOException {
        try {
            return RawClient.awaitEof(socket, millis);
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(timeoutMillis);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ------------------------------------------------------------ frames, masked as a client must

    /** A masked text frame. */
    static byte[] text(String text) {
        return frame(true, Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8), MASK_KEY);
    }

    /** A masked binary frame. */
    static byte[] binary(byte[] data) {
        return frame(true, Opcode.BINARY, data, MASK_KEY);
    }

    /** A masked ping. */
    static byte[] ping(byte[] payload) {
        return frame(true, Opcode.PING, payload, MASK_KEY);
    }

    /** A masked pong. */
    static byte[] pong(byte[] payload) {
        return frame(true, Opcode.PONG, payload, MASK_KEY);
    }

    /** A masked Close frame with {@code code} and no reason. */
    static byte[] close(int code) {
        return frame(true, Opcode.CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, MASK_KEY);
    }

    /** A frame with a payload of at most 65535 bytes, masked with {@code maskKey}. */
    static byte[] frame(boolean fin, int opcode, byte[] payload, int maskKey) {
        int length = payload.length;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("at most 65535 bytes here, not " + length);
        }
        ByteBuffer frame = ByteBuffer.allocate((length <= 125 ? 2 : 4) + 4 + length);
        frame.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (length <= 125) {
            frame.put((byte) (0x80 | length));
        } else {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        }
        frame.putInt(maskKey);
        frame.put(mask(payload, maskKey, 0));
        return frame.array();
    }

    /**
     * {@code bytes} XORed with the key stream of {@code maskKey} starting at {@code payloadOffset}
     * (RFC 6455 section 5.3): masks plain bytes, and unmasks masked ones.
     */
    static byte[] mask(byte[] bytes, int maskKey, int payloadOffset) {
        byte[] result = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int shift = 24 - 8 * ((payloadOffset + i) & 3);
            result[i] = (byte) (bytes[i] ^ (maskKey >>> shift));
        }
        return result;
    }
}
