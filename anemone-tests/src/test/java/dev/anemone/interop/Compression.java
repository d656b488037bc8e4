package dev.anemone.interop;

import dev.anemone.protocol.DeflateOptions;
import dev.anemone.protocol.ExtensionParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The permessage-deflate settings the compressed interop tests run with. Both sides are
 * configured alike, and the agreed {@code Sec-WebSocket-Extensions} element must carry exactly
 * {@link #parameters()}: every side compresses every message (threshold 0).
 */
enum Compression {

    /** Both sides keep their compression context from message to message. */
    TAKEOVER("context takeover", List.of(), false, 15, 15),

    /** Both sides start every message afresh. */
    NO_TAKEOVER("no context takeover", List.of("server_no_context_takeover", "client_no_context_takeover"), true, 15, 15),

    /** Context takeover, with the server's window at 1 KiB and the client's at 2 KiB. */
    SMALL_WINDOWS("windows of 10 and 11 bits", List.of("server_max_window_bits=10", "client_max_window_bits=11"),
            false, 10, 11);

    /** The only extension anyone offers here. */
    static final String EXTENSION = "permessage-deflate";

    private final String label;
    private final List<String> parameters;
    private final DeflateOptions ours;

    Compression(String label, List<String> parameters, boolean noContextTakeover, int serverWindowBits,
                int clientWindowBits) {
        this.label = label;
        this.parameters = parameters;
        this.ours = DeflateOptions.defaults()
                .withThreshold(0)
                .withNoContextTakeover(noContextTakeover, noContextTakeover)
                .withMaxWindowBits(serverWindowBits, clientWindowBits);
    }

    /** Our side's options, server or client. */
    DeflateOptions ours() {
        return ours;
    }

    /** The peer scripts' option: offer (client) or accept (server) exactly these parameters. */
    String peerOption() {
        return "--deflate=" + String.join(";", parameters);
    }

    /** The parameters the agreed element must have, each with its value or null. */
    Map<String, String> parameters() {
        return parametersOf(parameters.isEmpty() ? EXTENSION : EXTENSION + "; " + String.join("; ", parameters));
    }

    /** The parameters of one extension element, each with its value or null; fails for another extension. */
    static Map<String, String> parametersOf(String element) {
        ExtensionParameters parsed = ExtensionParameters.parse(element);
        if (!parsed.name().equals(EXTENSION)) {
            throw new AssertionError("not " + EXTENSION + ": " + element);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parsed.names().size(); i++) {
            if (parameters.containsKey(parsed.names().get(i))) {
                throw new AssertionError("repeated parameter in " + element);
            }
            parameters.put(parsed.names().get(i), parsed.values().get(i));
        }
        return parameters;
    }

    @Override
    public String toString() {
        return label;
    }
}
