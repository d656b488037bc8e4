package dev.anemone.cli;

import dev.anemone.HttpExchange;
import dev.anemone.HttpHandler;
import dev.anemone.HttpRequest;
import dev.anemone.HttpResponse;
import dev.anemone.StaticFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of {@code anemone serve}: the page (built in, or a folder's files) and, on the
 * WebSocket path, a 426 that tells a browser pointed at it by mistake what the path is for.
 *
 * <p>The built-in page finds its WebSocket through a {@code <meta>} tag rather than a hard-coded
 * path, so {@code --path} can move the endpoint without a second copy of the page: the page is
 * read once, the tag set, and served from memory.
 */
final class PageHandler implements HttpHandler {

    /** Where the built-in page lives on the class path. */
    static final String BUILT_IN_ROOT = "dev/anemone/cli/www";

    /** The tag of the built-in page that names the WebSocket path, exactly as the resource has it. */
    static final String PATH_TAG = "<meta name=\"anemone-websocket-path\" content=\"/echo\">";

    private final HttpHandler files;
    private final String webSocketPath;
    /** The built-in page pointed at the WebSocket path, or null when a folder is served. */
    private final HttpResponse page;

    private PageHandler(HttpHandler files, String webSocketPath, HttpResponse page) {
        this.files = files;
        this.webSocketPath = webSocketPath;
        this.page = page;
    }

    /** The built-in page, pointed at {@code webSocketPath}. */
    static PageHandler builtIn(String webSocketPath) {
        ClassLoader loader = PageHandler.class.getClassLoader();
        String html;
        try (InputStream in = loader.getResourceAsStream(BUILT_IN_ROOT + "/index.html")) {
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in page cannot be read", e);
        }
        String tag = "<meta name=\"anemone-websocket-path\" content=\"" + escapeAttribute(webSocketPath) + "\">";
        HttpResponse page = HttpResponse.html(200, html.replace(PATH_TAG, tag))
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Content-Security-Policy", "frame-ancestors 'none'")
                .withHeader("X-Content-Type-Options", "nosniff");
        return new PageHandler(StaticFiles.fromClasspath(BUILT_IN_ROOT, loader), webSocketPath, page);
    }

    /** The files of a folder; they know their WebSocket path themselves. */
    static PageHandler folder(StaticFiles files, String webSocketPath) {
        return new PageHandler(files, webSocketPath, null);
    }

    @Override
    public void handle(HttpRequest request, HttpExchange exchange) throws Exception {
        if (request.path().equals(webSocketPath)) {
            exchange.respond(HttpResponse.text(426, "This is the WebSocket endpoint of anemone serve: connect with a"
                    + " WebSocket client, or open / in a browser").withHeader("Upgrade", "websocket"));
        } else if (page != null && (request.path().equals("/") || request.path().equals("/index.html"))) {
            exchange.respond(page);
        } else {
            files.handle(request, exchange);
        }
    }

    private static String escapeAttribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("'", "&#39;")
                .replace("<", "&lt;").replace(">", "&gt;");
    }
}
