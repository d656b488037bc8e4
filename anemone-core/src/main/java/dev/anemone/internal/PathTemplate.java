package dev.anemone.internal;

import dev.anemone.protocol.UrlEncoding;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A path with named segments, {@code /rooms/{room}/messages}: each {@code {name}} matches one
 * whole, non-empty segment, whose value is percent-decoded; every other segment matches itself
 * exactly, as sent. A trailing slash counts: {@code /rooms/} is not {@code /rooms}.
 */
public final class PathTemplate {

    private final String template;
    /** The literal segments, null where a parameter stands. */
    private final String[] literals;
    private final String[] names;

    private PathTemplate(String template, String[] literals, String[] names) {
        this.template = template;
        this.literals = literals;
        this.names = names;
    }

    /**
     * The template {@code template}.
     *
     * @throws IllegalArgumentException when it does not start with '/', a brace is not a whole
     *     segment's, a name is empty or a name repeats
     */
    public static PathTemplate parse(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("A path starts with '/': " + template);
        }
        String[] segments = template.split("/", -1);
        String[] literals = new String[segments.length];
        String[] names = new String[segments.length];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}")) {
                String name = segment.substring(1, segment.length() - 1);
                if (name.indexOf('{') >= 0 || name.indexOf('}') >= 0 || !seen.add(name)) {
                    throw new IllegalArgumentException("Bad or repeated parameter in " + template);
                }
                names[i] = name;
            } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
                throw new IllegalArgumentException("A parameter takes a whole segment, as /a/{name}/b: " + template);
            } else {
                literals[i] = segment;
            }
        }
        return new PathTemplate(template, literals, names);
    }

    /** The parameters' values if {@code path} matches, by name (empty for an exact template); null if not. */
    public Map<String, String> match(String path) {
        String[] segments = path.split("/", -1);
        if (segments.length != literals.length) {
            return null;
        }
        Map<String, String> values = null;
        for (int i = 0; i < segments.length; i++) {
            if (literals[i] != null) {
                if (!literals[i].equals(segments[i])) {
                    return null;
                }
            } else if (segments[i].isEmpty()) {
                return null;
            } else {
                if (values == null) {
                    values = new LinkedHashMap<>();
                }
                values.put(names[i], UrlEncoding.decode(segments[i], false));
            }
        }
        return values == null ? Map.of() : values;
    }

    @Override
    public String toString() {
        return template;
    }
}
