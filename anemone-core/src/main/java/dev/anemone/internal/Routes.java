package dev.anemone.internal;

import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.WebSocketServer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Finds the endpoint for a request path: an exact pattern first, then a template (one whose
 * segments from the left are literal the longest, the one declared first on a tie), then a
 * prefix (the longest). The query is not part of the path, and one trailing slash is ignored.
 */
public final class Routes {

    private final Map<String, ServerEndpoint> exact = new HashMap<>();
    private final List<ServerEndpoint> templates = new ArrayList<>();
    private final List<ServerEndpoint> prefixes = new ArrayList<>();
    private final Map<String, ServerEndpoint> byPattern = new HashMap<>();

    /**
     * The routes of {@code endpoints}, in their declaration order, for {@code server}'s sessions;
     * each endpoint's verifier is asked after {@code serverVerifier}.
     */
    Routes(Map<String, Endpoint> endpoints, WebSocketServer server, SessionSettings serverSettings,
           ClientVerifier serverVerifier, Consumer<WebSocketSession> onSessionClosed) {
        for (Map.Entry<String, Endpoint> declared : endpoints.entrySet()) {
            PathPattern pattern = PathPattern.parse(declared.getKey());
            ServerEndpoint endpoint = new ServerEndpoint(server, pattern, declared.getValue(), serverSettings,
                    serverVerifier, onSessionClosed);
            byPattern.put(pattern.pattern(), endpoint);
            switch (pattern.kind()) {
                case EXACT -> exact.put(pattern.pattern(), endpoint);
                case TEMPLATE -> templates.add(endpoint);
                case PREFIX -> prefixes.add(endpoint);
                default -> throw new IllegalStateException(pattern.kind().name());
            }
        }
        // Stable sorts: on a tie the endpoint declared first stays first.
        templates.sort((a, b) -> PathPattern.bySpecificity(a.pattern(), b.pattern()));
        prefixes.sort(Comparator.comparingInt((ServerEndpoint e) -> e.pattern().prefixLength()).reversed());
    }

    /**
     * Checks an endpoint's pattern and returns the form that names it (without a trailing
     * slash): two patterns with the same form are the same endpoint.
     *
     * @throws IllegalArgumentException for a pattern that is not one
     */
    public static String checkPattern(String pattern) {
        return PathPattern.parse(pattern).pattern();
    }

    /**
     * Whether a request path is one that {@code patterns} serve, without a server: for answering a
     * plain HTTP request at an endpoint's path with 426 rather than 404.
     */
    public static Predicate<String> matcherOf(Collection<String> patterns) {
        List<PathPattern> parsed = patterns.stream().map(PathPattern::parse).toList();
        return rawPath -> {
            String path = PathPattern.withoutTrailingSlash(rawPath);
            return parsed.stream().anyMatch(pattern -> pattern.matches(path));
        };
    }

    /** The endpoint serving {@code rawPath} (a request path without the query), or null. */
    ServerEndpoint match(String rawPath) {
        String path = PathPattern.withoutTrailingSlash(rawPath);
        ServerEndpoint found = exact.get(path);
        if (found != null) {
            return found;
        }
        for (ServerEndpoint template : templates) {
            if (template.pattern().matches(path)) {
                return template;
            }
        }
        for (ServerEndpoint prefix : prefixes) {
            if (prefix.pattern().matches(path)) {
                return prefix;
            }
        }
        return null;
    }

    /** The endpoint declared with {@code pattern} (trailing slash or not), or null. */
    ServerEndpoint byPattern(String pattern) {
        return byPattern.get(PathPattern.withoutTrailingSlash(pattern));
    }
}
