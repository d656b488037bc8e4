package dev.anemone.stomp;

/**
 * How large a frame the decoder accepts.
 *
 * @param maxFrameSize the most bytes of one frame, command, headers and body together
 * @param maxHeaders the most header lines in one frame
 * @param maxHeaderSize the most bytes of one header line, name and value together
 */
public record StompLimits(int maxFrameSize, int maxHeaders, int maxHeaderSize) {

    /** Checks the numbers. */
    public StompLimits {
        if (maxFrameSize < 64 || maxHeaders < 1 || maxHeaderSize < 16) {
            throw new IllegalArgumentException("limits too small: " + maxFrameSize + ", " + maxHeaders + ", " + maxHeaderSize);
        }
    }

    /** 64 KiB frames, 64 headers, 8 KiB header lines. */
    public static StompLimits defaults() {
        return new StompLimits(64 * 1024, 64, 8 * 1024);
    }
}
