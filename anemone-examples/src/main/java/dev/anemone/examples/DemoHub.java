package dev.anemone.examples;

import dev.anemone.HttpResponse;
import dev.anemone.HttpRoutes;
import dev.anemone.TlsOptions;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.DeflateOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * Runs examples together: those that work over plain HTTP on one port, with an index page at
 * {@code /} linking them all (or, for a single example, a redirect to its page), and those that
 * need TLS ({@link Example#secure()}) on a second port that speaks https and wss. The plain port
 * sends a browser asking for a secure example's pages over to the TLS port.
 */
public final class DemoHub implements AutoCloseable {

    /** How long connections get to finish their closing handshakes when the hub stops. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Map<Example, WebSocketServer> servers;
    private final WebSocketServer plain;
    private final WebSocketServer secure;

    private DemoHub(Map<Example, WebSocketServer> servers, WebSocketServer plain, WebSocketServer secure) {
        this.servers = servers;
        this.plain = plain;
        this.secure = secure;
    }

    /** The six examples of the book and the lecture notes, each with its demo settings. */
    public static List<Example> all() {
        return List.of(new Echo(), new StockTicker(), new Chat(), new TimeServer(), new CookieAuth(), new StompStockTicker());
    }

    /**
     * Starts {@code examples} on {@code host}: the plain ones at {@code port}, the secure ones at
     * {@code tlsPort} with {@code tls} (0 picks free ports).
     *
     * @throws IllegalArgumentException when a secure example is given without {@code tls}
     * @throws java.io.UncheckedIOException when a port cannot be bound
     */
    public static DemoHub start(List<Example> examples, String host, int port, TlsOptions tls, int tlsPort) {
        List<Example> plainOnes = examples.stream().filter(example -> !example.secure()).toList();
        List<Example> secureOnes = examples.stream().filter(Example::secure).toList();
        if (!secureOnes.isEmpty() && tls == null) {
            throw new IllegalArgumentException("the examples " + secureOnes.stream().map(Example::name).toList() + " need TLS");
        }
        // One example alone is the whole demo: / takes the browser to its page.
        String home = examples.size() == 1 ? "/" + examples.get(0).name() + "/" : null;
        WebSocketServer secure = secureOnes.isEmpty() ? null
                : serve(secureOnes, builder(host, tlsPort).tls(tls), new HttpRoutes(), "/" + secureOnes.get(0).name() + "/");
        HttpRoutes routes = new HttpRoutes();
        for (Example example : secureOnes) {
            routes.prefix("/" + example.name(), (request, exchange) -> exchange.respond(HttpResponse.redirect(302,
                    "https://" + hostName(request.header("Host")) + ":" + secure.port() + "/" + example.name() + "/")));
        }
        WebSocketServer plain;
        try {
            plain = serve(plainOnes, builder(host, port), routes, home);
        } catch (RuntimeException e) {
            if (secure != null) {
                secure.stop(Duration.ZERO).join();
            }
            examples.forEach(Example::stopped);   // they were mounted, and may hold resources
            throw e;
        }
        Map<Example, WebSocketServer> servers = new LinkedHashMap<>();
        examples.forEach(example -> servers.put(example, example.secure() ? secure : plain));
        servers.forEach((example, server) -> example.started(server));
        return new DemoHub(servers, plain, secure);
    }

    private static WebSocketServer.Builder builder(String host, int port) {
        // Demo messages are small: 64 KiB is plenty, and a chat fans out no more than that.
        return WebSocketServer.builder().host(host).port(port).maxMessageSize(64 * 1024)
                .perMessageDeflate(DeflateOptions.defaults());
    }

    /** Starts a server with {@code examples}, the pages, and at / the index page or a redirect to {@code home}. */
    private static WebSocketServer serve(List<Example> examples, WebSocketServer.Builder builder, HttpRoutes routes,
                                         String home) {
        builder.http(routes);
        examples.forEach(example -> example.mount(builder, routes));
        routes.get("/", (request, exchange) -> {
            if (home == null) {
                Pages.FILES.handle(request, exchange);
            } else {
                exchange.respond(HttpResponse.redirect(302, home));
            }
        }).fallback(Pages.FILES);
        return builder.start();
    }

    /** The host of a {@code Host} header, without its port. */
    private static String hostName(String hostHeader) {
        String host = hostHeader == null ? "localhost" : hostHeader;
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    /** The plain port: the index page and the examples that need no TLS. */
    public int port() {
        return plain.port();
    }

    /** The TLS port, or -1 when no example needs one. */
    public int tlsPort() {
        return secure == null ? -1 : secure.port();
    }

    /** The server {@code example} runs on, for tests that look at its connections. */
    WebSocketServer server(Example example) {
        return servers.get(example);
    }

    /** The examples running, in the order given. */
    public List<Example> examples() {
        return new ArrayList<>(servers.keySet());
    }

    /**
     * Stops gracefully: each example says goodbye ({@link Example#stopping}), every connection is
     * closed with 1001 and given 5 seconds for its closing handshake, then the examples release
     * what they hold.
     */
    @Override
    public void close() {
        servers.forEach((example, server) -> example.stopping(server));
        CompletableFuture.allOf(plain.stop(GRACE), secure == null ? plain.stop(GRACE) : secure.stop(GRACE)).join();
        servers.keySet().forEach(Example::stopped);
    }
}
