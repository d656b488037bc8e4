package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.cleanClose;
import static dev.anemone.conformance.Expectation.echo;
import static dev.anemone.conformance.Expectation.echoBinary;
import static dev.anemone.conformance.Expectation.echoText;
import static dev.anemone.conformance.Expectation.fail;
import static dev.anemone.conformance.Expectation.message;
import static dev.anemone.conformance.Expectation.pongOf;
import static dev.anemone.conformance.Send.BINARY;
import static dev.anemone.conformance.Send.CLOSE;
import static dev.anemone.conformance.Send.CONTINUATION;
import static dev.anemone.conformance.Send.PING;
import static dev.anemone.conformance.Send.PONG;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.chopped;
import static dev.anemone.conformance.Send.fragments;
import static dev.anemone.conformance.Send.frame;
import static dev.anemone.conformance.Send.pong;
import static dev.anemone.conformance.Send.steps;
import static dev.anemone.conformance.Send.text;
import static dev.anemone.conformance.Send.utf8;

import java.util.ArrayList;
import java.util.List;

/**
 * 5: fragmented messages arrive whole, with control frames between their fragments answered at
 * once; fragmented control frames, continuations with nothing to continue and new messages
 * inside fragmented ones fail with 1002.
 */
final class Chapter5Fragmentation {

    static final String CHAPTER = "5 Fragmentation";

    private Chapter5Fragmentation() {
    }

    static List<Case> cases() {
        byte[] frag1 = utf8("fragment1");
        byte[] frag2 = utf8("fragment2");
        byte[] both = utf8("fragment1fragment2");
        byte[] ping = utf8("ping payload");
        CaseList c = new CaseList(CHAPTER);
        c.add("5.1", "ping in two fragments", steps(frame(false, PING, frag1), frame(true, CONTINUATION, frag2)), fail(1002));
        c.add("5.2", "pong in two fragments", steps(frame(false, PONG, frag1), frame(true, CONTINUATION, frag2)), fail(1002));
        c.add("5.3", "text in two fragments", steps(frame(false, TEXT, frag1), frame(true, CONTINUATION, frag2)), echoText(both));
        c.add("5.4", "text in two fragments, 1-byte writes",
                steps(chopped(frame(false, TEXT, frag1), 1), chopped(frame(true, CONTINUATION, frag2), 1)), echoText(both));
        c.add("5.5", "text in two fragments, 7-byte writes",
                steps(chopped(frame(false, TEXT, frag1), 7), chopped(frame(true, CONTINUATION, frag2), 7)), echoText(both));
        c.add("5.6", "text in two fragments, a ping between",
                steps(frame(false, TEXT, frag1), Send.ping(ping), frame(true, CONTINUATION, frag2)),
                echo(pongOf(ping), message(TEXT, both)));
        c.add("5.7", "text in two fragments, a ping between, 1-byte writes",
                steps(chopped(frame(false, TEXT, frag1), 1), chopped(Send.ping(ping), 1), chopped(frame(true, CONTINUATION, frag2), 1)),
                echo(pongOf(ping), message(TEXT, both)));
        c.add("5.8", "binary in two fragments, a ping between",
                steps(frame(false, BINARY, frag1), Send.ping(ping), frame(true, CONTINUATION, frag2)),
                echo(pongOf(ping), message(BINARY, both)));
        c.add("5.9", "continuation (FIN) with nothing to continue", steps(frame(true, CONTINUATION, frag1)), fail(1002));
        c.add("5.10", "continuation (FIN) with nothing to continue, 1-byte writes",
                steps(chopped(frame(true, CONTINUATION, frag1), 1)), fail(1002));
        c.add("5.11", "continuation (no FIN) with nothing to continue", steps(frame(false, CONTINUATION, frag1)), fail(1002));
        c.add("5.12", "continuation (FIN) with nothing to continue, then text",
                steps(frame(true, CONTINUATION, frag1), text("after")), fail(1002));
        c.add("5.13", "continuation (no FIN) with nothing to continue, then a fragmented text",
                steps(frame(false, CONTINUATION, frag1), frame(false, TEXT, frag1), frame(true, CONTINUATION, frag2)), fail(1002));
        c.add("5.14", "text in two fragments, then a continuation with nothing to continue, then text",
                steps(frame(false, TEXT, frag1), frame(true, CONTINUATION, frag2), frame(false, CONTINUATION, frag1),
                        text("after")),
                fail(1002, message(TEXT, both)));
        c.add("5.15", "new message inside fragmented message",
                steps(frame(false, TEXT, frag1), frame(true, TEXT, frag2)), fail(1002));
        c.add("5.16", "binary message inside fragmented text",
                steps(frame(false, TEXT, frag1), frame(true, BINARY, frag2)), fail(1002));
        c.add("5.17", "fragmented text inside fragmented binary",
                steps(frame(false, BINARY, frag1), frame(false, TEXT, frag2), frame(true, CONTINUATION, frag2)), fail(1002));
        List<Step> withPings = new ArrayList<>();
        List<Step> withPingsChopped = new ArrayList<>();
        List<Expectation.Reply> pongsThenEcho = new ArrayList<>();
        StringBuilder whole = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            byte[] part = utf8("part" + i + ";");
            whole.append("part").append(i).append(';');
            Step.Frame data = frame(i == 4, i == 0 ? TEXT : CONTINUATION, part);
            withPings.add(data);
            withPingsChopped.add(chopped(data, 1));
            if (i < 4) {
                byte[] payload = utf8("between " + i);
                withPings.add(Send.ping(payload));
                withPingsChopped.add(chopped(Send.ping(payload), 1));
                pongsThenEcho.add(pongOf(payload));
            }
        }
        pongsThenEcho.add(message(TEXT, utf8(whole.toString())));
        c.add("5.18", "text in five fragments, pings between", withPings, echo(pongsThenEcho.toArray(Expectation.Reply[]::new)));
        c.add("5.19", "text in five fragments, pings between, 1-byte writes", withPingsChopped,
                echo(pongsThenEcho.toArray(Expectation.Reply[]::new)));
        byte[] hello = utf8("Hello, fragments of one byte!");
        c.add("5.20", "text in fragments of one byte", steps(fragments(TEXT, hello, 1)), echoText(hello));
        byte[] bytes300 = Payloads.random(300, 520);
        c.add("5.21", "binary of 300 bytes in fragments of one byte", steps(fragments(BINARY, bytes300, 1)), echoBinary(bytes300));
        c.add("5.22", "empty fragments, then the data",
                steps(frame(false, TEXT, new byte[0]), frame(false, CONTINUATION, new byte[0]), frame(true, CONTINUATION, utf8("end"))),
                echoText("end"));
        c.add("5.23", "every fragment empty",
                steps(frame(false, BINARY, new byte[0]), frame(false, CONTINUATION, new byte[0]), frame(true, CONTINUATION, new byte[0])),
                echoBinary(new byte[0]));
        byte[] big = Payloads.multibyteText(65536);
        c.add("5.24", "text of 64 KiB in 64-byte fragments, cut inside characters", steps(fragments(TEXT, big, 64)), echoText(big));
        c.add("5.25", "an unsolicited pong between fragments",
                steps(frame(false, TEXT, frag1), pong(ping), frame(true, CONTINUATION, frag2)), echoText(both));
        List<Step> tenPings = new ArrayList<>(List.of(frame(false, BINARY, frag1)));
        List<Expectation.Reply> tenPongs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tenPings.add(Send.ping(utf8("p" + i)));
            tenPongs.add(pongOf(utf8("p" + i)));
        }
        tenPings.add(frame(true, CONTINUATION, frag2));
        tenPongs.add(message(BINARY, both));
        c.add("5.26", "ten pings between two fragments", tenPings, echo(tenPongs.toArray(Expectation.Reply[]::new)));
        c.add("5.27", "close between fragments: the unfinished message is dropped",
                steps(frame(false, TEXT, frag1), Send.close(1000), frame(true, CONTINUATION, frag2)), cleanClose(1000));
        c.add("5.28", "close in two fragments",
                steps(frame(false, CLOSE, new byte[] {0x03}), frame(true, CONTINUATION, new byte[] {(byte) 0xE8})), fail(1002));
        c.add("5.29", "ping in two fragments inside a fragmented text",
                steps(frame(false, TEXT, frag1), frame(false, PING, ping), frame(true, CONTINUATION, frag2)), fail(1002));
        return c.list();
    }
}
