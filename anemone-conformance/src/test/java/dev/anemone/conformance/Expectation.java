package dev.anemone.conformance;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a case expects back: the frames the system under test answers with, in order, and how
 * the connection ends. The runner checks both strictly: anything else that arrives fails the case.
 */
record Expectation(List<Reply> replies, Ending ending) {

    /** Close payload expected when the peer's Close frame had none. */
    static final int EMPTY = -1;

    /** One thing the system under test sends back. */
    sealed interface Reply {
        /**
         * A whole message: {@code data} (or, for large ones, only its length and SHA-256), and when
         * {@code maxFrame} is positive, split into frames of at most that many bytes, exactly
         * {@code frames} of them when that is positive.
         */
        record Message(int opcode, byte[] data, long length, byte[] sha256, int maxFrame, int frames) implements Reply {
        }

        /** A pong carrying {@code payload}. */
        record Pong(byte[] payload) implements Reply {
        }
    }

    /** How the connection ends. */
    sealed interface Ending {
        /** Still open: a ping is answered after the replies, then a peer-initiated close completes. */
        record Open() implements Ending {
        }

        /** The system under test fails the connection: a Close with {@code code}, then TCP closes. */
        record Fail(int code) implements Ending {
        }

        /**
         * The peer's Close is answered with {@code code} (or an empty Close, {@link #EMPTY}) and TCP
         * closes. With {@code peerLingers} the peer never closes TCP itself.
         */
        record Clean(int code, boolean peerLingers) implements Ending {
        }

        /**
         * The system under test starts the closing handshake with {@code code}; the peer answers
         * it, or stays silent and waits for the close timeout to drop TCP.
         */
        record SutCloses(int code, boolean peerAnswers) implements Ending {
        }

        /** Our client refused the peer's handshake answer: its connect failed and it closed TCP without a frame. */
        record Refused() implements Ending {
        }
    }

    // ------------------------------------------------------------------ replies

    static Reply message(int opcode, byte[] data) {
        return new Reply.Message(opcode, data, data.length, null, 0, 0);
    }

    /** A large message, checked by length and SHA-256 only. */
    static Reply digest(int opcode, byte[] data) {
        return new Reply.Message(opcode, null, data.length, sha256(data), 0, 0);
    }

    /** A message that must arrive in frames of at most {@code maxFrame} bytes, {@code frames} of them (0: any number). */
    static Reply framed(int opcode, byte[] data, int maxFrame, int frames) {
        return new Reply.Message(opcode, data, data.length, null, maxFrame, frames);
    }

    static Reply pongOf(byte[] payload) {
        return new Reply.Pong(payload);
    }

    // ------------------------------------------------------------------ expectations

    static Expectation echo(Reply... replies) {
        return new Expectation(List.of(replies), new Ending.Open());
    }

    static Expectation echoText(byte[] utf8) {
        return echo(message(Send.TEXT, utf8));
    }

    static Expectation echoText(String text) {
        return echoText(Send.utf8(text));
    }

    static Expectation echoBinary(byte[] data) {
        return echo(message(Send.BINARY, data));
    }

    static Expectation nothing() {
        return echo();
    }

    static Expectation fail(int code, Reply... before) {
        return new Expectation(List.of(before), new Ending.Fail(code));
    }

    static Expectation cleanClose(int code, Reply... before) {
        return new Expectation(List.of(before), new Ending.Clean(code, false));
    }

    static Expectation lingeringClose(int code) {
        return new Expectation(List.of(), new Ending.Clean(code, true));
    }

    static Expectation sutCloses(int code, boolean peerAnswers, Reply... before) {
        return new Expectation(List.of(before), new Ending.SutCloses(code, peerAnswers));
    }

    static Expectation refused() {
        return new Expectation(List.of(), new Ending.Refused());
    }

    /** The right-hand side of a display name: "1002", "echo", "pong ×10, echo", "clean close 1000". */
    String summary() {
        String answers = describe(replies);
        String end;
        if (ending instanceof Ending.Fail fail) {
            end = Integer.toString(fail.code());
        } else if (ending instanceof Ending.Clean clean) {
            end = "clean close " + (clean.code() == EMPTY ? "(empty)" : clean.code())
                    + (clean.peerLingers() ? ", peer never closes TCP" : "");
        } else if (ending instanceof Ending.Refused) {
            end = "handshake refused, TCP closed";
        } else if (ending instanceof Ending.SutCloses closes) {
            end = "closes " + closes.code() + (closes.peerAnswers() ? ", peer answers" : ", peer silent → TCP dropped");
        } else {
            return answers.isEmpty() ? "nothing, still open" : answers;
        }
        return answers.isEmpty() ? end : answers + ", then " + end;
    }

    private static String describe(List<Reply> replies) {
        List<String> parts = new ArrayList<>();
        String last = null;
        int count = 0;
        for (Reply reply : replies) {
            String name = reply instanceof Reply.Pong ? "pong"
                    : ((Reply.Message) reply).maxFrame() > 0 ? "echo in frames ≤ " + ((Reply.Message) reply).maxFrame()
                    : "echo";
            if (name.equals(last)) {
                count++;
            } else {
                if (last != null) {
                    parts.add(count > 1 ? last + " ×" + count : last);
                }
                last = name;
                count = 1;
            }
        }
        if (last != null) {
            parts.add(count > 1 ? last + " ×" + count : last);
        }
        return String.join(", ", parts);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
