package dev.anemone.interop;

/**
 * The commands the peers understand. Clients read them on stdin; the echo servers take the same
 * words (all but {@code send}) as text messages.
 */
final class Commands {

    private Commands() {
    }

    /** Send the generated {@link Payloads} message of {@code type} and {@code size}. */
    static String send(String type, int size) {
        return "send:" + type + ":" + size;
    }

    /** Send the generated message as {@code count} frames. */
    static String fragments(String type, int size, int count) {
        return "fragments:" + type + ":" + size + ":" + count;
    }

    /** Ping with {@code payload}, and report the pong. */
    static String ping(byte[] payload) {
        return "ping:" + Payloads.hex(payload);
    }

    /** Start the closing handshake. */
    static String close(int code, String reason) {
        return "close:" + code + ":" + reason;
    }
}
