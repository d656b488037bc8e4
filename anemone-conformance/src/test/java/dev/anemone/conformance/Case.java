package dev.anemone.conformance;

import java.util.List;
import java.util.Set;

/**
 * One protocol case: the bytes the raw peer sends and what it expects back, next to each other.
 *
 * @param id the Autobahn-style number, "5.15"
 * @param chapter the chapter it belongs to, "5 Fragmentation"
 * @param setup how the system under test and the connection are configured
 */
record Case(String id, String chapter, String description, Setup setup, List<Step> steps, Expectation expect) {

    /** The two roles the system under test plays: our server, or our client. */
    enum Side {
        SERVER, CLIENT
    }

    /**
     * @param deflate the raw peer's {@code Sec-WebSocket-Extensions} value, or null for none: its
     *     offer when the system under test is the server, its answer when it is the client
     * @param fragmentSize the system under test's outgoing fragment size (0: none)
     * @param roles the roles the case applies to
     * @param withHandshake how many of the first steps go out in the same write as the peer's
     *     handshake (its request, or its 101 response)
     * @param refused whether the system under test must refuse {@code deflate}: a server answers
     *     without the extension, a client fails the handshake
     */
    record Setup(String deflate, int fragmentSize, Set<Side> roles, int withHandshake, boolean refused) {
        static final Setup PLAIN = new Setup(null, 0, Set.of(Side.SERVER, Side.CLIENT), 0, false);

        /** permessage-deflate with these parameters ("" for none). */
        static Setup deflate(String parameters) {
            return extensions(parameters.isEmpty() ? "permessage-deflate" : "permessage-deflate; " + parameters);
        }

        /** Exactly this {@code Sec-WebSocket-Extensions} value. */
        static Setup extensions(String header) {
            return new Setup(header, 0, PLAIN.roles(), 0, false);
        }

        Setup withFragmentSize(int bytes) {
            return new Setup(deflate, bytes, roles, withHandshake, refused);
        }

        Setup only(Side side) {
            return new Setup(deflate, fragmentSize, Set.of(side), withHandshake, refused);
        }

        Setup withHandshake(int steps) {
            return new Setup(deflate, fragmentSize, roles, steps, refused);
        }

        Setup mustRefuse() {
            return new Setup(deflate, fragmentSize, roles, withHandshake, true);
        }
    }

    /** The steps that go out with the handshake. */
    List<Step> handshakeSteps() {
        return steps.subList(0, setup.withHandshake());
    }

    /** The steps sent once the handshake is done. */
    List<Step> laterSteps() {
        return steps.subList(setup.withHandshake(), steps.size());
    }

    /** "5.15 new message inside fragmented message → 1002". */
    String displayName() {
        return id + " " + description + " → " + expect.summary();
    }
}
