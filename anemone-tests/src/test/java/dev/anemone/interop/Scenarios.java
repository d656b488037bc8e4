package dev.anemone.interop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** What every pairing exchanges: the sizes, fragment splits, ping payloads, close reasons. */
final class Scenarios {

    /** The subprotocol both sides support; clients offer an unknown one first. */
    static final String PROTOCOL = "anemone.v1";
    static final String UNKNOWN_PROTOCOL = "x-unknown.v9";

    /** Payload sizes around the 7-bit and 16-bit length encodings, and large ones. */
    static final int[] SIZES = {0, 125, 126, 64 * 1024, 8 * 1024 * 1024};

    /** 125 bytes: the largest control frame payload. */
    static final byte[] OUR_PING = Payloads.binary(125);
    static final byte[] PEER_PING = "ping \u2192 \u00fc".getBytes(StandardCharsets.UTF_8);

    static final int PEER_CLOSE_CODE = 4001;
    static final String PEER_CLOSE_REASON = "peer says bye \u2192 \u00fc";
    static final int OUR_CLOSE_CODE = 4002;
    static final String OUR_CLOSE_REASON = "anemone says bye";

    private Scenarios() {
    }

    /** Every type at every size. */
    static Stream<Arguments> echoes() {
        return Stream.of("text", "binary")
                .flatMap(type -> Arrays.stream(SIZES).mapToObj(size -> Arguments.of(type, size)));
    }

    /** Type, size, frame count: small and large frames, text cut inside characters where the peer can. */
    static Stream<Arguments> fragmented() {
        return Stream.of(
                Arguments.of("text", 1000, 7),
                Arguments.of("binary", 64 * 1024, 16),
                Arguments.of("text", 300_000, 3));
    }
}
