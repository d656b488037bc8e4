package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.interop.WireCounter.Traffic;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * permessage-deflate (RFC 7692) with a peer, both sides compressing every message with the same
 * {@link Compression}: the agreement as each side saw it in the handshake, compressible text and
 * binary echoed whole, and the bytes on the wire, counted by a {@link WireCounter} between the
 * two, showing that both directions compressed and kept, or dropped, their context. A subclass
 * says which side is the peer's; each test opens its own connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CompressedEchoContract {

    /** From a message too short to gain anything to one far beyond the largest window. */
    static final int[] SIZES = {10, 1024, 64 * 1024, 4 * 1024 * 1024};

    /** Sizes from which compressible data must take less than half its size on the wire... */
    static final int SMALL = 1024;

    /** ...and from which less than a twentieth, whatever window was negotiated. */
    static final int LARGE = 64 * 1024;

    private final PeerRuntime runtime;
    private final BiFunction<PeerRuntime, Compression, CompressedLink> connect;
    private CompressedLink link;

    /**
     * @param runtime the peer's language
     * @param connect opens a connection between the peer and us with both compressing alike
     */
    CompressedEchoContract(PeerRuntime runtime, BiFunction<PeerRuntime, Compression, CompressedLink> connect) {
        this.runtime = runtime;
        this.connect = connect;
    }

    @BeforeAll
    void checkInstalled() {
        runtime.requireInstalled();
    }

    @AfterEach
    void closeLink() {
        if (link != null) {
            link.close();
            link = null;
        }
    }

    /** Every setting, with both types at every size. */
    static Stream<Arguments> echoes() {
        return Arrays.stream(Compression.values()).flatMap(settings -> Stream.of("text", "binary")
                .flatMap(type -> Arrays.stream(SIZES).mapToObj(size -> Arguments.of(settings, type, size))));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Compression.class)
    void bothSidesSeeTheParametersAgreed(Compression settings, TestReporter reporter) {
        link = connect.apply(runtime, settings);

        reporter.publishEntry("agreed", link.peerExtensions());
        assertThat(Compression.parametersOf(link.peerExtensions())).as("the peer's Sec-WebSocket-Extensions")
                .isEqualTo(settings.parameters());
        assertThat(link.ours().extensions()).as("our extensions()").hasSize(1);
        assertThat(Compression.parametersOf(link.ours().extensions().get(0))).as("our extensions()")
                .isEqualTo(settings.parameters());
    }

    @ParameterizedTest(name = "{0}, {1}, {2} bytes")
    @MethodSource("echoes")
    void compressedMessagesComeBackWholeAndTookLessWire(Compression settings, String type, int size,
                                                        TestReporter reporter) {
        link = connect.apply(runtime, settings);

        Traffic wire = echo(type, size);

        reporter.publishEntry("wire", String.format("%s: %.4f and %.4f of the %d B", wire, (double) wire.up() / size,
                (double) wire.down() / size, size));
        if (size >= SMALL) {
            int most = size >= LARGE ? size / 20 : size / 2;
            assertThat(wire.up()).as("bytes from client to server for %d B of %s", size, type).isLessThan(most);
            assertThat(wire.down()).as("bytes from server to client for %d B of %s", size, type).isLessThan(most);
        }
    }

    /** With context takeover a repeated message costs less the second time; without, just the same. */
    @ParameterizedTest(name = "{0}, {1}, {2} bytes")
    @MethodSource("repeats")
    void aRepeatedMessageShowsWhetherTheContextIsKept(Compression settings, String type, int size) {
        link = connect.apply(runtime, settings);

        Traffic first = echo(type, size);
        Traffic second = echo(type, size);

        if (settings == Compression.TAKEOVER) {
            assertThat(second.up()).as("client's second message (first: %s)", first).isLessThan(first.up());
            assertThat(second.down()).as("server's second message (first: %s)", first).isLessThan(first.down());
        } else {
            assertThat(second).as("second message (first: %s)", first).isEqualTo(first);
        }
    }

    /** Short messages, well inside every window, with and without context takeover. */
    static Stream<Arguments> repeats() {
        return Stream.of(Compression.TAKEOVER, Compression.NO_TAKEOVER).flatMap(settings -> Stream.of(
                Arguments.of(settings, "text", 10), Arguments.of(settings, "text", 1024),
                Arguments.of(settings, "binary", 1024)));
    }

    /** The bytes one echo of the generated message took on the wire, which carried some each way. */
    private Traffic echo(String type, int size) {
        Traffic before = link.wire().traffic();
        link.echo(type, size);
        Traffic echo = link.wire().traffic().since(before);
        assertThat(echo.up()).as("bytes the relay counted from client to server").isPositive();
        assertThat(echo.down()).as("bytes the relay counted from server to client").isPositive();
        return echo;
    }
}
