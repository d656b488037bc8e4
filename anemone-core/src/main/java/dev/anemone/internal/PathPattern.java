package dev.anemone.internal;

import dev.anemone.protocol.UrlEncoding;
import java.net.URI;
import java.util.Collections;
import java.util.Map;

/**
 * An endpoint's path pattern: exact ({@code /echo}), a template whose {@code {name}} segments
 * each match one non-empty segment ({@code /chat/{room}}, matched by a {@link PathTemplate} as
 * HTTP routes are), or a prefix that matches a path and everything below it ({@code /files/*}).
 * One trailing slash is ignored on both sides, so {@code /echo/} and {@code /echo} are the same.
 * Literal segments compare case-sensitively with the raw (still percent-encoded) path; the values
 * captured are percent-decoded.
 */
final class PathPattern {

    /** The name under which a prefix pattern gives the rest of the path. */
    static final String REST = "*";

    enum Kind { EXACT, TEMPLATE, PREFIX }

    private final String pattern;
    private final Kind kind;
    private final PathTemplate template;
    /** For a template: whether each segment after the leading slash is literal. */
    private final boolean[] literal;
    /** For a prefix: the path it covers, without the trailing {@code /*}. */
    private final String prefix;

    private PathPattern(String pattern, Kind kind, PathTemplate template, boolean[] literal, String prefix) {
        this.pattern = pattern;
        this.kind = kind;
        this.template = template;
        this.literal = literal;
        this.prefix = prefix;
    }

    /**
     * Parses an endpoint's pattern.
     *
     * @throws IllegalArgumentException when it does not start with '/', has a query, a variable
     *     is not a whole segment or is named twice, or '*' is anything but a whole last segment of
     *     a pattern without variables
     */
    static PathPattern parse(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("an endpoint path starts with '/': " + pattern);
        }
        if (pattern.indexOf('?') >= 0 || pattern.indexOf('#') >= 0) {
            throw new IllegalArgumentException("an endpoint path has no query or fragment: " + pattern);
        }
        String normalized = withoutTrailingSlash(pattern);
        if (normalized.endsWith("/*")) {
            String covered = normalized.substring(0, normalized.length() - 2);
            if (covered.indexOf('*') >= 0 || covered.indexOf('{') >= 0) {
                throw new IllegalArgumentException("a prefix pattern ends with '/*' and has no variables: " + pattern);
            }
            return new PathPattern(normalized, Kind.PREFIX, null, null, covered);
        }
        if (normalized.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'*' stands for the whole last segment of a prefix: " + pattern);
        }
        PathTemplate template = PathTemplate.parse(normalized);
        if (normalized.indexOf('{') < 0) {
            return new PathPattern(normalized, Kind.EXACT, null, null, null);
        }
        String[] segments = normalized.substring(1).split("/", -1);
        boolean[] literal = new boolean[segments.length];
        for (int i = 0; i < segments.length; i++) {
            literal[i] = !segments[i].startsWith("{");
        }
        return new PathPattern(normalized, Kind.TEMPLATE, template, literal, null);
    }

    /** The path of {@code uri}, percent-encoded as it came, and {@code /} for none. */
    static String pathOf(URI uri) {
        String path = uri.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** The path without one trailing slash, the root excepted. */
    static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The pattern as declared, without a trailing slash; what names the endpoint. */
    String pattern() {
        return pattern;
    }

    Kind kind() {
        return kind;
    }

    /** For a prefix, how many characters it covers: the longest prefix wins. */
    int prefixLength() {
        return prefix.length();
    }

    /** Whether {@code path}, a raw request path without its trailing slash, matches. */
    boolean matches(String path) {
        switch (kind) {
            case EXACT:
                return pattern.equals(path);
            case PREFIX:
                return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix) && path.charAt(prefix.length()) == '/';
            default:
                return template.match(path) != null;
        }
    }

    /**
     * The values of the variables in {@code rawPath} (a request path, trailing slash or not), in
     * the pattern's order, percent-decoded; for a prefix, the rest of the path under {@link #REST}
     * (empty for the prefix itself). Empty when the path does not match.
     */
    Map<String, String> values(String rawPath) {
        String path = withoutTrailingSlash(rawPath);
        if (kind == Kind.EXACT || !matches(path)) {
            return Map.of();
        }
        if (kind == Kind.PREFIX) {
            String rest = path.length() > prefix.length() ? path.substring(prefix.length() + 1) : "";
            return Map.of(REST, UrlEncoding.decode(rest, false));
        }
        return Collections.unmodifiableMap(template.match(path));
    }

    /**
     * Orders templates that could match the same path: segment by segment from the left, a
     * literal before a variable; the caller's order decides ties.
     */
    static int bySpecificity(PathPattern a, PathPattern b) {
        int shared = Math.min(a.literal.length, b.literal.length);
        for (int i = 0; i < shared; i++) {
            if (a.literal[i] != b.literal[i]) {
                return a.literal[i] ? -1 : 1;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
