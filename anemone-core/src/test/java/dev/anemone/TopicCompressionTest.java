package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.FrameHeader;
import dev.anemone.protocol.Opcode;
import dev.anemone.protocol.PerMessageDeflate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate and topics: a message published to many subscribers is compressed once for
 * all that compress without context takeover (counted by the server's topic registry), and a
 * subscriber keeping a context gets it uncompressed, so its own compressed stream stays whole.
 */
class TopicCompressionTest {

    /** Acknowledgements stay under it and go out plain; the quotes are compressed. */
    private static final int THRESHOLD = 100;

    private static String quote(int i) {
        return ("{\"symbol\":\"ACME\",\"price\":" + (100 + i) + ",\"venue\":\"XNYS\"} ").repeat(40);
    }

    @Test
    void aMessagePublishedToManySubscribersIsCompressedOnce() throws Exception {
        int subscribers = 10;
        int messages = 20;
        TopicCommands commands = new TopicCommands();
        try (WebSocketServer server = Servers.echo().eventLoops(2).endpoint("/topics", commands)
                .perMessageDeflate(DeflateOptions.defaults().withThreshold(THRESHOLD)).start()) {
            List<Inbox> inboxes = Inbox.connectAll(server, "/topics", subscribers,
                    ClientOptions.builder().perMessageDeflate(DeflateOptions.defaults()).build());
            for (Inbox inbox : inboxes) {
                assertThat(inbox.socket.extensions()).singleElement().asString().startsWith("permessage-deflate");
                inbox.command("sub quotes");
            }

            for (int i = 0; i < messages; i++) {
                server.publish("quotes", quote(i));
            }
            server.broadcast(quote(messages));

            for (Inbox inbox : inboxes) {
                for (int i = 0; i <= messages; i++) {
                    assertThat(inbox.next()).isEqualTo(quote(i));
                }
            }
            assertThat(server.runtime().topics().compressionCount()).isEqualTo(messages + 1);
        }
    }

    @Test
    void onlySubscribersWithoutContextTakeoverGetTheSharedCompression() throws Exception {
        int messages = 10;
        TopicCommands commands = new TopicCommands();
        DeflateOptions contextsAllowed = DeflateOptions.defaults().withThreshold(THRESHOLD).withNoContextTakeover(false, false);
        try (WebSocketServer server = Servers.echo().endpoint("/topics", commands).perMessageDeflate(contextsAllowed).start();
             RawClient sharing = new RawClient(server.port());
             RawClient keeping = new RawClient(server.port())) {
            handshake(sharing, "permessage-deflate; server_no_context_takeover");
            handshake(keeping, "permessage-deflate");
            // Ours keeps a context both ways, and interleaves compressed messages of its own.
            Inbox ours = Inbox.connect(server, "/topics", ClientOptions.builder().perMessageDeflate(contextsAllowed).build());
            ours.command("sub quotes");

            for (int i = 0; i < messages; i++) {
                server.publish("quotes", quote(i));
                ours.socket.send(quote(i));
                assertThat(ours.next()).isEqualTo(quote(i));
                assertThat(ours.next()).isEqualTo("unknown " + quote(i));
            }

            for (int i = 0; i < messages; i++) {
                RawClient.Frame shared = sharing.readFrame();
                assertThat(shared.rsv()).as("RSV1: compressed").isEqualTo(FrameHeader.RSV1);
                assertThat(shared.payload()).as("what every connection without a context would send")
                        .isEqualTo(compressedOnItsOwn(contextsAllowed, quote(i)));
                RawClient.Frame plain = keeping.readFrame();
                assertThat(plain.rsv()).as("not compressed").isZero();
                assertThat(plain.text()).isEqualTo(quote(i));
            }
            assertThat(server.runtime().topics().compressionCount()).isEqualTo(messages);
        }
    }

    /** Upgrades with {@code offer} and subscribes to "quotes". */
    private static void handshake(RawClient client, String offer) throws Exception {
        client.send("GET /topics HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Extensions: " + offer + "\r\n\r\n");
        assertThat(client.readHead()).startsWith("HTTP/1.1 101").contains("Sec-WebSocket-Extensions: permessage-deflate");
        client.sendFrame(true, Opcode.TEXT, "sub quotes".getBytes(StandardCharsets.UTF_8));
        assertThat(client.readFrame().text()).isEqualTo("ok sub quotes");
    }

    /**
     * {@code text} as a connection without context takeover compresses it (the protocol's own
     * tests show that this inflates back to the text).
     */
    private static byte[] compressedOnItsOwn(DeflateOptions options, String text) {
        ByteBuffer compressed = new PerMessageDeflate(options).sharedEncoder()
                .encode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        byte[] bytes = new byte[compressed.remaining()];
        compressed.get(bytes);
        return bytes;
    }
}
