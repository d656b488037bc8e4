package dev.anemone.conformance;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one case against a role: opens a connection, sends the steps, then checks what comes back
 * against the expectation, strictly and in order, and how the connection ends. Every wait is
 * bounded; nothing sleeps.
 */
final class CaseRunner {

    /** How long the system under test may take to close TCP once the closing handshake is done or failed. */
    static final Duration END_WAIT = Duration.ofSeconds(2);
    private static final byte[] SENTINEL = Send.utf8("sentinel");

    /**
     * How the case went.
     *
     * @param sendNanos writing the steps
     * @param answerNanos from the last write to the last expected reply, or to the Close that ends the case
     * @param endNanos from the last write to the end of the TCP connection
     * @param endHow "EOF", or how else the connection ended
     */
    record Outcome(Case c, Case.Side side, long totalNanos, long sendNanos, long answerNanos, long endNanos, String endHow) {
    }

    private final Case c;
    private final Role role;
    private final Role.Connection connection;
    private final RawPeer peer;
    private final Inbox inbox;

    private CaseRunner(Case c, Role role, Role.Connection connection) {
        this.c = c;
        this.role = role;
        this.connection = connection;
        this.peer = connection.peer();
        this.inbox = new Inbox(peer);
    }

    static Outcome run(Case c, Role role) throws Exception {
        long start = System.nanoTime();
        try (Role.Connection connection = role.open(c)) {
            return new CaseRunner(c, role, connection).run(start);
        }
    }

    private Outcome run(long start) throws Exception {
        long sendStart = System.nanoTime();
        for (Step step : c.laterSteps()) {
            peer.send(step);
        }
        long sent = peer.lastWriteNanos();
        Duration wait = replyWait();
        long answered = sent;
        for (Expectation.Reply expected : c.expect().replies()) {
            answered = matchReply(expected, inbox.next(wait));
        }
        Expectation.Ending ending = c.expect().ending();
        Inbox.Item.End end;
        if (ending instanceof Expectation.Ending.Open) {
            peer.send(Send.ping(SENTINEL));
            Inbox.Item item = inbox.next(wait);
            check(item instanceof Inbox.Item.Control pong && pong.opcode() == Send.PONG
                    && Arrays.equals(pong.payload(), SENTINEL), "the pong to a last ping, and nothing before it", item);
            peer.send(Send.close(1000));
            expectClose(1000, wait);
            end = finishCleanly(1000);
        } else if (ending instanceof Expectation.Ending.Fail fail) {
            answered = expectClose(fail.code(), wait).nanos();
            end = expectEnd(END_WAIT);
            // The system under test half-closed after its Close and reads on until the peer
            // closes too, so that unread bytes never turn its close into a reset: close, as a
            // peer does on end of stream.
            peer.shutdownOutput();
            checkSutClosed(fail.code(), false);
        } else if (ending instanceof Expectation.Ending.Clean clean) {
            answered = expectClose(clean.code(), wait).nanos();
            if (clean.peerLingers()) {
                end = expectEnd(Role.CLOSE_TIMEOUT.plus(END_WAIT));
                checkSutClosed(clean.code() == Expectation.EMPTY ? 1005 : clean.code(), true);
            } else {
                end = finishCleanly(clean.code() == Expectation.EMPTY ? 1005 : clean.code());
            }
        } else if (ending instanceof Expectation.Ending.Refused) {
            end = expectEnd(END_WAIT);
        } else {
            Expectation.Ending.SutCloses closes = (Expectation.Ending.SutCloses) ending;
            Inbox.Item.Control close = expectClose(closes.code(), wait);
            answered = close.nanos();
            if (closes.peerAnswers()) {
                peer.send(Send.close(closes.code()));
                end = finishCleanly(closes.code());
            } else {
                // Our output may be shut down at once (a half-close after the Close frame), but the
                // connection is kept, reading for the peer's Close, until the close timeout.
                end = expectEnd(Role.CLOSE_TIMEOUT.plus(END_WAIT));
                EchoListener.Closed closed = checkSutClosed(1006, false);
                long waited = closed.nanos() - close.nanos();
                check(waited >= Role.CLOSE_TIMEOUT.toNanos() / 2,
                        "the connection kept for the close timeout (" + Role.CLOSE_TIMEOUT.toMillis() + " ms) after an unanswered Close,"
                                + " not dropped after " + waited / 1_000_000 + " ms", closed);
            }
        }
        long now = System.nanoTime();
        return new Outcome(c, role.side(), now - start, sent - sendStart, answered - sent, end.nanos() - sent, end.how());
    }

    /** Big messages get more time: five seconds plus a second per MiB sent. */
    private Duration replyWait() {
        long bytes = 0;
        for (Step step : c.steps()) {
            if (step instanceof Step.Frame frame) {
                bytes += frame.payload().length;
            } else if (step instanceof Step.Fragments fragments) {
                bytes += fragments.payload().length;
            } else if (step instanceof Step.Compressed compressed) {
                bytes += compressed.message().length;
            }
        }
        return Duration.ofSeconds(5 + bytes / (1 << 20));
    }

    private long matchReply(Expectation.Reply expected, Inbox.Item item) {
        if (expected instanceof Expectation.Reply.Pong pong) {
            check(item instanceof Inbox.Item.Control control && control.opcode() == Send.PONG
                    && Arrays.equals(control.payload(), pong.payload()), "Pong " + Inbox.hex(pong.payload()), item);
            return ((Inbox.Item.Control) item).nanos();
        }
        Expectation.Reply.Message message = (Expectation.Reply.Message) expected;
        String wanted = (message.opcode() == Send.TEXT ? "text" : "binary") + " message of " + message.length() + " bytes"
                + (message.data() != null && message.data().length <= 32 ? ": " + Inbox.hex(message.data()) : "");
        check(item instanceof Inbox.Item.Message, wanted, item);
        Inbox.Item.Message got = (Inbox.Item.Message) item;
        boolean same = message.data() != null ? Arrays.equals(got.data(), message.data())
                : got.data().length == message.length() && Arrays.equals(Expectation.sha256(got.data()), message.sha256());
        check(got.opcode() == message.opcode() && same, wanted, item);
        if (message.maxFrame() > 0) {
            boolean fits = got.frameSizes().stream().allMatch(size -> size <= message.maxFrame());
            boolean count = message.frames() > 0 ? got.frameSizes().size() == message.frames() : got.frameSizes().size() > 1;
            check(fits && count, wanted + " in " + (message.frames() > 0 ? message.frames() : "several") + " frames of at most "
                    + message.maxFrame() + " bytes", "frames of " + got.frameSizes());
        }
        if (peer.compression() != null && got.data().length > 0) {
            check(got.compressed(), wanted + ", compressed (threshold 0)", item);
        }
        return got.nanos();
    }

    private Inbox.Item.Control expectClose(int code, Duration wait) throws InterruptedException {
        Inbox.Item item = inbox.next(wait);
        String wanted = code == Expectation.EMPTY ? "an empty Close" : "Close " + code;
        check(item instanceof Inbox.Item.Control control && control.opcode() == Send.CLOSE && control.closeCode() == code,
                wanted, item);
        Inbox.Item.Control close = (Inbox.Item.Control) item;
        if (code == Expectation.EMPTY) {
            check(close.payload().length == 0, wanted, item);
        } else {
            check(Utf8Reference.firstError(Arrays.copyOfRange(close.payload(), 2, close.payload().length)) == Utf8Reference.VALID,
                    "a close reason in UTF-8", HexFormat.of().formatHex(close.payload()));
        }
        return close;
    }

    private Inbox.Item.End expectEnd(Duration wait) throws InterruptedException {
        Inbox.Item item = inbox.next(wait);
        check(item instanceof Inbox.Item.End, "TCP closed within " + wait.toMillis() + " ms, and nothing more sent", item);
        return (Inbox.Item.End) item;
    }

    /** Close frames went both ways: the server closes TCP first (RFC 6455 section 7.1.1), then both report a clean close. */
    private Inbox.Item.End finishCleanly(int code) throws Exception {
        if (!peer.isClient()) {
            peer.shutdownOutput();
        }
        Inbox.Item.End end = expectEnd(END_WAIT);
        checkSutClosed(code, true);
        return end;
    }

    private EchoListener.Closed checkSutClosed(int code, boolean clean) throws Exception {
        EchoListener.Closed closed;
        try {
            closed = connection.sutClosed().get(END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the system under test's onClose was not called within " + END_WAIT.toMillis() + " ms");
        }
        check(closed.code() == code && closed.wasClean() == clean,
                "onClose(" + code + ", wasClean=" + clean + ") in the system under test", closed);
        return closed;
    }

    private void check(boolean condition, String expected, Object got) {
        if (!condition) {
            String description = got instanceof Inbox.Item || got == null ? Inbox.describe((Inbox.Item) got) : String.valueOf(got);
            String writes = peer.writeFailure() == null ? "" : " (a write had failed: " + peer.writeFailure() + ")";
            throw new AssertionError("expected " + expected + ", got " + description + writes);
        }
    }
}
