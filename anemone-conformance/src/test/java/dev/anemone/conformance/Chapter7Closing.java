package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.EMPTY;
import static dev.anemone.conformance.Expectation.cleanClose;
import static dev.anemone.conformance.Expectation.fail;
import static dev.anemone.conformance.Expectation.lingeringClose;
import static dev.anemone.conformance.Expectation.message;
import static dev.anemone.conformance.Expectation.sutCloses;
import static dev.anemone.conformance.Send.CONTINUATION;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.close;
import static dev.anemone.conformance.Send.closeRaw;
import static dev.anemone.conformance.Send.frame;
import static dev.anemone.conformance.Send.ping;
import static dev.anemone.conformance.Send.steps;
import static dev.anemone.conformance.Send.text;
import static dev.anemone.conformance.Send.utf8;

import java.util.HexFormat;
import java.util.List;

/**
 * 7: the closing handshake. The peer's Close is answered with its code and TCP closes; nothing
 * after a Close is processed; codes that may not be sent, bad reasons and malformed payloads fail
 * the connection. When the system under test starts the close and the peer never answers, TCP
 * still closes, after the configured close timeout.
 */
final class Chapter7Closing {

    static final String CHAPTER = "7 Closing";
    static final int[] VALID_CODES = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
        3000, 3999, 4000, 4999};
    static final int[] INVALID_CODES = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535};

    private Chapter7Closing() {
    }

    static List<Case> cases() {
        CaseList c = new CaseList(CHAPTER);
        c.add("7.1.1", "text, then close", steps(text("Hello"), close(1000)), cleanClose(1000, message(TEXT, utf8("Hello"))));
        c.add("7.1.2", "close, then text: data after close is ignored", steps(close(1000), text("after close")), cleanClose(1000));
        c.add("7.1.3", "close, then ping: no pong after close", steps(close(1000), ping("after close")), cleanClose(1000));
        c.add("7.1.4", "close, then close again", steps(close(1000), close(1001)), cleanClose(1000));
        c.add("7.1.5", "unfinished fragmented text, then close",
                steps(frame(false, TEXT, utf8("never")), close(1000)), cleanClose(1000));
        c.add("7.1.6", "close, then the rest of a fragmented text",
                steps(frame(false, TEXT, utf8("Hel")), close(1000), frame(true, CONTINUATION, utf8("lo"))), cleanClose(1000));
        c.add("7.2.1", "empty close", steps(closeRaw(new byte[0])), cleanClose(EMPTY));
        c.add("7.2.2", "close of one byte", steps(closeRaw(new byte[] {0x03})), fail(1002));
        c.add("7.2.3", "close 1000 with a reason", steps(close(1000, utf8("Hello World!"))), cleanClose(1000));
        c.add("7.2.4", "close 1000 with a 123-byte ASCII reason", steps(close(1000, Payloads.ascii(123))), cleanClose(1000));
        c.add("7.2.5", "close 1000 with a 123-byte reason of 2-byte characters",
                steps(close(1000, utf8("é".repeat(61) + "x"))), cleanClose(1000));
        c.add("7.2.6", "close payload of 126 bytes (reason of 124)", steps(close(1000, Payloads.ascii(124))), fail(1002));
        c.add("7.2.7", "close 1000 with an invalid UTF-8 reason",
                steps(close(1000, HexFormat.of().parseHex("cebae1bdb9cf83cebcceb5eda080656469746564"))), fail(1007));
        c.add("7.2.8", "close 1000 with a reason cut inside a character",
                steps(close(1000, HexFormat.of().parseHex("4575726fe282"))), fail(1007));
        c.add("7.2.9", "close 1000 with a reason holding an overlong NUL",
                steps(close(1000, HexFormat.of().parseHex("c080"))), fail(1007));
        int n = 1;
        for (int code : VALID_CODES) {
            c.add("7.3." + n++, "close " + code, steps(close(code)), cleanClose(code));
        }
        n = 1;
        for (int code : INVALID_CODES) {
            c.add("7.4." + n++, "close " + code + ", a code that may not be sent", steps(close(code)), fail(1002));
        }
        c.add("7.5.1", "the system under test closes, the peer answers",
                steps(text(EchoListener.PLEASE_CLOSE)), sutCloses(EchoListener.CLOSE_CODE, true));
        c.add("7.5.2", "the system under test closes, the peer never answers",
                steps(text(EchoListener.PLEASE_CLOSE)), sutCloses(EchoListener.CLOSE_CODE, false));
        c.add("7.5.3", "the system under test closes, the peer sends text before answering",
                steps(text(EchoListener.PLEASE_CLOSE), text("late")), sutCloses(EchoListener.CLOSE_CODE, true));
        c.add("7.5.4", "text echoed, then the system under test closes, the peer never answers",
                steps(text("Hello"), text(EchoListener.PLEASE_CLOSE)),
                sutCloses(EchoListener.CLOSE_CODE, false, message(TEXT, utf8("Hello"))));
        c.add("7.5.5", "the system under test closes, the peer pings before answering: no pong after a Close",
                steps(text(EchoListener.PLEASE_CLOSE), ping("late")), sutCloses(EchoListener.CLOSE_CODE, true));
        c.add("7.6.1", "close 1000, then the peer never closes TCP", steps(close(1000)), lingeringClose(1000));
        return c.list();
    }
}
