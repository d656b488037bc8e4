package dev.anemone.bench.harness;

import dev.anemone.bench.load.Upgrade;

/** permessage-deflate for a run: off; on without context takeover; on with it. */
enum Variant {
    OFF("off", "deflate off", null),
    ON("on", "deflate on (no context takeover)", Upgrade.DEFLATE_NO_CONTEXT),
    CTX("ctx", "deflate on with context takeover", Upgrade.DEFLATE_WITH_CONTEXT);

    /** The peers' second argument, and the name on the command line. */
    final String argument;
    final String title;
    /** What the generator offers in its handshake, or null. */
    final String offer;

    Variant(String argument, String title, String offer) {
        this.argument = argument;
        this.title = title;
        this.offer = offer;
    }

    static Variant named(String name) {
        for (Variant variant : values()) {
            if (variant.argument.equalsIgnoreCase(name.trim())) {
                return variant;
            }
        }
        throw new IllegalArgumentException("no deflate variant " + name + " (off, on, ctx)");
    }
}
