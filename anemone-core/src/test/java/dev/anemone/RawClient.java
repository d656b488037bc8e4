package dev.anemone;

import dev.anemone.protocol.FrameHeader;
import dev.anemone.protocol.Masking;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately unsophisticated peer on a plain blocking socket: it sends exactly the bytes a
 * test asks for and reads back what the server says, so tests can misbehave on purpose.
 */
final class RawClient implements AutoCloseable {

    /** A frame as read off the wire; {@code rsv} holds its reserved bits as in the header's first byte. */
    record Frame(boolean fin, int opcode, byte[] payload, int rsv) {
        Frame(boolean fin, int opcode, byte[] payload) {
            this(fin, opcode, payload, 0);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** The client's own port: the port in the server's name for this connection. */
    int localPort() {
        return socket.getLocalPort();
    }

    /** Sends a well-formed opening handshake for {@code path} and returns the response head. */
    String handshake(String path) throws IOException {
        send(handshakeRequest(path));
        return readHead();
    }

    /** The opening handshake {@link #handshake} sends. */
    static String handshakeRequest(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one masked frame, as a client must. */
    void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        int maskKey = 0x37FA213D;
        ByteBuffer frame = ByteBuffer.allocate(FrameHeader.size(payload.length, true) + payload.length);
        FrameHeader.write(frame, fin, 0, opcode, payload.length, true, maskKey);
        int start = frame.position();
        frame.put(payload);
        Masking.maskInPlace(frame, start, frame.position(), maskKey, 0);
        send(frame.array());
    }

    /** Reads an HTTP head up to its blank line. */
    String readHead() throws IOException {
        return readHead(in);
    }

    /** Reads an HTTP head up to its blank line from {@code in}; end of stream before it is an EOFException. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection before the end of its HTTP head: '"
                        + head.toString(StandardCharsets.ISO_8859_1) + "'");
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads everything until the server closes the connection. */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Reads one unmasked frame from the server. */
    Frame readFrame() throws IOException {
        return readFrame(in);
    }

    /** Reads one unmasked frame from {@code in}. */
    static Frame readFrame(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame((first & 0x80) != 0, first & 0x0F, payload, first & 0x70);
    }

    /** Whether the server closed the TCP connection within the socket timeout (true), rather than sent more. */
    boolean awaitEof(int timeoutMillis) throws IOException {
        return awaitEof(socket, timeoutMillis);
    }

    /**
     * Whether the peer of {@code socket} closed the connection within {@code timeoutMillis}
     * (true: end of stream or a reset), reading and dropping what comes before; the socket's read
     * timeout is left at {@code timeoutMillis}.
     */
    static boolean awaitEof(Socket socket, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            InputStream raw = socket.getInputStream();
            byte[] sink = new byte[8192];
            while (true) {
                if (raw.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
