package dev.anemone.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every chapter's cases, in order, and the cases known to fail. A known failure stays in the run:
 * its test passes only while the case still fails, so a fix is noticed and the entry removed.
 */
final class Catalogue {

    /** Why a case is expected to fail, in which roles, and a piece of the failure message it must fail with. */
    record Exclusion(Set<Case.Side> sides, String reason, String failsWith) {
    }

    /** Known failures, by case id, as coder/websocket lists its Autobahn exclusions. */
    static final Map<String, Exclusion> EXCLUDED = Map.of();

    private static final List<Case> ALL = build();

    private Catalogue() {
    }

    static List<Case> all() {
        return ALL;
    }

    /** The exclusion for {@code c} in {@code side}, or null. */
    static Exclusion exclusion(Case c, Case.Side side) {
        Exclusion exclusion = EXCLUDED.get(c.id());
        return exclusion != null && exclusion.sides().contains(side) ? exclusion : null;
    }

    private static List<Case> build() {
        List<Case> all = new ArrayList<>();
        all.addAll(Chapter1Framing.cases());
        all.addAll(Chapter2PingPong.cases());
        all.addAll(Chapter3ReservedBits.cases());
        all.addAll(Chapter4Opcodes.cases());
        all.addAll(Chapter5Fragmentation.cases());
        all.addAll(Chapter6Utf8.cases());
        all.addAll(Chapter7Closing.cases());
        all.addAll(Chapter9Limits.cases());
        all.addAll(Chapter10AutoFragmentation.cases());
        all.addAll(Chapter12Deflate.cases());
        all.addAll(Chapter13DeflateParameters.cases());
        all.addAll(Chapter13Negotiation.cases());
        return List.copyOf(all);
    }
}
