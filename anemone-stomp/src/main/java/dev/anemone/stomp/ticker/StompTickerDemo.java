package dev.anemone.stomp.ticker;

import com.rabbitmq.client.ConnectionFactory;
import dev.anemone.HttpResponse;
import dev.anemone.HttpRoutes;
import dev.anemone.WebSocketServer;
import dev.anemone.stomp.StompBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The book's STOMP stock ticker (chapter 4) as one program: the page at {@code /} (a STOMP client
 * in the browser, served from this jar), the embedded broker at {@code /stomp}, the ticker that
 * asks RabbitMQ for the prices browsers watch, and the price daemon that answers over AMQP.
 * RabbitMQ must run (AMQP on 5672).
 *
 * <pre>{@code
 * try (StompTickerDemo demo = StompTickerDemo.start(8080, new ConnectionFactory(), Duration.ofSeconds(2))) {
 *     System.out.println("http://localhost:" + demo.port() + "/");
 * }
 * }</pre>
 */
public final class StompTickerDemo implements AutoCloseable {

    private final WebSocketServer server;
    private final StompTicker ticker;
    private final PriceDaemon daemon;

    private StompTickerDemo(WebSocketServer server, StompTicker ticker, PriceDaemon daemon) {
        this.server = server;
        this.ticker = ticker;
        this.daemon = daemon;
    }

    /**
     * Starts everything on {@code port} (0 for a free one), reaching RabbitMQ through
     * {@code rabbit}, asking for prices every {@code interval}.
     */
    public static StompTickerDemo start(int port, ConnectionFactory rabbit, Duration interval) throws IOException, TimeoutException {
        HttpRoutes routes = servePage(new HttpRoutes(), "/");
        WebSocketServer.Builder builder = WebSocketServer.builder().port(port).http(routes);
        StompBroker broker = StompBroker.create().mount(builder, "/stomp");
        PriceDaemon daemon = PriceDaemon.start(rabbit, new RandomWalkPrices());
        StompTicker ticker;
        try {
            ticker = StompTicker.start(broker, rabbit, interval);
        } catch (IOException | TimeoutException | RuntimeException e) {
            daemon.close();
            throw e;
        }
        return new StompTickerDemo(builder.start(), ticker, daemon);
    }

    /**
     * Adds the ticker's page at {@code prefix} (a path ending in {@code /}) and its STOMP script
     * beside it, both from this jar, to {@code routes}; the page talks STOMP to {@code /stomp} on
     * its own host.
     */
    public static HttpRoutes servePage(HttpRoutes routes, String prefix) {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("the page's prefix ends in /: " + prefix);
        }
        byte[] page = resource("stomp-ticker.html");
        byte[] script = resource("stomp.js");
        return routes.get(prefix, (request, exchange) -> exchange.respond(HttpResponse.of(200, "text/html; charset=utf-8", page)))
                .get(prefix + "stomp.js", (request, exchange) ->
                        exchange.respond(HttpResponse.of(200, "text/javascript; charset=utf-8", script)));
    }

    private static byte[] resource(String name) {
        try (InputStream in = StompTickerDemo.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port the page and the broker listen on. */
    public int port() {
        return server.port();
    }

    /** The server, to wait on or stop. */
    public WebSocketServer server() {
        return server;
    }

    /** Stops the server, the ticker and the daemon. */
    @Override
    public void close() throws IOException {
        server.close();
        ticker.close();
        daemon.close();
    }

    /** {@code StompTickerDemo [PORT [RABBITMQ_HOST]]}: serves the ticker on PORT (8080) until Ctrl-C. */
    public static void main(String[] args) throws Exception {
        ConnectionFactory rabbit = new ConnectionFactory();
        rabbit.setHost(args.length > 1 ? args[1] : "127.0.0.1");
        StompTickerDemo demo = start(args.length > 0 ? Integer.parseInt(args[0]) : 8080, rabbit, Duration.ofSeconds(2));
        System.out.println("STOMP ticker: http://localhost:" + demo.port() + "/ (broker at /stomp, prices from RabbitMQ)");
        demo.server().awaitTermination();
    }
}
