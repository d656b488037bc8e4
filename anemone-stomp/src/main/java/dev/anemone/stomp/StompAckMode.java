package dev.anemone.stomp;

/** A subscription's acknowledgement mode, its {@code ack} header. */
public enum StompAckMode {
    /** Messages count as acknowledged once sent. */
    AUTO("auto"),
    /** ACK or NACK settles the message named and every earlier one of the subscription. */
    CLIENT("client"),
    /** ACK or NACK settles the message named alone. */
    CLIENT_INDIVIDUAL("client-individual");

    private final String header;

    StompAckMode(String header) {
        this.header = header;
    }

    /** The header's value. */
    public String header() {
        return header;
    }

    /**
     * The mode an {@code ack} header names (null: auto).
     *
     * @throws StompException for any other value
     */
    public static StompAckMode parse(String header) {
        if (header == null) {
            return AUTO;
        }
        for (StompAckMode mode : values()) {
            if (mode.header.equals(header)) {
                return mode;
            }
        }
        throw new StompException("ack must be auto, client or client-individual");
    }
}
