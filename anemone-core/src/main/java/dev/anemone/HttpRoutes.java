package dev.anemone;

import dev.anemone.internal.PathTemplate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Picks a handler by method and path: exact paths, templates whose {@code {name}} segments the
 * handler reads with {@link HttpRequest#pathParameter}, and prefixes. Routes are tried in the
 * order they were added, the first match wins. A path that some route has but not for the
 * request's method gets 405 with {@code Allow}; a path no route has goes to the fallback (404
 * unless set). A GET route answers HEAD too (the server leaves the body out).
 *
 * <pre>{@code
 * HttpRoutes routes = new HttpRoutes()
 *         .get("/login", (request, exchange) -> exchange.respond(HttpResponse.html(200, LOGIN_PAGE)))
 *         .post("/login", login)
 *         .get("/rooms/{room}", (request, exchange) ->
 *                 exchange.respond(HttpResponse.text(200, "room " + request.pathParameter("room"))))
 *         .prefix("/static", StaticFiles.fromFolder("/static", Path.of("www")));
 * }</pre>
 *
 * <p>Routes may be added at any time, from any thread.
 */
public final class HttpRoutes implements HttpHandler {

    private record Route(String method, PathTemplate template, String prefix, HttpHandler handler) {

        /** The template's values, or null when the path is not this route's. */
        Map<String, String> match(String path) {
            if (template != null) {
                return template.match(path);
            }
            boolean under = prefix.endsWith("/") ? path.startsWith(prefix)
                    : path.equals(prefix) || path.startsWith(prefix + "/");
            return under ? Map.of() : null;
        }

        boolean answers(String requestMethod) {
            return method == null || method.equals(requestMethod) || (requestMethod.equals("HEAD") && method.equals("GET"));
        }
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private volatile HttpHandler fallback = (request, exchange) -> exchange.respond(HttpResponse.text(404, "Not Found"));

    /** No routes yet: everything gets 404. */
    public HttpRoutes() {
    }

    /** Routes GET (and HEAD) requests for {@code path}, exact or a template. */
    public HttpRoutes get(String path, HttpHandler handler) {
        return route("GET", path, handler);
    }

    /** Routes POST requests for {@code path}. */
    public HttpRoutes post(String path, HttpHandler handler) {
        return route("POST", path, handler);
    }

    /** Routes PUT requests for {@code path}. */
    public HttpRoutes put(String path, HttpHandler handler) {
        return route("PUT", path, handler);
    }

    /** Routes DELETE requests for {@code path}. */
    public HttpRoutes delete(String path, HttpHandler handler) {
        return route("DELETE", path, handler);
    }

    /** Routes requests with {@code method} (case-sensitive, as HTTP methods are) for {@code path}. */
    public HttpRoutes route(String method, String path, HttpHandler handler) {
        routes.add(new Route(Objects.requireNonNull(method), PathTemplate.parse(path), null, Objects.requireNonNull(handler)));
        return this;
    }

    /**
     * Routes every request, whatever its method, for {@code prefix} and the paths below it
     * ({@code /static} takes {@code /static} and {@code /static/app.js}, not {@code /statics}): for
     * a handler that serves a whole tree, such as {@link StaticFiles}.
     */
    public HttpRoutes prefix(String prefix, HttpHandler handler) {
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("A path starts with '/': " + prefix);
        }
        routes.add(new Route(null, null, prefix, Objects.requireNonNull(handler)));
        return this;
    }

    /** Handles requests that no route's path matches (default: 404). */
    public HttpRoutes fallback(HttpHandler handler) {
        fallback = Objects.requireNonNull(handler);
        return this;
    }

    @Override
    public void handle(HttpRequest request, HttpExchange exchange) throws Exception {
        Set<String> allowed = null;
        for (Route route : routes) {
            Map<String, String> values = route.match(request.path());
            if (values == null) {
                continue;
            }
            if (route.answers(request.method())) {
                route.handler().handle(values.isEmpty() ? request : request.withPathParameters(values), exchange);
                return;
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(route.method());
            if (route.method().equals("GET")) {
                allowed.add("HEAD");
            }
        }
        if (allowed != null) {
            exchange.respond(HttpResponse.text(405, "Method Not Allowed").withHeader("Allow", String.join(", ", allowed)));
            return;
        }
        fallback.handle(request, exchange);
    }
}
