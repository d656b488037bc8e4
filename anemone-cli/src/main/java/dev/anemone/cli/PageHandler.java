package dev.anemone.cli;

import dev.anemone.HttpHandler;
import dev.anemone.HttpRequest;
import dev.anemone.HttpResponse;
import dev.anemone.StaticFiles;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of {@code anemone serve}: the page (built in, or a folder's files) and, on the
 * WebSocket path, a 426 that tells a browser pointed at it by mistake what the path is for.
 *
 * <p>The built-in page finds its WebSocket through a {@code <meta>} tag rather than a hard-coded
 * path, so {@code --path} can move the endpoint without a second copy of the page.
 */
final class PageHandler implements HttpHandler {

    /** Where the built-in page lives on the class path. */
    static final String BUILT_IN_ROOT = "dev/anemone/cli/www";

    /** The tag of the built-in page that names the WebSocket path, exactly as the resource has it. */
    static final String PATH_TAG = "<meta name=\"anemone-websocket-path\" content=\"/echo\">";

    private final HttpHandler files;
    private final String webSocketPath;
    private final boolean builtIn;

    private PageHandler(HttpHandler files, String webSocketPath, boolean builtIn) {
        this.files = files;
        this.webSocketPath = webSocketPath;
        this.builtIn = builtIn;
    }

    /** The built-in page, pointed at {@code webSocketPath}. */
    static PageHandler builtIn(String webSocketPath) {
        return new PageHandler(StaticFiles.fromClasspath(BUILT_IN_ROOT, PageHandler.class.getClassLoader()),
                webSocketPath, true);
    }

    /** The files of a folder; they know their WebSocket path themselves. */
    static PageHandler folder(StaticFiles files, String webSocketPath) {
        return new PageHandler(files, webSocketPath, false);
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (request.path().equals(webSocketPath)) {
            return HttpResponse.text(426, "This is the WebSocket endpoint of anemone serve: connect with a WebSocket client,"
                    + " or open / in a browser").withHeader("Upgrade", "websocket");
        }
        HttpResponse response = files.handle(request);
        if (!builtIn || response.status() != 200 || webSocketPath.equals("/echo")) {
            return response;
        }
        String page = new String(response.body(), StandardCharsets.UTF_8);
        if (!page.contains(PATH_TAG)) {
            return response;
        }
        String tag = "<meta name=\"anemone-websocket-path\" content=\"" + escapeAttribute(webSocketPath) + "\">";
        return new HttpResponse(response.status(), response.headers(), page.replace(PATH_TAG, tag).getBytes(StandardCharsets.UTF_8));
    }

    private static String escapeAttribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("'", "&#39;")
                .replace("<", "&lt;").replace(">", "&gt;");
    }
}
