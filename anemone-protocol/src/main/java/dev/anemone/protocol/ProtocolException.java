package dev.anemone.protocol;

/**
 * The peer broke RFC 6455; the connection fails with {@link #closeCode()}.
 */
public final class ProtocolException extends Exception {

    private final Violation violation;

    /** A violation with an optional detail, appended to its description. */
    public ProtocolException(Violation violation, String detail) {
        super(detail == null ? violation.description() : violation.description() + ": " + detail, null, false, false);
        this.violation = violation;
    }

    /** A violation described by its own words alone. */
    public ProtocolException(Violation violation) {
        this(violation, null);
    }

    /** Which rule was broken; its name is a stable identifier. */
    public Violation violation() {
        return violation;
    }

    /** The close code the connection fails with. */
    public int closeCode() {
        return violation.closeCode();
    }
}
