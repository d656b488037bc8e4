package dev.anemone.interop;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * node/handshakes.js: Node ws clients opening WebSockets one after another, each from a loopback
 * address of its own, reporting the status each handshake got (101, or the refusal's).
 */
final class NodeHandshakes {

    private NodeHandshakes() {
    }

    /**
     * Starts the handshakes to {@code uri}, one from each of {@code from} in order; {@code options}
     * are the script's ({@code --hold}, {@code --header=NAME:VALUE}, {@code --cacert=FILE}).
     */
    static ExternalPeer start(URI uri, List<String> from, String... options) {
        PeerRuntime.NODE.requireInstalled();
        List<String> command = new ArrayList<>(List.of("node", "handshakes.js", uri.toString(), String.join(",", from)));
        command.addAll(List.of(options));
        Path node = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("node");
        return ExternalPeer.start("Node ws handshakes", node, command, Map.of());
    }

    /** The statuses of the {@code count} handshakes, in order, once all are done. */
    static List<Long> statuses(ExternalPeer handshakes, int count) {
        List<Long> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(handshakes.events().await("handshake").number("status"));
        }
        handshakes.events().await("done");
        return statuses;
    }
}
