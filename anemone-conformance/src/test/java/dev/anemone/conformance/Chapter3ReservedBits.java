package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.fail;
import static dev.anemone.conformance.Expectation.message;
import static dev.anemone.conformance.Send.BINARY;
import static dev.anemone.conformance.Send.CLOSE;
import static dev.anemone.conformance.Send.CONTINUATION;
import static dev.anemone.conformance.Send.PING;
import static dev.anemone.conformance.Send.PONG;
import static dev.anemone.conformance.Send.RSV1;
import static dev.anemone.conformance.Send.RSV2;
import static dev.anemone.conformance.Send.RSV3;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.frame;
import static dev.anemone.conformance.Send.ping;
import static dev.anemone.conformance.Send.steps;
import static dev.anemone.conformance.Send.text;
import static dev.anemone.conformance.Send.utf8;

import java.util.List;

/** 3: without an extension, any reserved bit on any frame fails the connection with 1002. */
final class Chapter3ReservedBits {

    static final String CHAPTER = "3 Reserved bits";
    private static final int[] COMBINATIONS = {RSV1, RSV2, RSV3, RSV1 | RSV2, RSV1 | RSV3, RSV2 | RSV3, RSV1 | RSV2 | RSV3};

    private Chapter3ReservedBits() {
    }

    static List<Case> cases() {
        CaseList c = new CaseList(CHAPTER);
        for (int i = 0; i < COMBINATIONS.length; i++) {
            int rsv = COMBINATIONS[i];
            String bits = names(rsv);
            int n = i + 1;
            c.add("3.1." + n, bits + " on a text frame", steps(frame(true, rsv, TEXT, utf8("Hello"))), fail(1002));
            c.add("3.2." + n, bits + " on a binary frame", steps(frame(true, rsv, BINARY, new byte[] {1, 2, 3})), fail(1002));
            c.add("3.3." + n, bits + " on a ping", steps(frame(true, rsv, PING, utf8("Hello"))), fail(1002));
            c.add("3.4." + n, bits + " on a pong", steps(frame(true, rsv, PONG, utf8("Hello"))), fail(1002));
            c.add("3.5." + n, bits + " on a close", steps(frame(true, rsv, CLOSE, new byte[] {0x03, (byte) 0xE8})), fail(1002));
            c.add("3.6." + n, bits + " on a continuation",
                    steps(frame(false, TEXT, utf8("Hel")), frame(true, rsv, CONTINUATION, utf8("lo"))), fail(1002));
            c.add("3.7." + n, "text, then " + bits + " on a text frame, then a ping",
                    steps(text("Hello"), frame(true, rsv, TEXT, utf8("again")), ping("unanswered")),
                    fail(1002, message(TEXT, utf8("Hello"))));
        }
        return c.list();
    }

    static String names(int rsv) {
        StringBuilder names = new StringBuilder();
        for (int bit : new int[] {RSV1, RSV2, RSV3}) {
            if ((rsv & bit) != 0) {
                names.append(names.length() == 0 ? "" : "+").append(bit == RSV1 ? "RSV1" : bit == RSV2 ? "RSV2" : "RSV3");
            }
        }
        return names.toString();
    }
}
