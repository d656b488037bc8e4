package dev.anemone.protocol;

import java.nio.ByteBuffer;

/**
 * Encodes a whole message once for every connection whose codec names this encoder as its
 * {@link MessageCodec#sharedEncoder()}: what a publish to many subscribers uses so that, with
 * permessage-deflate and no context takeover, a message is compressed once rather than once per
 * receiver. Thread-safe.
 */
public interface SharedEncoder {

    /**
     * Encodes {@code payload}'s remaining bytes, leaving its position alone.
     *
     * @return the encoded payload in a buffer of its own, to be sent with {@link #reservedBit()}
     *     set on the frame; or null to send the message as it is (a message too small to be worth it)
     */
    ByteBuffer encode(ByteBuffer payload);

    /** The reserved bit that marks an encoded message's frame. */
    int reservedBit();
}
