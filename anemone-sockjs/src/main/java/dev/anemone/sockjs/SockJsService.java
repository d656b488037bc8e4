package dev.anemone.sockjs;

import dev.anemone.ClientVerifier;
import dev.anemone.Endpoint;
import dev.anemone.HttpExchange;
import dev.anemone.HttpHandler;
import dev.anemone.HttpRequest;
import dev.anemone.HttpRoutes;
import dev.anemone.WebSocketListener;
import dev.anemone.Verdict;
import dev.anemone.WebSocketServer;
import dev.anemone.sockjs.internal.FramedWebSocketListener;
import dev.anemone.sockjs.internal.ServerHolder;
import dev.anemone.sockjs.internal.Session;
import dev.anemone.sockjs.internal.Sessions;
import dev.anemone.sockjs.internal.SockJsContext;
import dev.anemone.sockjs.internal.SockJsHandler;
import dev.anemone.sockjs.internal.Topics;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * A SockJS endpoint: the SockJS 0.3 protocol's server side under one path prefix, so that
 * {@code sockjs-client} reaches the application over WebSocket or, where WebSocket is blocked,
 * over xhr-streaming, xhr-polling, eventsource, htmlfile or jsonp-polling. Each session is a
 * {@link dev.anemone.WebSocket} to the application's {@link WebSocketListener}, so one listener
 * serves WebSocket and SockJS clients alike: {@code send}, {@code close(code, reason)},
 * {@code readyState}, {@code bufferedAmount}, attachments, timers and topics work the same (a
 * session subscribes with {@code subscribe(topic)}, and {@code server.publish} reaches it; the
 * server's {@code topics()} and {@code subscriberCount} count its WebSocket subscribers only).
 * SockJS carries text only: binary sends throw {@link UnsupportedOperationException}.
 *
 * <pre>{@code
 * WebSocketServer.Builder builder = WebSocketServer.builder().port(8080);
 * SockJsService.create("/echo", EchoListener.INSTANCE).mount(builder);
 * WebSocketServer server = builder.start();
 * }</pre>
 *
 * <p>Callbacks of a session run one at a time, in order, on the thread that brought the event
 * (an event loop, or the service's timer thread): keep them short, as on an event loop. What a
 * callback throws is caught, reported to {@code onError}, and the session closes with 1011.
 */
public final class SockJsService implements HttpHandler, AutoCloseable {

    private final SockJsContext context;
    private final SockJsHandler handler;

    private SockJsService(String prefix, WebSocketListener listener, SockJsOptions options) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "anemone-sockjs-timer " + prefix);
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        ServerHolder server = new ServerHolder();
        this.context = new SockJsContext(prefix, listener, options, timer, new Sessions(options.maxSessionsPerAddress()),
                new Topics(server), server);
        this.handler = new SockJsHandler(context);
    }

    /** A service at {@code prefix} with the default options; see {@link #create(String, WebSocketListener, SockJsOptions)}. */
    public static SockJsService create(String prefix, WebSocketListener listener) {
        return create(prefix, listener, SockJsOptions.defaults());
    }

    /**
     * A service answering under {@code prefix} ({@code /sockjs}: {@code /sockjs/info},
     * {@code /sockjs/123/abc/xhr}, …) whose sessions report to {@code listener}.
     *
     * @throws IllegalArgumentException for a prefix that does not start with '/' or ends with one
     */
    public static SockJsService create(String prefix, WebSocketListener listener, SockJsOptions options) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("{") || prefix.contains("*")) {
            throw new IllegalArgumentException("A SockJS prefix starts with '/', does not end with one and has no pattern: " + prefix);
        }
        return new SockJsService(prefix, Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(options, "options"));
    }

    /** The path prefix. */
    public String prefix() {
        return context.prefix();
    }

    /** The options. */
    public SockJsOptions options() {
        return context.options();
    }

    /**
     * Mounts the service on {@code builder}: the raw WebSocket endpoint {@code prefix/websocket}
     * (the application's listener on a plain WebSocket), the framed one
     * {@code prefix/{server}/{session}/websocket}, and, through {@code routes}, every HTTP URL
     * under the prefix. {@code routes} must be (or be reached from) the builder's
     * {@link WebSocketServer.Builder#http} handler. The service also observes the server's
     * publishes, so its sessions get the topics they subscribe to, and closes its sessions with
     * 1001 "server shutting down" when the server stops gracefully, as it closes WebSockets.
     *
     * @return {@code builder}
     */
    public WebSocketServer.Builder mount(WebSocketServer.Builder builder, HttpRoutes routes) {
        if (context.options().websocket()) {
            builder.endpoint(prefix() + "/websocket", context.listener());
            // The protocol's server and session parts hold no dot; such a URL is not a session's (404, as over HTTP).
            builder.endpoint(prefix() + "/{server}/{session}/websocket", Endpoint.of(new FramedWebSocketListener(context))
                    .withVerifier(ClientVerifier.sync(info -> info.pathParam("server").contains(".")
                            || info.pathParam("session").contains(".") ? Verdict.reject(404) : Verdict.accept())));
        }
        routes.prefix(prefix(), this);
        builder.observePublishes(context.topics());
        builder.onStop(this::goingAway);
        return builder;
    }

    /**
     * Mounts the service on a builder that serves no other plain HTTP: the builder's HTTP handler
     * becomes one whose routes hold this service. For a server with pages of its own, use
     * {@link #mount(WebSocketServer.Builder, HttpRoutes)}.
     *
     * @return {@code builder}
     */
    public WebSocketServer.Builder mount(WebSocketServer.Builder builder) {
        HttpRoutes routes = new HttpRoutes();
        builder.http(routes);
        return mount(builder, routes);
    }

    /** How many SockJS sessions over HTTP transports are open (sessions over WebSocket are not counted). */
    public int sessionCount() {
        return context.sessions().size();
    }

    @Override
    public void handle(HttpRequest request, HttpExchange exchange) {
        handler.handle(request, exchange);
    }

    /**
     * Closes every session with 1001 "server shutting down": its client gets the close frame
     * ({@code c[1001,"server shutting down"]}) on the receiving request or WebSocket it has open,
     * or on the next one, and the application's {@code onClose} hears of it. A mounted service
     * does this when its server stops gracefully ({@link WebSocketServer.Builder#onStop}), before
     * the server closes its connections.
     */
    private void goingAway() {
        context.sessions().all().forEach(Session::goingAway);
    }

    /** Stops the timer thread: heartbeats and timeouts end. Sessions still open are terminated. */
    @Override
    public void close() {
        context.sessions().all().forEach(dev.anemone.WebSocket::terminate);
        context.timer().shutdownNow();
    }
}
