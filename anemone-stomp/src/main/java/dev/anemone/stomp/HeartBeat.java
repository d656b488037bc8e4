package dev.anemone.stomp;

/**
 * A {@code heart-beat} header's two numbers, in milliseconds: how often its sender can send
 * heart-beats, and how often it wants to receive them (0: never).
 *
 * @param send the smallest interval at which the sender can send
 * @param receive the interval at which the sender wants to receive
 */
public record HeartBeat(long send, long receive) {

    /** No heart-beats either way. */
    public static final HeartBeat NONE = new HeartBeat(0, 0);

    /** Checks the numbers. */
    public HeartBeat {
        if (send < 0 || receive < 0) {
            throw new IllegalArgumentException("negative heart-beat");
        }
    }

    /**
     * The header's value {@code "cx,cy"}; null or absent means no heart-beats.
     *
     * @throws StompException when it is not two non-negative numbers
     */
    public static HeartBeat parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        String[] parts = header.split(",");
        try {
            if (parts.length == 2) {
                long send = Long.parseLong(parts[0].trim());
                long receive = Long.parseLong(parts[1].trim());
                if (send >= 0 && receive >= 0) {
                    return new HeartBeat(send, receive);
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new StompException("heart-beat must be two non-negative numbers");
    }

    /** The header's value. */
    public String header() {
        return send + "," + receive;
    }

    /** How often this side sends, given {@code peer}'s header: 0 for never (STOMP 1.1, "Heart-beating"). */
    public long sendInterval(HeartBeat peer) {
        return send == 0 || peer.receive == 0 ? 0 : Math.max(send, peer.receive);
    }

    /** How often this side expects to hear from {@code peer}: 0 for never. */
    public long receiveInterval(HeartBeat peer) {
        return receive == 0 || peer.send == 0 ? 0 : Math.max(receive, peer.send);
    }
}
