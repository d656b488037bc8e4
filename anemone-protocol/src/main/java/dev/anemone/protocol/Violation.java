package dev.anemone.protocol;

/**
 * Every way a peer can break the protocol, each with a stable identifier and the close code it
 * earns. This enum is the one place that maps failures to close codes (RFC 6455 section 7.4.1):
 * framing errors are 1002, bad UTF-8 is 1007, oversized messages are 1009.
 */
public enum Violation {
    /** RSV1-3 set while no negotiated extension owns them (section 5.2). */
    RESERVED_BITS(CloseStatus.PROTOCOL_ERROR, "reserved bits set without an extension that owns them"),
    /** Opcodes 0x3-0x7 and 0xB-0xF (section 5.2). */
    RESERVED_OPCODE(CloseStatus.PROTOCOL_ERROR, "reserved opcode"),
    /** A server received an unmasked frame (section 5.1). */
    UNMASKED_FRAME(CloseStatus.PROTOCOL_ERROR, "a client frame must be masked"),
    /** A client received a masked frame (section 5.1). */
    MASKED_FRAME(CloseStatus.PROTOCOL_ERROR, "a server frame must not be masked"),
    /** A control frame with more than 125 bytes of payload (section 5.5). */
    CONTROL_FRAME_TOO_LONG(CloseStatus.PROTOCOL_ERROR, "control frame payload over 125 bytes"),
    /** A control frame without FIN (section 5.5). */
    FRAGMENTED_CONTROL_FRAME(CloseStatus.PROTOCOL_ERROR, "fragmented control frame"),
    /** A continuation frame with no fragmented message to continue (section 5.4). */
    UNEXPECTED_CONTINUATION(CloseStatus.PROTOCOL_ERROR, "continuation frame with nothing to continue"),
    /** A new text or binary frame while a fragmented message is unfinished (section 5.4). */
    EXPECTED_CONTINUATION(CloseStatus.PROTOCOL_ERROR, "new data frame inside a fragmented message"),
    /** A 64-bit payload length with its most significant bit set (section 5.2). */
    LENGTH_TOP_BIT(CloseStatus.PROTOCOL_ERROR, "64-bit payload length with the top bit set"),
    /** A Close frame whose payload is a single byte (section 5.5.1). */
    CLOSE_PAYLOAD_ONE_BYTE(CloseStatus.PROTOCOL_ERROR, "close frame with a one-byte payload"),
    /** A Close frame whose code may not appear on the wire (section 7.4). */
    INVALID_CLOSE_CODE(CloseStatus.PROTOCOL_ERROR, "invalid close code"),
    /** A text message that is not valid UTF-8 (section 8.1). */
    INVALID_UTF8(CloseStatus.INVALID_PAYLOAD, "invalid UTF-8 in a text message"),
    /** A close reason that is not valid UTF-8 (section 5.5.1). */
    INVALID_UTF8_CLOSE_REASON(CloseStatus.INVALID_PAYLOAD, "invalid UTF-8 in a close reason"),
    /** A message over the configured size limit. */
    MESSAGE_TOO_BIG(CloseStatus.MESSAGE_TOO_BIG, "message too big"),
    /** A message in more frames than the limit allows: an endless stream of continuation frames. */
    TOO_MANY_FRAGMENTS(CloseStatus.MESSAGE_TOO_BIG, "message in too many fragments"),
    /** A compressed payload that does not inflate (RFC 7692 section 6.2). */
    BAD_COMPRESSED_DATA(CloseStatus.INVALID_PAYLOAD, "compressed data does not inflate");

    private final int closeCode;
    private final String description;

    Violation(int closeCode, String description) {
        this.closeCode = closeCode;
        this.description = description;
    }

    /** The close code the connection fails with. */
    public int closeCode() {
        return closeCode;
    }

    /** What went wrong, in a few words fit for a close reason (always under 123 bytes). */
    public String description() {
        return description;
    }
}
