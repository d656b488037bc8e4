package dev.anemone.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.WebSocketServer;
import dev.anemone.protocol.HandshakeException;
import dev.anemone.protocol.HeadLimits;
import dev.anemone.protocol.HttpHeadParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile opening handshakes against a running server on 127.0.0.1: each must be refused (or
 * served) promptly, without the server buffering what it was told to ignore, and the server must
 * serve a well-behaved client right after.
 */
@Timeout(60)
class AdversarialHandshakeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int FOUR_MIB = 4 * 1024 * 1024;

    @Test
    void hundredThousandHeaderLinesGet431QuicklyAndTheConnectionIsClosed() throws Exception {
        try (WebSocketServer server = RawHttp.echoServer().start()) {
            StringBuilder request = new StringBuilder(RawHttp.upgradeHead(server.port()));
            for (int i = 0; i < 100_000; i++) {
                request.append("X-Filler-").append(i).append(": v\r\n");
            }
            request.append("\r\n");
            byte[] bytes = request.toString().getBytes(StandardCharsets.US_ASCII);

            RawHttp.Answer answer = RawHttp.exchange(server.port(), bytes, TIMEOUT);

            System.out.printf("100,000 header lines (%,d bytes): %d after %d ms, closed by server: %s%n",
                    bytes.length, answer.status(), answer.millis(), answer.closedByServer());
            assertThat(answer.status()).isEqualTo(431);
            assertThat(answer.millis()).as("time to the 431, ms").isLessThan(2_000);
            assertThat(answer.closedByServer()).isTrue();
            RawHttp.assertServerStillServes(server.port());
        }
    }

    @Test
    void contentLengthOfAGigabyteOnTheUpgradeIsRefusedWith400WithoutWaitingForTheBody() throws Exception {
        try (WebSocketServer server = RawHttp.echoServer().start()) {
            byte[] request = (RawHttp.upgradeHead(server.port()) + "Content-Length: 1000000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);

            // Not a byte of the promised body is sent: the answer must not wait for it.
            RawHttp.Answer answer = RawHttp.exchange(server.port(), request, TIMEOUT);

            System.out.printf("Content-Length: 1000000000: %d after %d ms, closed by server: %s%n",
                    answer.status(), answer.millis(), answer.closedByServer());
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.millis()).isLessThan(2_000);
            assertThat(answer.closedByServer()).isTrue();
            RawHttp.assertServerStillServes(server.port());
        }
    }

    @Test
    void fourMebibytesOfCommasOrSpacesWithDefaultLimitsGet431() throws Exception {
        try (WebSocketServer server = RawHttp.echoServer().start()) {
            for (String filler : new String[] {", ", " "}) {
                byte[] request = hugeHeader(server.port(), "Sec-WebSocket-Protocol", filler);

                RawHttp.Answer answer = RawHttp.exchange(server.port(), request, TIMEOUT);

                System.out.printf("4 MiB of '%s' in Sec-WebSocket-Protocol, default limits: %d after %d ms%n",
                        filler, answer.status(), answer.millis());
                assertThat(answer.status()).isEqualTo(431);
                assertThat(answer.millis()).isLessThan(2_000);
                assertThat(answer.closedByServer()).isTrue();
            }
            RawHttp.assertServerStillServes(server.port());
        }
    }

    @Test
    void theParserStopsReadingAtTheLimitRatherThanBufferingTheWholeHead() {
        // What the server's connection does with each read, shown on the parser itself: it takes
        // bytes up to the limit and refuses the next one, whatever is still in the buffer.
        byte[] request = hugeHeader(8080, "Sec-WebSocket-Protocol", ", ");
        HttpHeadParser parser = new HttpHeadParser(HeadLimits.defaults());
        ByteBuffer all = ByteBuffer.wrap(request);

        assertThatThrownBy(() -> parser.feed(all))
                .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.status()).isEqualTo(431));
        assertThat(parser.size()).isEqualTo(HeadLimits.defaults().maxBytes());
        assertThat(all.position()).as("bytes taken from a 4 MiB buffer").isLessThanOrEqualTo(8 * 1024 + 1);
    }

    @Test
    void fourMebibytesOfCommasOrSpacesWithRaisedLimitsAreParsedInLinearTime() throws Exception {
        try (WebSocketServer server = RawHttp.echoServer()
                .headLimits(new HeadLimits(8 * 1024 * 1024, 100))
                .start()) {
            for (String header : new String[] {"Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"}) {
                for (String filler : new String[] {", ", " ", ",", "\t, "}) {
                    byte[] request = hugeHeader(server.port(), header, filler);

                    RawHttp.Answer answer = RawHttp.exchange(server.port(), request, TIMEOUT);

                    System.out.printf("4 MiB of '%s' in %s, 8 MiB limit: %d after %d ms%n",
                            filler.replace("\t", "\\t"), header, answer.status(), answer.millis());
                    // Empty list elements are dropped (RFC 9110 section 5.6.1): nothing was offered.
                    assertThat(answer.status()).isEqualTo(101);
                    assertThat(answer.millis()).as("time to the 101, ms").isLessThan(5_000);
                }
            }
            RawHttp.assertServerStillServes(server.port());
        }
    }

    /** An upgrade request whose {@code header} is 4 MiB of {@code filler}. */
    private static byte[] hugeHeader(int port, String header, String filler) {
        StringBuilder request = new StringBuilder(FOUR_MIB + 512).append(RawHttp.upgradeHead(port))
                .append(header).append(": ");
        while (request.length() < FOUR_MIB) {
            request.append(filler);
        }
        request.append("\r\n\r\n");
        return request.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
