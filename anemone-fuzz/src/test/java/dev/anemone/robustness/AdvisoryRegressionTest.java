package dev.anemone.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocketServer;
import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.HeadLimits;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One regression test per class of advisory that another WebSocket implementation shipped, each
 * against a running server on loopback: the precise answer (status or close code), then a
 * well-behaved client served by the same server. Classes tested elsewhere, and where:
 * <ul>
 * <li>{@code Sec-WebSocket-Protocol} of separators (the ws ReDoS), and header-size floods:
 *     {@link AdversarialHandshakeTest#fourMebibytesOfCommasOrSpacesWithDefaultLimitsGet431} (431) and
 *     {@link AdversarialHandshakeTest#fourMebibytesOfCommasOrSpacesWithRaisedLimitsAreParsedInLinearTime};
 *     {@link #wsRedos_tensOfKibOfSeparatorsInTheSubprotocolAreAnsweredAtOnce} here, at the size the
 *     advisory used;
 * <li>header-count floods: {@link AdversarialHandshakeTest#hundredThousandHeaderLinesGet431QuicklyAndTheConnectionIsClosed};
 * <li>a body declared on an upgrade, a gigabyte of it:
 *     {@link AdversarialHandshakeTest#contentLengthOfAGigabyteOnTheUpgradeIsRefusedWith400WithoutWaitingForTheBody};
 * <li>one deflate bomb at the engine: {@code CompressedMessageTest.compressionBombFails1009WithMemoryBoundedByTheLimit}
 *     (anemone-protocol);
 * <li>endless and empty continuation frames: {@code FragmentLimitTest} (anemone-protocol) and
 *     {@code ServerLimitsTest.aMessageInTooManyFragmentsCloses1009AndTheServerServesOthers} (anemone-core);
 * <li>ping floods from a peer that does not read: {@code PingFloodTest} (anemone-core);
 * <li>Slowloris with 2,000 connections while a polite client is served: {@link SlowlorisTest};
 * <li>traversal and symlink escapes from static files: {@code StaticFilesTest} (anemone-core).
 * </ul>
 */
@Timeout(60)
class AdvisoryRegressionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void wsRedos_tensOfKibOfSeparatorsInTheSubprotocolAreAnsweredAtOnce() throws Exception {
        try (WebSocketServer server = RawHttp.echoServer().headLimits(new HeadLimits(256 * 1024, 100)).start()) {
            String separators = ", \t".repeat(64 * 1024 / 3);
            byte[] request = (RawHttp.upgradeHead(server.port()) + "Sec-WebSocket-Protocol: a" + separators + "b\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);

            RawHttp.Answer answer = RawHttp.exchange(server.port(), request, TIMEOUT);

            assertThat(answer.status()).isEqualTo(101);
            assertThat(answer.millis()).as("ms to answer 64 KiB of separators").isLessThan(1_000);
            RawHttp.assertServerStillServes(server.port());
        }
    }

    @Test
    void prototypePollution_extensionNamedConstructorOrProtoIsIgnored() throws Exception {
        try (WebSocketServer server = RawHttp.echoServer().perMessageDeflate(DeflateOptions.defaults()).start()) {
            for (String offer : new String[] {"constructor", "__proto__", "__proto__; constructor=1, toString",
                "hasOwnProperty; __proto__=\"x\""}) {
                RawHttp.Answer answer = upgrade(server, "Sec-WebSocket-Extensions: " + offer);
                assertThat(answer.status()).as(offer).isEqualTo(101);
                assertThat(answer.head()).as(offer).doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
            }
            RawHttp.Answer both = upgrade(server, "Sec-WebSocket-Extensions: constructor, __proto__, permessage-deflate");
            assertThat(both.status()).isEqualTo(101);
            assertThat(both.head()).contains("Sec-WebSocket-Extensions: permessage-deflate");
            RawHttp.assertServerStillServes(server.port());
        }
    }

    @Test
    void quotedStringBackslashFloodInTheExtensionsIsDeclinedAtOnce() throws Exception {
        try (WebSocketServer server = RawHttp.echoServer().perMessageDeflate(DeflateOptions.defaults()).start()) {
            for (String offer : new String[] {"permessage-deflate; client_max_window_bits=\"" + "\\".repeat(6000) + "\"",
                "permessage-deflate; x=\"" + "\\\"".repeat(3000)}) {
                long start = System.nanoTime();
                RawHttp.Answer answer = upgrade(server, "Sec-WebSocket-Extensions: " + offer);
                long millis = (System.nanoTime() - start) / 1_000_000;

                // An offer the server cannot read is declined, as RFC 7692 section 5 lets it: no extension.
                assertThat(answer.status()).isEqualTo(101);
                assertThat(answer.head()).doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
                assertThat(millis).isLessThan(1_000);
            }
            RawHttp.assertServerStillServes(server.port());
        }
    }

    @Test
    void requestSmuggling_aBodyDeclaredOnAnUpgradeIsRefusedWith400() throws Exception {
        try (WebSocketServer server = RawHttp.echoServer().start()) {
            // A masked Text frame hidden as the body: were it taken as WebSocket data, it would echo.
            byte[] frame = {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'};
            for (String framing : new String[] {"Content-Length: " + frame.length, "Transfer-Encoding: chunked"}) {
                byte[] head = (RawHttp.upgradeHead(server.port()) + framing + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                byte[] request = new byte[head.length + frame.length];
                System.arraycopy(head, 0, request, 0, head.length);
                System.arraycopy(frame, 0, request, head.length, frame.length);

                RawHttp.Answer answer = RawHttp.exchange(server.port(), request, TIMEOUT);

                assertThat(answer.status()).as(framing).isEqualTo(400);
                assertThat(answer.closedByServer()).as(framing).isTrue();
            }
            RawHttp.assertServerStillServes(server.port());
        }
    }

    @Test
    void deflateBomb_inOneMessageCloses1009() throws Exception {
        try (WebSocketServer server = deflateServer(); Peer peer = Peer.deflating(server)) {
            peer.write(peer.frame(true, 0x2, true, peer.compress(new byte[4 * 1024 * 1024])));
            assertThat(peer.closeCode()).isEqualTo(1009);
            RawHttp.assertServerStillServes(server.port());
        }
    }

    @Test
    void deflateBomb_inFragmentsCloses1009() throws Exception {
        try (WebSocketServer server = deflateServer(); Peer peer = Peer.deflating(server)) {
            byte[] compressed = peer.compress(new byte[4 * 1024 * 1024]);
            int third = compressed.length / 3;
            peer.write(peer.frame(false, 0x2, true, slice(compressed, 0, third)),
                    peer.frame(false, 0x0, false, slice(compressed, third, 2 * third)),
                    peer.frame(true, 0x0, false, slice(compressed, 2 * third, compressed.length)));
            assertThat(peer.closeCode()).isEqualTo(1009);
            RawHttp.assertServerStillServes(server.port());
        }
    }

    @Test
    void deflateBomb_acrossMessagesWithContextTakeoverCloses1009AtTheMessageOverTheLimit() throws Exception {
        try (WebSocketServer server = deflateServer(); Peer peer = Peer.deflating(server)) {
            assertThat(peer.head).doesNotContain("client_no_context_takeover");
            // The client keeps its context: each message below refers back to the ones before.
            byte[] half = new byte[512 * 1024];
            peer.write(peer.frame(true, 0x1, true, peer.compress(half)));
            assertThat(peer.echoedTextLength()).isEqualTo(half.length);
            peer.write(peer.frame(true, 0x1, true, peer.compress(half)));
            assertThat(peer.echoedTextLength()).isEqualTo(half.length);
            peer.write(peer.frame(true, 0x1, true, peer.compress(new byte[2 * 1024 * 1024])));
            assertThat(peer.closeCode()).isEqualTo(1009);
            RawHttp.assertServerStillServes(server.port());
        }
    }

    @Test
    void reservedOpcodeWithA2To62LengthCloses1002AtItsHeader() throws Exception {
        try (WebSocketServer server = RawHttp.echoServer().start(); Peer peer = Peer.plain(server)) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x83);
            frame.write(0xFF);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((1L << 62) >>> shift) & 0xFF);
            }
            frame.write(new byte[] {1, 2, 3, 4});
            // Not a byte of the payload: the answer must not wait for 4 EiB.
            peer.write(frame.toByteArray());
            assertThat(peer.closeCode()).isEqualTo(1002);
            RawHttp.assertServerStillServes(server.port());
        }
    }

    @Test
    void rstStorm_descriptorsGoBackToTheBaseline() throws Exception {
        try (WebSocketServer server = RawHttp.echoServer().maxConnectionsPerAddress(10_000)
                .connectionsPerSecondPerAddress(0).handshakesPerSecondPerAddress(0).start()) {
            RawHttp.assertServerStillServes(server.port());
            long baseline = openDescriptors();
            for (int round = 0; round < 5; round++) {
                List<Socket> sockets = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                    OutputStream out = socket.getOutputStream();
                    // A third upgraded, a third cut inside the request head, a third silent.
                    if (i % 3 == 0) {
                        out.write((RawHttp.upgradeHead(server.port()) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    } else if (i % 3 == 1) {
                        out.write("GET /echo HTTP/1.1\r\nHost: 127".getBytes(StandardCharsets.ISO_8859_1));
                    }
                    sockets.add(socket);
                }
                for (Socket socket : sockets) {
                    socket.setSoLinger(true, 0);   // close() now sends RST, not FIN
                    socket.close();
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long now = openDescriptors();
            while (now > baseline + 5 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                now = openDescriptors();
            }
            assertThat(now).as("descriptors after 1,000 resets (baseline " + baseline + ")").isLessThanOrEqualTo(baseline + 5);
            assertThat(server.clients()).isEmpty();
            RawHttp.assertServerStillServes(server.port());
        }
    }

    private static long openDescriptors() throws IOException {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        }
    }

    private static WebSocketServer deflateServer() {
        return RawHttp.echoServer().maxMessageSize(1024 * 1024)
                .perMessageDeflate(DeflateOptions.defaults().withNoContextTakeover(true, false)).start();
    }

    private static RawHttp.Answer upgrade(WebSocketServer server, String header) throws Exception {
        byte[] request = (RawHttp.upgradeHead(server.port()) + header + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return RawHttp.exchange(server.port(), request, TIMEOUT);
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        byte[] part = new byte[to - from];
        System.arraycopy(bytes, from, part, 0, part.length);
        return part;
    }

    /** An upgraded raw client: frames written as given, a deflater that keeps its context. */
    private static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        final String head;

        private Peer(WebSocketServer server, String extensions) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            out.write((RawHttp.upgradeHead(server.port()) + extensions + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101 ");
        }

        static Peer plain(WebSocketServer server) throws IOException {
            return new Peer(server, "");
        }

        static Peer deflating(WebSocketServer server) throws IOException {
            Peer peer = new Peer(server, "Sec-WebSocket-Extensions: permessage-deflate\r\n");
            assertThat(peer.head).contains("permessage-deflate");
            return peer;
        }

        /** {@code data} compressed as RFC 7692 wants: flushed, the final empty block's 4 bytes left off. */
        byte[] compress(byte[] data) {
            deflater.setInput(data);
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                compressed.write(buffer, 0, n);
            } while (n == buffer.length);
            byte[] all = compressed.toByteArray();
            return slice(all, 0, all.length - 4);
        }

        byte[] frame(boolean fin, int opcode, boolean rsv1, byte[] payload) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else if (payload.length < 65536) {
                frame.write(0x80 | 126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xFF);
            } else {
                frame.write(0x80 | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) payload.length >>> shift) & 0xFF);
                }
            }
            frame.write(new byte[4], 0, 4);   // a zero mask: the payload goes as it is
            frame.write(payload, 0, payload.length);
            return frame.toByteArray();
        }

        void write(byte[]... frames) throws IOException {
            for (byte[] frame : frames) {
                out.write(frame);
            }
            out.flush();
        }

        /** Reads frames until a Close and returns its code; fails on a timeout or a TCP close first. */
        int closeCode() throws IOException {
            while (true) {
                Frame frame = readFrame();
                if (frame.opcode == 0x8) {
                    return (frame.payload[0] & 0xFF) << 8 | frame.payload[1] & 0xFF;
                }
            }
        }

        /** The length of the echoed Text message, inflated if it came compressed. */
        int echoedTextLength() throws IOException {
            Frame frame = readFrame();
            assertThat(frame.opcode).as("a Text frame").isEqualTo(0x1);
            if ((frame.first & 0x40) == 0) {
                return frame.payload.length;
            }
            java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
            byte[] input = new byte[frame.payload.length + 4];
            System.arraycopy(frame.payload, 0, input, 0, frame.payload.length);
            input[input.length - 2] = (byte) 0xFF;
            input[input.length - 1] = (byte) 0xFF;
            inflater.setInput(input);
            byte[] buffer = new byte[64 * 1024];
            int total = 0;
            try {
                for (int n = inflater.inflate(buffer); n > 0; n = inflater.inflate(buffer)) {
                    total += n;
                }
            } catch (java.util.zip.DataFormatException e) {
                throw new AssertionError("the server's echo does not inflate", e);
            } finally {
                inflater.end();
            }
            return total;
        }

        private record Frame(int first, int opcode, byte[] payload) {
        }

        private Frame readFrame() throws IOException {
            try {
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
                return new Frame(first, first & 0x0F, payload);
            } catch (SocketTimeoutException timedOut) {
                throw new AssertionError("no frame from the server within 10 s");
            } catch (EOFException eof) {
                throw new AssertionError("the server closed TCP instead of sending a frame");
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("closed inside the response head: " + head);
                }
                head.write(b);
                byte[] h = head.toByteArray();
                int n = h.length;
                if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
        }

        @Override
        public void close() throws IOException {
            deflater.end();
            socket.close();
        }
    }
}
