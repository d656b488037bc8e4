package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.echoText;
import static dev.anemone.conformance.Expectation.fail;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.chopped;
import static dev.anemone.conformance.Send.fragments;
import static dev.anemone.conformance.Send.partial;
import static dev.anemone.conformance.Send.split;
import static dev.anemone.conformance.Send.steps;
import static dev.anemone.conformance.Send.text;
import static dev.anemone.conformance.Send.unfinished;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * 6: text must be valid UTF-8, checked as it arrives. Each sample from {@link Utf8Samples} is sent
 * in one frame; in one frame written byte by byte; in fragments of one byte; and in two fragments
 * split at every position. Valid text comes back; invalid text fails with 1007, and where a bad
 * byte can be seen as such before the message ends, the peer stops right after it (no FIN, or a
 * frame left unfinished), so the 1007 must come from that byte alone.
 */
final class Chapter6Utf8 {

    static final String CHAPTER = "6 UTF-8";

    private Chapter6Utf8() {
    }

    static List<Case> cases() {
        CaseList c = new CaseList(CHAPTER);
        List<Utf8Samples.Sample> samples = Utf8Samples.all();
        for (int i = 0; i < samples.size(); i++) {
            Utf8Samples.Sample sample = samples.get(i);
            byte[] bytes = sample.bytes();
            int n = i + 1;
            int error = sample.firstError();
            boolean valid = error == Utf8Reference.VALID;
            boolean early = !valid && error < bytes.length;
            String name = (valid ? "valid " : "invalid ") + sample.name() + " " + shortHex(bytes);
            Expectation expect = valid ? echoText(bytes) : fail(1007);
            c.add("6.1." + n, name + ", one frame", steps(text(bytes)), expect);
            if (early) {
                c.add("6.2." + n, name + ", one frame written byte by byte, stopping after byte " + (error + 1),
                        steps(partial(chopped(text(bytes), 1), error + 1)), expect);
                c.add("6.3." + n, name + ", fragments of one byte, stopping after byte " + (error + 1),
                        steps(unfinished(TEXT, Arrays.copyOf(bytes, error + 1), 1)), expect);
            } else {
                c.add("6.2." + n, name + ", one frame written byte by byte", steps(chopped(text(bytes), 1)), expect);
                c.add("6.3." + n, name + ", fragments of one byte", steps(fragments(TEXT, bytes, 1)), expect);
            }
            for (int at = 1; at < bytes.length; at++) {
                c.add("6.4." + n + "." + at, name + ", two fragments split before byte " + (at + 1),
                        steps(split(TEXT, bytes, at)), expect);
            }
        }
        return c.list();
    }

    private static String shortHex(byte[] bytes) {
        if (bytes.length == 0) {
            return "[]";
        }
        String hex = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 12)).toUpperCase();
        return "[" + hex + (bytes.length > 12 ? " … " + bytes.length + " bytes" : "") + "]";
    }
}
