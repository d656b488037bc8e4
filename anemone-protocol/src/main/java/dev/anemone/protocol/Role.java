package dev.anemone.protocol;

/**
 * Which end of a connection the engine plays. The role decides who masks: a client masks every
 * frame it sends and a server masks none, and each rejects frames masked the other way
 * (RFC 6455 section 5.1).
 */
public enum Role {
    /** The end that opened the connection; masks what it sends. */
    CLIENT,
    /** The end that accepted the connection; never masks. */
    SERVER;

    /** Whether frames this role sends carry a mask. */
    public boolean masksOutgoing() {
        return this == CLIENT;
    }

    /** Whether frames this role receives must carry a mask. */
    public boolean expectsMaskedIncoming() {
        return this == SERVER;
    }
}
