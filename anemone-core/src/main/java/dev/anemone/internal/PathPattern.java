package dev.anemone.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An endpoint's path pattern: exact ({@code /echo}), a template whose {@code {name}} segments
 * each match one non-empty segment ({@code /chat/{room}}), or a prefix that matches a path and
 * everything below it ({@code /files/*}). One trailing slash is ignored on both sides, so
 * {@code /echo/} and {@code /echo} are the same. Literal segments compare case-sensitively with
 * the raw (still percent-encoded) path; the values captured are percent-decoded.
 */
final class PathPattern {

    /** The name under which a prefix pattern gives the rest of the path. */
    static final String REST = "*";

    enum Kind { EXACT, TEMPLATE, PREFIX }

    private final String pattern;
    private final Kind kind;
    /** The segments after the leading slash; a {@code null} entry is a variable. */
    private final String[] literals;
    private final String[] names;
    /** For a prefix: the path it covers, without the trailing {@code /*}. */
    private final String prefix;

    private PathPattern(String pattern, Kind kind, String[] literals, String[] names, String prefix) {
        this.pattern = pattern;
        this.kind = kind;
        this.literals = literals;
        this.names = names;
        this.prefix = prefix;
    }

    /**
     * Parses an endpoint's pattern.
     *
     * @throws IllegalArgumentException when it does not start with '/', a variable is not a whole
     *     segment or is named twice, or '*' is anything but a whole last segment of a pattern
     *     without variables
     */
    static PathPattern parse(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("an endpoint path starts with '/': " + pattern);
        }
        if (pattern.indexOf('?') >= 0 || pattern.indexOf('#') >= 0) {
            throw new IllegalArgumentException("an endpoint path has no query or fragment: " + pattern);
        }
        String normalized = withoutTrailingSlash(pattern);
        if (normalized.equals("/*") || normalized.endsWith("/*")) {
            String covered = normalized.substring(0, normalized.length() - 2);
            if (covered.indexOf('*') >= 0 || covered.indexOf('{') >= 0 || covered.indexOf('}') >= 0) {
                throw new IllegalArgumentException("a prefix pattern ends with '/*' and has no variables: " + pattern);
            }
            return new PathPattern(normalized, Kind.PREFIX, null, null, covered);
        }
        String[] segments = normalized.substring(1).split("/", -1);
        String[] literals = new String[segments.length];
        String[] names = new String[segments.length];
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.startsWith("{") && segment.endsWith("}") && segment.length() > 2) {
                String name = segment.substring(1, segment.length() - 1);
                if (!name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-') || seen.contains(name)) {
                    throw new IllegalArgumentException("a variable is named with letters, digits, '_' or '-', once: "
                            + segment + " in " + pattern);
                }
                seen.add(name);
                names[i] = name;
            } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0 || segment.indexOf('*') >= 0) {
                throw new IllegalArgumentException("'{name}' and '*' stand for whole segments: " + segment + " in " + pattern);
            } else {
                literals[i] = segment;
            }
        }
        Kind kind = seen.isEmpty() ? Kind.EXACT : Kind.TEMPLATE;
        return new PathPattern(normalized, kind, literals, names, null);
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
                return coversPrefix(path);
            default:
                return matchesTemplate(path);
        }
    }

    private boolean coversPrefix(String path) {
        return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix) && path.charAt(prefix.length()) == '/';
    }

    private boolean matchesTemplate(String path) {
        int at = 1;
        for (int i = 0; i < literals.length; i++) {
            int end = path.indexOf('/', at);
            boolean last = i == literals.length - 1;
            if (end < 0 != last) {
                return false;
            }
            if (end < 0) {
                end = path.length();
            }
            if (literals[i] != null ? !path.regionMatches(at, literals[i], 0, literals[i].length())
                    || end - at != literals[i].length() : end == at) {
                return false;
            }
            at = end + 1;
        }
        return true;
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
            return Map.of(REST, decode(rest));
        }
        Map<String, String> values = new LinkedHashMap<>();
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) {
                values.put(names[i], decode(segments[i]));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * Orders templates that could match the same path: segment by segment from the left, a
     * literal before a variable; the caller's order decides ties.
     */
    static int bySpecificity(PathPattern a, PathPattern b) {
        int shared = Math.min(a.literals.length, b.literals.length);
        for (int i = 0; i < shared; i++) {
            boolean aLiteral = a.literals[i] != null;
            if (aLiteral != (b.literals[i] != null)) {
                return aLiteral ? -1 : 1;
            }
        }
        return 0;
    }

    /** Percent-decodes UTF-8; a malformed escape is kept as it is. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int at = 0;
        while (at < raw.length()) {
            int escape = raw.indexOf('%', at);
            byte[] plain = raw.substring(at, escape < 0 ? raw.length() : escape).getBytes(StandardCharsets.UTF_8);
            bytes.write(plain, 0, plain.length);
            if (escape < 0) {
                break;
            }
            int high = escape + 2 < raw.length() ? Character.digit(raw.charAt(escape + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(raw.charAt(escape + 2), 16) : -1;
            if (low >= 0) {
                bytes.write(high << 4 | low);
                at = escape + 3;
            } else {
                bytes.write('%');
                at = escape + 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
