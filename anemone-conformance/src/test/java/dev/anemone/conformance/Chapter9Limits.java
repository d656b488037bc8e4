package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.digest;
import static dev.anemone.conformance.Expectation.echo;
import static dev.anemone.conformance.Expectation.fail;
import static dev.anemone.conformance.Send.BINARY;
import static dev.anemone.conformance.Send.CONTINUATION;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.fragments;
import static dev.anemone.conformance.Send.frame;
import static dev.anemone.conformance.Send.header;
import static dev.anemone.conformance.Send.steps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 9: large messages up to the 16 MiB limit, in one frame and in 4 KiB fragments, checked by
 * digest and timed (the times are reported, not asserted); one byte past the limit fails with
 * 1009 as soon as a header announces it.
 */
final class Chapter9Limits {

    static final String CHAPTER = "9 Limits";
    static final int[] SIZES = {64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20};
    static final int FRAGMENT = 4096;

    private Chapter9Limits() {
    }

    static List<Case> cases() {
        // One buffer of each kind at the largest size; smaller messages are its prefixes.
        byte[] text = Payloads.ascii(16 << 20);
        byte[] binary = Payloads.random(16 << 20, 9);
        CaseList c = new CaseList(CHAPTER);
        int section = 1;
        for (boolean fragmented : new boolean[] {false, true}) {
            for (int opcode : new int[] {TEXT, BINARY}) {
                int n = 1;
                for (int size : SIZES) {
                    byte[] payload = size == text.length ? (opcode == TEXT ? text : binary)
                            : Arrays.copyOf(opcode == TEXT ? text : binary, size);
                    String what = (opcode == TEXT ? "text" : "binary") + " of " + mib(size)
                            + (fragmented ? " in 4 KiB fragments" : " in one frame");
                    Step step = fragmented ? fragments(opcode, payload, FRAGMENT) : frame(true, opcode, payload);
                    c.add("9." + section + "." + n++, what, steps(step), echo(digest(opcode, payload)));
                }
                section++;
            }
        }
        c.add("9.5.1", "a header announcing 16 MiB + 1, and nothing after it",
                steps(header(true, BINARY, Role.MAX_MESSAGE + 1)), fail(1009));
        byte[] first = Arrays.copyOf(binary, 1 << 20);
        c.add("9.5.2", "1 MiB fragment, then a continuation header taking the message past 16 MiB",
                steps(frame(false, BINARY, first), header(true, CONTINUATION, Role.MAX_MESSAGE - first.length + 1)), fail(1009));
        List<Step> withPings = new ArrayList<>();
        List<Expectation.Reply> pongs = new ArrayList<>();
        for (int at = 0; at < binary.length; at += FRAGMENT) {
            boolean opening = at == 0;
            boolean last = at + FRAGMENT >= binary.length;
            withPings.add(frame(last, opening ? BINARY : CONTINUATION, Arrays.copyOfRange(binary, at, at + FRAGMENT)));
            if ((at + FRAGMENT) % (1 << 20) == 0 && !last) {
                byte[] payload = Send.utf8("after " + ((at + FRAGMENT) >> 20) + " MiB");
                withPings.add(Send.ping(payload));
                pongs.add(Expectation.pongOf(payload));
            }
        }
        pongs.add(digest(BINARY, binary));
        c.add("9.6.1", "binary of 16 MiB in 4 KiB fragments, a ping after every MiB", withPings,
                echo(pongs.toArray(Expectation.Reply[]::new)));
        return c.list();
    }

    static String mib(int size) {
        return size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB";
    }
}
