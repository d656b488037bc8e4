package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.echo;
import static dev.anemone.conformance.Expectation.echoText;
import static dev.anemone.conformance.Expectation.fail;
import static dev.anemone.conformance.Expectation.message;
import static dev.anemone.conformance.Expectation.pongOf;
import static dev.anemone.conformance.Send.chopped;
import static dev.anemone.conformance.Send.ping;
import static dev.anemone.conformance.Send.pong;
import static dev.anemone.conformance.Send.steps;
import static dev.anemone.conformance.Send.text;

import java.util.ArrayList;
import java.util.List;

/** 2: every ping gets a pong with its payload, at once; pongs nobody asked for are ignored. */
final class Chapter2PingPong {

    static final String CHAPTER = "2 Ping and pong";

    private Chapter2PingPong() {
    }

    static List<Case> cases() {
        byte[] empty = new byte[0];
        byte[] text125 = Payloads.ascii(125);
        byte[] binary125 = Payloads.random(125, 2);
        byte[] binary4 = {0x00, (byte) 0xFF, (byte) 0xFE, (byte) 0xFD};
        CaseList c = new CaseList(CHAPTER);
        c.add("2.1", "ping, empty", steps(ping(empty)), echo(pongOf(empty)));
        c.add("2.2", "ping, 125 bytes of text", steps(ping(text125)), echo(pongOf(text125)));
        c.add("2.3", "ping, 125 bytes of binary", steps(ping(binary125)), echo(pongOf(binary125)));
        c.add("2.4", "ping, binary 00 FF FE FD", steps(ping(binary4)), echo(pongOf(binary4)));
        c.add("2.5", "ping, 126 bytes", steps(ping(Payloads.ascii(126))), fail(1002));
        c.add("2.6", "ping, 125 bytes in 1-byte writes", steps(chopped(ping(binary125), 1)), echo(pongOf(binary125)));
        c.add("2.7", "ping, 125 bytes in 7-byte writes", steps(chopped(ping(binary125), 7)), echo(pongOf(binary125)));
        c.add("2.8", "unsolicited pong, empty, then text", steps(pong(empty), text("after pong")), echoText("after pong"));
        c.add("2.9", "unsolicited pong, 125 bytes, then text", steps(pong(binary125), text("after pong")), echoText("after pong"));
        c.add("2.10", "pong, 126 bytes", steps(pong(Payloads.ascii(126))), fail(1002));
        List<Step> tenPings = new ArrayList<>();
        List<Step> tenChoppedPings = new ArrayList<>();
        List<Expectation.Reply> tenPongs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] payload = Send.utf8("ping-" + i);
            tenPings.add(ping(payload));
            tenChoppedPings.add(chopped(ping(payload), 1));
            tenPongs.add(pongOf(payload));
        }
        c.add("2.11", "ten pings in a row", tenPings, echo(tenPongs.toArray(Expectation.Reply[]::new)));
        c.add("2.12", "ten pings in a row, each in 1-byte writes", tenChoppedPings, echo(tenPongs.toArray(Expectation.Reply[]::new)));
        c.add("2.13", "ping, text, ping: answered in order", steps(ping("a"), text("b"), ping("c")),
                echo(pongOf(Send.utf8("a")), message(Send.TEXT, Send.utf8("b")), pongOf(Send.utf8("c"))));
        c.add("2.14", "ping, then close", steps(ping("bye"), Send.close(1000)),
                Expectation.cleanClose(1000, pongOf(Send.utf8("bye"))));
        return c.list();
    }
}
