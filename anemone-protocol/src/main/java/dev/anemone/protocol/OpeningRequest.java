package dev.anemone.protocol;

import java.util.List;

/**
 * A client's opening handshake that passed {@link ServerHandshake#check}: what the server needs to
 * decide whether to accept it, and to build its answer.
 *
 * @param head the request as received
 * @param key the {@code Sec-WebSocket-Key}
 * @param protocols the subprotocols offered, in the client's order of preference
 * @param extensions the extension offers, one element each, in the client's order
 */
public record OpeningRequest(HttpRequestHead head, String key, List<String> protocols, List<String> extensions) {

    /** The {@code Origin} header, or null (non-browser clients usually send none). */
    public String origin() {
        return head.headers().get("Origin");
    }
}
