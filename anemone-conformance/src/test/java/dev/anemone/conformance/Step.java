package dev.anemone.conformance;

/**
 * What the raw peer sends, as data. Payloads are written here unmasked; the peer masks what it
 * sends when it plays the client, as RFC 6455 requires (unless a step asks for the wrong mask).
 * {@link Send} builds them with short names, so a chapter reads as a table.
 */
sealed interface Step {

    /**
     * One frame, written in one go ({@code chunk} 0) or in writes of {@code chunk} bytes, each
     * flushed. {@code wrongMask} sends it masked by a server or unmasked by a client.
     */
    record Frame(boolean fin, int rsv, int opcode, byte[] payload, int chunk, boolean wrongMask) implements Step {
    }

    /**
     * The start of a frame that announces all of {@code frame}'s payload: its header, then only the
     * first {@code sent} payload bytes, in writes of the frame's chunk size. The peer sends nothing
     * more, so an answer must come before the frame is complete.
     */
    record Partial(Frame frame, int sent) implements Step {
    }

    /** A lone header announcing {@code length} payload bytes, and nothing after it. */
    record Header(boolean fin, int rsv, int opcode, long length) implements Step {
    }

    /**
     * One message cut into frames: the payload is split before each index in {@code cuts}; the
     * first frame carries {@code opcode}, the others are continuations. FIN is set on the last
     * frame only if {@code finish}; otherwise the message is left unfinished.
     */
    record Fragments(int opcode, byte[] payload, int[] cuts, boolean finish, int chunk) implements Step {
    }

    /**
     * A message compressed with the peer's negotiated permessage-deflate context and sent in
     * {@code frames} frames, RSV1 on the first.
     */
    record Compressed(int opcode, byte[] message, int frames) implements Step {
    }
}
