package dev.anemone.protocol;

/**
 * Limits on an HTTP request or response head: a head that passes either gets 431 (RFC 6585), or
 * 414 (RFC 9110 section 15.5.15) when its request line alone runs past {@code maxBytes}.
 *
 * @param maxBytes the most bytes in the head, request line and blank line included (default 8 KiB)
 * @param maxHeaderLines the most header lines, the request line not counted (default 100)
 */
public record HeadLimits(int maxBytes, int maxHeaderLines) {

    /** Checks the limits. */
    public HeadLimits {
        if (maxBytes < 16 || maxHeaderLines < 1) {
            throw new IllegalArgumentException("head limits too small: " + maxBytes + " bytes, " + maxHeaderLines + " lines");
        }
    }

    /** 8 KiB and 100 header lines. */
    public static HeadLimits defaults() {
        return new HeadLimits(8 * 1024, 100);
    }
}
