package dev.anemone;

import dev.anemone.protocol.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Serves files from a folder, or from resources on the class path, for GET and HEAD. Unknown
 * paths get 404; paths that would climb out of the root ({@code ..}, encoded or not, or a link
 * pointing outside) get 404 too. Every response forbids framing by other sites
 * ({@code X-Frame-Options: DENY} and {@code Content-Security-Policy: frame-ancestors 'none'}),
 * the defence against clickjacking.
 */
public final class StaticFiles implements HttpHandler {

    /** The largest file served, so a request cannot pull a huge file into memory. */
    public static final long MAX_FILE_SIZE = 16L * 1024 * 1024;

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("wasm", "application/wasm"));

    private final Path root;
    private final String resourceRoot;
    private final ClassLoader loader;

    private StaticFiles(Path root, String resourceRoot, ClassLoader loader) {
        this.root = root;
        this.resourceRoot = resourceRoot;
        this.loader = loader;
    }

    /** Serves the files below {@code folder}. */
    public static StaticFiles fromFolder(Path folder) {
        try {
            return new StaticFiles(folder.toRealPath(), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve " + folder, e);
        }
    }

    /** Serves class-path resources below {@code prefix} (such as {@code "www"}), loaded by {@code loader}. */
    public static StaticFiles fromClasspath(String prefix, ClassLoader loader) {
        String trimmed = prefix.replaceAll("^/+|/+$", "");
        return new StaticFiles(null, trimmed, loader);
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return secured(HttpResponse.text(405, "Method Not Allowed").withHeader("Allow", "GET, HEAD"));
        }
        String relative = safeRelativePath(request.path());
        if (relative == null) {
            return notFound();
        }
        if (relative.isEmpty() || relative.endsWith("/")) {
            relative += "index.html";
        }
        byte[] body = root != null ? readFile(relative) : readResource(relative);
        if (body == null) {
            return notFound();
        }
        HttpHeaders headers = new HttpHeaders().add("Content-Type", contentType(relative));
        // For HEAD the server sends the head alone, with the length of the body a GET would get.
        HttpResponse response = new HttpResponse(200, headers, body);
        return secured(response);
    }

    /** The decoded path without its leading slash, or null when it tries to leave the root. */
    private static String safeRelativePath(String rawPath) {
        String path;
        try {
            path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEncoding) {
            return null;
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return null;
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return null;
            }
        }
        return path.replaceFirst("^/+", "");
    }

    private byte[] readFile(String relative) {
        Path file = root.resolve(relative).normalize();
        try {
            if (!Files.isRegularFile(file) || !file.toRealPath().startsWith(root) || Files.size(file) > MAX_FILE_SIZE) {
                return null;
            }
            return Files.readAllBytes(file);
        } catch (IOException unreadable) {
            return null;
        }
    }

    private byte[] readResource(String relative) {
        try (InputStream in = loader.getResourceAsStream(resourceRoot + "/" + relative)) {
            return in == null ? null : in.readNBytes((int) MAX_FILE_SIZE);
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static HttpResponse notFound() {
        return secured(HttpResponse.text(404, "Not Found"));
    }

    private static HttpResponse secured(HttpResponse response) {
        return response.withHeader("X-Frame-Options", "DENY")
                .withHeader("Content-Security-Policy", "frame-ancestors 'none'")
                .withHeader("X-Content-Type-Options", "nosniff");
    }
}
