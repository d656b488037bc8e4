package dev.anemone.stomp;

import java.util.ArrayList;
import java.util.List;

/** A STOMP protocol version, with its WebSocket subprotocol name. */
public enum StompVersion {
    V1_0("1.0", "v10.stomp"), V1_1("1.1", "v11.stomp"), V1_2("1.2", "v12.stomp");

    private final String text;
    private final String subprotocol;

    StompVersion(String text, String subprotocol) {
        this.text = text;
        this.subprotocol = subprotocol;
    }

    /** The version as the {@code version} and {@code accept-version} headers write it. */
    public String text() {
        return text;
    }

    /** The WebSocket subprotocol that names this version. */
    public String subprotocol() {
        return subprotocol;
    }

    /** Whether header values are escaped in this version (1.1 and later, except CONNECT and CONNECTED). */
    public boolean escapes() {
        return this != V1_0;
    }

    /** The version written {@code text}, or null. */
    public static StompVersion ofText(String text) {
        for (StompVersion version : values()) {
            if (version.text.equals(text)) {
                return version;
            }
        }
        return null;
    }

    /** The version whose subprotocol is {@code name}, or null. */
    public static StompVersion ofSubprotocol(String name) {
        for (StompVersion version : values()) {
            if (version.subprotocol.equals(name)) {
                return version;
            }
        }
        return null;
    }

    /** Every subprotocol name, newest version first: what a client offers and a server accepts. */
    public static String[] subprotocols() {
        return new String[] {V1_2.subprotocol, V1_1.subprotocol, V1_0.subprotocol};
    }

    /**
     * The version a server speaks with a client whose CONNECT said {@code acceptVersion} (null or
     * empty: 1.0 only, as STOMP 1.1 says), limited to {@code subprotocol}'s version when the
     * WebSocket handshake chose one; null when they share none.
     */
    public static StompVersion negotiate(String acceptVersion, String subprotocol) {
        List<StompVersion> offered = new ArrayList<>();
        if (acceptVersion == null || acceptVersion.isBlank()) {
            offered.add(V1_0);
        } else {
            for (String part : acceptVersion.split(",")) {
                StompVersion version = ofText(part.trim());
                if (version != null) {
                    offered.add(version);
                }
            }
        }
        StompVersion chosen = ofSubprotocol(subprotocol);
        if (chosen != null) {
            // The subprotocol says which version the client means; accept-version may still be older
            // (stompjs sends v10.stomp with accept-version 1.1,1.0): the newest both allow.
            for (int i = chosen.ordinal(); i >= 0; i--) {
                if (offered.contains(values()[i])) {
                    return values()[i];
                }
            }
            return null;
        }
        StompVersion best = null;
        for (StompVersion version : offered) {
            if (best == null || version.ordinal() > best.ordinal()) {
                best = version;
            }
        }
        return best;
    }
}
