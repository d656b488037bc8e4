package dev.anemone;

import dev.anemone.internal.ContentTypes;
import dev.anemone.internal.FileSender;
import dev.anemone.protocol.HttpDate;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.UrlEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * Serves files from a folder, or resources from the class path, for GET and HEAD, under a URL
 * prefix ({@code /} unless {@link #at} says otherwise). Files are read on an executor, never on an
 * event loop; a large file is streamed in pieces as the client takes them, never read whole.
 *
 * <p>Each answer carries its {@code Content-Type} (by extension), an {@code ETag} and, for files,
 * {@code Last-Modified}, with {@code Cache-Control: no-cache} so that browsers ask again each
 * time and get 304 (Not Modified) for what they have ({@code If-None-Match},
 * {@code If-Modified-Since}). A path ending in {@code /} serves its {@code index.html}. Unknown
 * paths get 404, and so do paths that would leave the root: {@code ..} segments, encoded or not,
 * and links that point outside it. Every answer forbids framing by other sites
 * ({@code X-Frame-Options: DENY} and {@code Content-Security-Policy: frame-ancestors 'none'}), the
 * defence against clickjacking.
 *
 * <pre>{@code
 * new HttpRoutes().prefix("/static", StaticFiles.fromFolder(Path.of("www")).at("/static"))
 * }</pre>
 */
public final class StaticFiles implements HttpHandler {

    /** The largest class-path resource served: resources are read whole. */
    public static final long MAX_RESOURCE_SIZE = 16L * 1024 * 1024;

    /** Files up to this size are read whole; larger ones are streamed. */
    static final int SMALL_FILE = 64 * 1024;

    private final Path root;
    private final String resourceRoot;
    private final ClassLoader loader;
    private final String prefix;
    private final Executor executor;

    private StaticFiles(Path root, String resourceRoot, ClassLoader loader, String prefix, Executor executor) {
        this.root = root;
        this.resourceRoot = resourceRoot;
        this.loader = loader;
        this.prefix = prefix;
        this.executor = executor;
    }

    /** Serves the files below {@code folder}. */
    public static StaticFiles fromFolder(Path folder) {
        try {
            return new StaticFiles(folder.toRealPath(), null, null, "/", null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve " + folder, e);
        }
    }

    /** Serves class-path resources below {@code prefix} (such as {@code "www"}), loaded by {@code loader}. */
    public static StaticFiles fromClasspath(String prefix, ClassLoader loader) {
        String trimmed = prefix.replaceAll("^/+|/+$", "");
        return new StaticFiles(null, trimmed, Objects.requireNonNull(loader), "/", null);
    }

    /**
     * The same files under the URL prefix {@code urlPrefix}: with {@code /static}, the request
     * {@code /static/app.js} gets the root's {@code app.js}, and paths outside the prefix get 404.
     */
    public StaticFiles at(String urlPrefix) {
        if (!urlPrefix.startsWith("/")) {
            throw new IllegalArgumentException("A URL prefix starts with '/': " + urlPrefix);
        }
        String normalized = urlPrefix.endsWith("/") ? urlPrefix : urlPrefix + "/";
        return new StaticFiles(root, resourceRoot, loader, normalized, executor);
    }

    /** The same files, read on {@code value} (default: a small pool of daemon threads shared by all). */
    public StaticFiles withExecutor(Executor value) {
        return new StaticFiles(root, resourceRoot, loader, prefix, Objects.requireNonNull(value));
    }

    @Override
    public void handle(HttpRequest request, HttpExchange exchange) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            exchange.respond(secured(HttpResponse.text(405, "Method Not Allowed").withHeader("Allow", "GET, HEAD")));
            return;
        }
        String relative = relativePath(request.path());
        if (relative == null) {
            exchange.respond(notFound());
            return;
        }
        String file = relative.isEmpty() || relative.endsWith("/") ? relative + "index.html" : relative;
        try {
            executorOrShared().execute(() -> serve(request, exchange, file));
        } catch (RejectedExecutionException full) {
            exchange.respond(secured(HttpResponse.text(503, "Service Unavailable")));
        }
    }

    /** The decoded path below the prefix without a leading slash, or null when it is outside or tries to leave the root. */
    private String relativePath(String rawPath) {
        String inside = rawPath.equals(prefix.substring(0, prefix.length() - 1)) ? prefix : rawPath;
        if (!inside.startsWith(prefix)) {
            return null;
        }
        String path = UrlEncoding.decode(inside.substring(prefix.length()), false);
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0 || path.indexOf('\uFFFD') >= 0) {
            return null;
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return null;
            }
        }
        return path.replaceFirst("^/+", "");
    }

    /** Answers with the file; on the executor. */
    private void serve(HttpRequest request, HttpExchange exchange, String relative) {
        try {
            if (root != null) {
                serveFile(request, exchange, relative);
            } else {
                serveResource(request, exchange, relative);
            }
        } catch (NoSuchFileException gone) {
            exchange.respond(notFound());
        } catch (IOException | RuntimeException unreadable) {
            exchange.respond(secured(HttpResponse.text(500, "Internal Server Error")));
        }
    }

    private void serveFile(HttpRequest request, HttpExchange exchange, String relative) throws IOException {
        Path file = root.resolve(relative).normalize().toRealPath();
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!file.startsWith(root) || !attributes.isRegularFile()) {
            exchange.respond(notFound());
            return;
        }
        Instant modified = attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
        long size = attributes.size();
        String tag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.getEpochSecond()) + "\"";
        HttpHeaders headers = headers(relative, tag).add("Last-Modified", HttpDate.format(modified));
        if (notModified(request, tag, modified)) {
            exchange.respond(new HttpResponse(304, headers, null));
        } else if (request.method().equals("HEAD")) {
            exchange.stream(200, headers, size).end();
        } else if (size <= SMALL_FILE) {
            exchange.respond(new HttpResponse(200, headers, Files.readAllBytes(file)));
        } else {
            FileChannel channel = FileChannel.open(file);
            new FileSender(channel, size, exchange.stream(200, headers, size), executorOrShared()).run();
        }
    }

    private void serveResource(HttpRequest request, HttpExchange exchange, String relative) throws IOException {
        byte[] body;
        try (InputStream in = loader.getResourceAsStream(resourceRoot + "/" + relative)) {
            body = in == null ? null : in.readNBytes((int) MAX_RESOURCE_SIZE + 1);
        }
        if (body == null || body.length > MAX_RESOURCE_SIZE) {
            exchange.respond(notFound());
            return;
        }
        CRC32 checksum = new CRC32();
        checksum.update(body);
        String tag = "\"" + Integer.toHexString(body.length) + "-" + Long.toHexString(checksum.getValue()) + "\"";
        HttpHeaders headers = headers(relative, tag);
        exchange.respond(new HttpResponse(notModified(request, tag, null) ? 304 : 200, headers, body));
    }

    private Executor executorOrShared() {
        return executor != null ? executor : SharedPool.EXECUTOR;
    }

    private static HttpHeaders headers(String relative, String tag) {
        return securityHeaders().add("Content-Type", ContentTypes.of(relative)).add("ETag", tag)
                .add("Cache-Control", "no-cache");
    }

    /**
     * Whether the client's copy is current (RFC 9110 section 13.1): {@code If-None-Match} decides
     * when present (weak comparison, {@code *} matching anything); else {@code If-Modified-Since}.
     */
    private static boolean notModified(HttpRequest request, String tag, Instant modified) {
        if (request.header("If-None-Match") != null) {
            for (String candidate : request.headers().elements("If-None-Match")) {
                if (candidate.equals("*") || opaque(candidate).equals(opaque(tag))) {
                    return true;
                }
            }
            return false;
        }
        Instant since = HttpDate.parse(request.header("If-Modified-Since"));
        return since != null && modified != null && !modified.isAfter(since);
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static HttpResponse notFound() {
        return secured(HttpResponse.text(404, "Not Found"));
    }

    private static HttpResponse secured(HttpResponse response) {
        return new HttpResponse(response.status(), securityHeaders().addAll(response.headers()), response.body());
    }

    private static HttpHeaders securityHeaders() {
        return new HttpHeaders().add("X-Frame-Options", "DENY")
                .add("Content-Security-Policy", "frame-ancestors 'none'")
                .add("X-Content-Type-Options", "nosniff");
    }

    /** The executor of every {@code StaticFiles} not given one: made when first needed. */
    private static final class SharedPool {
        private static final AtomicInteger COUNT = new AtomicInteger();
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(
                Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())), task -> {
                    Thread thread = new Thread(task, "anemone-files-" + COUNT.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }
}
