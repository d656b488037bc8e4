package dev.anemone.protocol;

/**
 * Frame opcodes (RFC 6455 section 5.2), kept as plain {@code int}s so the frame path never boxes.
 */
public final class Opcode {

    /** 0x0: a continuation of a fragmented message. */
    public static final int CONTINUATION = 0x0;
    /** 0x1: a text message, UTF-8. */
    public static final int TEXT = 0x1;
    /** 0x2: a binary message. */
    public static final int BINARY = 0x2;
    /** 0x8: the closing handshake. */
    public static final int CLOSE = 0x8;
    /** 0x9: a ping, to be answered by a pong with the same payload. */
    public static final int PING = 0x9;
    /** 0xA: a pong, solicited or not. */
    public static final int PONG = 0xA;

    private Opcode() {
    }

    /** Control frames are those whose opcode has its high bit set (0x8–0xF). */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** Opcodes 0x3–0x7 and 0xB–0xF are reserved for future use and fail the connection. */
    public static boolean isReserved(int opcode) {
        return (opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xB;
    }

    /** The RFC's name for an opcode, as tools print it. */
    public static String name(int opcode) {
        switch (opcode) {
            case CONTINUATION: return "CONTINUATION";
            case TEXT: return "TEXT";
            case BINARY: return "BINARY";
            case CLOSE: return "CLOSE";
            case PING: return "PING";
            case PONG: return "PONG";
            default: return (isControl(opcode) ? "RESERVED-CONTROL-0x" : "RESERVED-DATA-0x")
                    + Integer.toHexString(opcode).toUpperCase();
        }
    }
}
