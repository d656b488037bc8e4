package dev.anemone.protocol;

import java.time.Duration;

/**
 * The engine's limits. Every limit has a safe default; change one with the {@code with} methods.
 *
 * @param maxMessageSize the largest message accepted, in bytes; a larger one fails with 1009 as
 *     soon as the frame header announces it (default 16 MiB)
 * @param fragmentSize outgoing messages larger than this are split into frames of this size; 0
 *     sends every message as one frame (default 0)
 * @param closeTimeout how long the transport waits for the closing handshake to finish before it
 *     drops the connection (default 5 s). The engine has no clock: the transport keeps it.
 * @param maxFragmentsPerMessage the most frames one received message may come in; past it the
 *     connection fails with 1009, like a message too big, which bounds a peer that sends endless
 *     (or empty) continuation frames. 0 (the default) derives it from the message size: one frame
 *     per KiB of {@code maxMessageSize}, and at least 16384 (16 MiB in 1 KiB fragments); see
 *     {@link #fragmentLimit()}
 */
public record EngineConfig(long maxMessageSize, int fragmentSize, Duration closeTimeout, int maxFragmentsPerMessage) {

    /** 16 MiB. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 16L * 1024 * 1024;
    /** The fewest frames the derived limit allows: 16384. */
    public static final int MIN_DERIVED_FRAGMENTS_PER_MESSAGE = 16384;
    /** The largest limit a message buffer can honour: just under 2 GiB. */
    public static final long MAX_MESSAGE_SIZE_LIMIT = Integer.MAX_VALUE - 16;

    /** Checks the limits. */
    public EngineConfig {
        if (maxMessageSize < 0 || maxMessageSize > MAX_MESSAGE_SIZE_LIMIT) {
            // A message is assembled in one buffer, whose size is an int.
            throw new IllegalArgumentException("maxMessageSize must be 0 to " + MAX_MESSAGE_SIZE_LIMIT + ": " + maxMessageSize);
        }
        if (fragmentSize < 0) {
            throw new IllegalArgumentException("fragmentSize must not be negative: " + fragmentSize);
        }
        if (closeTimeout == null || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must be zero or positive: " + closeTimeout);
        }
        if (maxFragmentsPerMessage < 0) {
            throw new IllegalArgumentException("maxFragmentsPerMessage must be 0 (derived) or more: " + maxFragmentsPerMessage);
        }
    }

    /** The limits, with the default limit on fragments per message. */
    public EngineConfig(long maxMessageSize, int fragmentSize, Duration closeTimeout) {
        this(maxMessageSize, fragmentSize, closeTimeout, 0);
    }

    /** The most frames one received message may come in: {@code maxFragmentsPerMessage}, or derived from the size. */
    public int fragmentLimit() {
        return maxFragmentsPerMessage > 0 ? maxFragmentsPerMessage
                : (int) Math.max(MIN_DERIVED_FRAGMENTS_PER_MESSAGE, maxMessageSize / 1024);
    }

    /** The defaults: 16 MiB messages in at most 16384 frames, no automatic fragmentation, 5 s to close. */
    public static EngineConfig defaults() {
        return new EngineConfig(DEFAULT_MAX_MESSAGE_SIZE, 0, Duration.ofSeconds(5));
    }

    /** The same config with another message size limit. */
    public EngineConfig withMaxMessageSize(long bytes) {
        return new EngineConfig(bytes, fragmentSize, closeTimeout, maxFragmentsPerMessage);
    }

    /** The same config with another fragment size (0: no fragmentation). */
    public EngineConfig withFragmentSize(int bytes) {
        return new EngineConfig(maxMessageSize, bytes, closeTimeout, maxFragmentsPerMessage);
    }

    /** The same config with another close timeout. */
    public EngineConfig withCloseTimeout(Duration timeout) {
        return new EngineConfig(maxMessageSize, fragmentSize, timeout, maxFragmentsPerMessage);
    }

    /** The same config with another limit on the frames of one received message (0: derived from the message size). */
    public EngineConfig withMaxFragmentsPerMessage(int frames) {
        return new EngineConfig(maxMessageSize, fragmentSize, closeTimeout, frames);
    }
}
