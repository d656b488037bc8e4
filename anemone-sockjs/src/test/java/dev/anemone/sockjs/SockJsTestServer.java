package dev.anemone.sockjs;

import dev.anemone.HttpRoutes;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The server the protocol tests talk to, laid out as sockjs-protocol's test server is: an echo
 * service at {@code /echo}, one that closes every session with 3000 "Go away!" at {@code /close},
 * one with the JSESSIONID cookie at {@code /cookie_needed_echo}, and one without WebSocket at
 * {@code /disabled_websocket_echo}. Streaming responses end after 4 KiB, as there.
 */
final class SockJsTestServer implements AutoCloseable {

    /** What the echo service's sessions reported, for tests that look at the application's side. */
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    /**
     * "METHOD PATH" of each HTTP request once its handler has returned: a receiving request is
     * then attached to its session.
     */
    final BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    final WebSocketServer server;
    final SockJsService echo;
    private final SockJsService[] services;

    SockJsTestServer(SockJsOptions options) {
        WebSocketListener echoListener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                events.add("open");
            }

            @Override
            public void onText(WebSocket socket, String text) {
                if (text.equals("throw")) {
                    throw new IllegalStateException("the application failed");
                }
                socket.send(text);
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                events.add("error " + error.getMessage());
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                events.add("close " + code + " " + reason + " " + wasClean);
            }
        };
        WebSocketListener goAway = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.close(3000, "Go away!");
            }
        };
        echo = SockJsService.create("/echo", echoListener, options);
        services = new SockJsService[] {
            echo,
            SockJsService.create("/close", goAway, options),
            SockJsService.create("/cookie_needed_echo", echoListener, options.toBuilder().jsessionid(true).build()),
            SockJsService.create("/disabled_websocket_echo", echoListener, options.toBuilder().websocket(false).build()),
        };
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0);
        HttpRoutes routes = new HttpRoutes();
        builder.http((request, exchange) -> {
            routes.handle(request, exchange);
            handled.add(request.method() + " " + request.path());
        });
        for (SockJsService service : services) {
            service.mount(builder, routes);
        }
        server = builder.start();
    }

    static SockJsOptions testOptions() {
        return SockJsOptions.builder().responseLimit(4096).heartbeat(Duration.ofSeconds(25))
                .disconnectDelay(Duration.ofSeconds(5)).build();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        for (SockJsService service : services) {
            service.close();
        }
        server.close();
    }
}
