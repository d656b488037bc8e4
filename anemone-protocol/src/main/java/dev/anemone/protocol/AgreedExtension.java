package dev.anemone.protocol;

/** An extension both ends agreed on for one connection. */
public interface AgreedExtension {

    /** The element the server sends back in {@code Sec-WebSocket-Extensions}. */
    String responseElement();

    /** The reserved bits its frames may carry ({@link FrameHeader#RSV1} and friends). */
    int reservedBits();

    /** The per-connection codec, for the given role. Call {@link MessageCodec#release()} when done. */
    MessageCodec newCodec(Role role);
}
