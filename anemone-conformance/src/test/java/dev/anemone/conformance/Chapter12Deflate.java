package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.echo;
import static dev.anemone.conformance.Expectation.fail;
import static dev.anemone.conformance.Expectation.message;
import static dev.anemone.conformance.Expectation.pongOf;
import static dev.anemone.conformance.Send.BINARY;
import static dev.anemone.conformance.Send.CONTINUATION;
import static dev.anemone.conformance.Send.PING;
import static dev.anemone.conformance.Send.RSV1;
import static dev.anemone.conformance.Send.RSV2;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.compressed;
import static dev.anemone.conformance.Send.frame;
import static dev.anemone.conformance.Send.steps;
import static dev.anemone.conformance.Send.text;
import static dev.anemone.conformance.Send.utf8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;

/**
 * 12: permessage-deflate with context takeover, the plain offer (or answer) "permessage-deflate":
 * series of compressed messages of growing sizes, whole and in fragments, echoed and compressed
 * back; compressed and uncompressed messages mixed; and what must fail: RSV1 on a continuation or
 * a control frame, RSV2, data that does not inflate, inflated text that is not UTF-8.
 */
final class Chapter12Deflate {

    static final String CHAPTER = "12 permessage-deflate, context takeover";
    static final int[] SIZES = {16, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072};
    static final int MESSAGES = 10;

    private Chapter12Deflate() {
    }

    static List<Case> cases() {
        CaseList c = new CaseList(CHAPTER).setup(Case.Setup.deflate(""));
        int section = 1;
        for (int frames : new int[] {1, 4}) {
            for (int opcode : new int[] {TEXT, BINARY}) {
                int n = 1;
                for (int size : SIZES) {
                    c.add("12." + section + "." + n++, MESSAGES + " " + (opcode == TEXT ? "text" : "binary") + " messages of "
                            + size + " bytes" + (frames > 1 ? ", each in " + frames + " frames" : ""),
                            series(opcode, size, frames, size), seriesEcho(opcode, size, size));
                }
                section++;
            }
        }
        byte[] one = Payloads.words(3000, 1);
        byte[] two = Payloads.words(3000, 2);
        c.add("12.5.1", "compressed, uncompressed, compressed, uncompressed",
                steps(compressed(TEXT, one), text(two), compressed(TEXT, two), frame(true, BINARY, one)),
                echo(message(TEXT, one), message(TEXT, two), message(TEXT, two), message(BINARY, one)));
        c.add("12.5.2", "an empty compressed message", steps(compressed(TEXT, new byte[0])), Expectation.echoText(""));
        c.add("12.5.3", "a compressed text in 3 frames, a ping between the first two",
                steps(frame(false, RSV1, TEXT, deflated(one, 0, 20)), Send.ping("between"),
                        frame(false, CONTINUATION, deflated(one, 20, 40)), frame(true, CONTINUATION, deflated(one, 40, -1))),
                echo(pongOf(utf8("between")), message(TEXT, one)));
        c.add("12.5.4", "two messages, each a complete DEFLATE stream ending in a final block",
                steps(frame(true, RSV1, TEXT, standalone(one, 6, true)), frame(true, RSV1, TEXT, standalone(two, 6, true))),
                echo(message(TEXT, one), message(TEXT, two)));
        c.add("12.5.5", "a message in stored blocks (level 0), then one at level 9",
                steps(frame(true, RSV1, BINARY, standalone(one, 0, false)), frame(true, RSV1, BINARY, standalone(two, 9, false))),
                echo(message(BINARY, one), message(BINARY, two)));
        byte[] big = Payloads.words(16 << 20, 12);
        c.add("12.5.6", "a compressed text inflating to exactly 16 MiB", steps(compressed(TEXT, big)),
                echo(Expectation.digest(TEXT, big)));
        c.add("12.6.1", "RSV1 on a continuation frame",
                steps(frame(false, RSV1, TEXT, deflated(one, 0, 20)), frame(true, RSV1, CONTINUATION, deflated(one, 20, -1))),
                fail(1002));
        c.add("12.6.2", "RSV1 on a ping", steps(frame(true, RSV1, PING, utf8("compressed?"))), fail(1002));
        c.add("12.6.3", "RSV1 and RSV2 on a compressed message", steps(frame(true, RSV1 | RSV2, TEXT, deflated(one, 0, -1))),
                fail(1002));
        c.add("12.6.4", "RSV1 on data that does not inflate",
                steps(frame(true, RSV1, BINARY, HexFormat.of().parseHex("ffffffffff"))), fail(1007));
        c.add("12.6.5", "compressed text that inflates to invalid UTF-8",
                steps(compressed(TEXT, HexFormat.of().parseHex("cebae1bdb9cf83cebcceb5eda080656469746564"))), fail(1007));
        c.add("12.6.6", "a zlib stream (with its header) instead of raw DEFLATE",
                steps(frame(true, RSV1, BINARY, HexFormat.of().parseHex("7801"))), fail(1007));
        c.add("12.6.7", "a compressed message inflating to 16 MiB + 1", steps(compressed(BINARY, new byte[(16 << 20) + 1])),
                fail(1009));
        return c.list();
    }

    /** {@code MESSAGES} different compressible messages of {@code size} bytes, each in {@code frames} frames. */
    static List<Step> series(int opcode, int size, int frames, long seed) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            steps.add(compressed(opcode, payload(opcode, size, seed * 100 + i), frames));
        }
        return steps;
    }

    static Expectation seriesEcho(int opcode, int size, long seed) {
        List<Expectation.Reply> replies = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            replies.add(message(opcode, payload(opcode, size, seed * 100 + i)));
        }
        return echo(replies.toArray(Expectation.Reply[]::new));
    }

    static byte[] payload(int opcode, int size, long seed) {
        return opcode == TEXT ? Payloads.words(size, seed) : Payloads.compressibleBinary(size, seed);
    }

    /**
     * {@code message} deflated on its own at {@code level}: a complete stream ending in a final
     * block when {@code finish}, else sync-flushed with the tail dropped.
     */
    static byte[] standalone(byte[] message, int level, boolean finish) {
        Deflater deflater = new Deflater(level, true);
        deflater.setInput(message);
        if (finish) {
            deflater.finish();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, finish ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (finish ? !deflater.finished() : n == buffer.length);
        deflater.end();
        byte[] all = out.toByteArray();
        return finish ? all : Arrays.copyOf(all, all.length - 4);
    }

    /**
     * Bytes {@code [from, to)} (to -1: the end) of {@code message} deflated on its own, for the
     * cases that lay out compressed frames by hand; the peer's context is not involved, so such
     * a case sends nothing else through it.
     */
    static byte[] deflated(byte[] message, int from, int to) {
        byte[] all = standalone(message, Deflater.DEFAULT_COMPRESSION, false);
        return Arrays.copyOfRange(all, Math.min(from, all.length), to < 0 ? all.length : Math.min(to, all.length));
    }
}
