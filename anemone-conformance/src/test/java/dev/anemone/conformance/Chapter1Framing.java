package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.digest;
import static dev.anemone.conformance.Expectation.echo;
import static dev.anemone.conformance.Expectation.fail;
import static dev.anemone.conformance.Expectation.message;
import static dev.anemone.conformance.Send.BINARY;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.chopped;
import static dev.anemone.conformance.Send.frame;
import static dev.anemone.conformance.Send.header;
import static dev.anemone.conformance.Send.steps;
import static dev.anemone.conformance.Send.text;
import static dev.anemone.conformance.Send.wrongMask;

import java.util.List;

/** 1: text and binary frames of every length encoding, whole and in small writes; masking by role. */
final class Chapter1Framing {

    static final String CHAPTER = "1 Framing";
    /** Each side of the 7-bit, 16-bit and 64-bit length encodings, and one larger. */
    static final int[] SIZES = {0, 125, 126, 127, 128, 65535, 65536, 1 << 20};

    private Chapter1Framing() {
    }

    static List<Case> cases() {
        CaseList c = new CaseList(CHAPTER);
        for (int opcode : new int[] {TEXT, BINARY}) {
            int section = opcode == TEXT ? 1 : 2;
            String kind = opcode == TEXT ? "text" : "binary";
            int n = 1;
            for (int size : SIZES) {
                byte[] payload = opcode == TEXT ? Payloads.ascii(size) : Payloads.random(size, size);
                Expectation echo = echo(size > 65536 ? digest(opcode, payload) : message(opcode, payload));
                String what = kind + ", " + size + " bytes, one frame";
                c.add("1." + section + "." + n++, what, steps(frame(true, opcode, payload)), echo);
                c.add("1." + section + "." + n++, what + " in 7-byte writes", steps(chopped(frame(true, opcode, payload), 7)), echo);
                if (size <= 65536) {
                    c.add("1." + section + "." + n++, what + " in 1-byte writes", steps(chopped(frame(true, opcode, payload), 1)), echo);
                }
            }
        }
        c.add("1.3.1", "two text messages, then a binary one",
                steps(text("one"), text("two"), frame(true, BINARY, new byte[] {1, 2, 3})),
                echo(message(TEXT, Send.utf8("one")), message(TEXT, Send.utf8("two")), message(BINARY, new byte[] {1, 2, 3})));
        c.add("1.3.2", "a 64-bit length with its most significant bit set",
                steps(header(true, BINARY, Long.MIN_VALUE | 5)), fail(1002));
        c.setup(Case.Setup.PLAIN.only(Case.Side.SERVER))
                .add("1.4.1", "an unmasked frame from the client", steps(wrongMask(text("Hello"))), fail(1002))
                .add("1.4.2", "an unmasked ping from the client", steps(wrongMask(Send.ping("Hello"))), fail(1002));
        c.setup(Case.Setup.PLAIN.only(Case.Side.CLIENT))
                .add("1.4.3", "a masked frame from the server", steps(wrongMask(text("Hello"))), fail(1002))
                .add("1.4.4", "a masked ping from the server", steps(wrongMask(Send.ping("Hello"))), fail(1002));
        c.setup(Case.Setup.PLAIN.withHandshake(1))
                .add("1.5.1", "text in the same write as the handshake", steps(text("early")), Expectation.echoText("early"))
                .add("1.5.2", "first fragment in the same write as the handshake, the last after it",
                        steps(frame(false, TEXT, Send.utf8("ear")), frame(true, Send.CONTINUATION, Send.utf8("ly"))),
                        Expectation.echoText("early"))
                .add("1.5.3", "ping in the same write as the handshake",
                        steps(Send.ping("early")), echo(Expectation.pongOf(Send.utf8("early"))));
        c.setup(Case.Setup.PLAIN.withHandshake(3))
                .add("1.5.4", "ping, text and close in the same write as the handshake",
                        steps(Send.ping("early"), text("early"), Send.close(1000)),
                        Expectation.cleanClose(1000, Expectation.pongOf(Send.utf8("early")), message(TEXT, Send.utf8("early"))));
        return c.list();
    }
}
