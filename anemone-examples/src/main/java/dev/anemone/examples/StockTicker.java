package dev.anemone.examples;

import dev.anemone.HttpRoutes;
import dev.anemone.ScheduledTask;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The book's chapter 2 stock ticker. Prices move by up to ±1.50 at random intervals of 0.5 to
 * 2.5 s. A client sends the symbols it wants after it opens ({@code {"stocks":["AAPL","MSFT"]}})
 * and gets their prices as JSON every second, from a timer on its own connection that dies with it.
 */
public final class StockTicker implements Example {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /** Prices in cents, so that a thousand moves add up exactly. */
    private final Map<String, Long> cents = new ConcurrentHashMap<>(Map.of("AAPL", 9500L, "MSFT", 5000L,
            "AMZN", 30000L, "GOOG", 55000L, "YHOO", 3500L, "NFLX", 9000L, "TSLA", 25000L, "NVDA", 45000L));
    private final int maxSymbols;

    /** A ticker that sends each client at most 8 symbols. */
    public StockTicker() {
        this(8);
    }

    /** A ticker that sends each client at most {@code maxSymbols} symbols: the first it asked for. */
    public StockTicker(int maxSymbols) {
        this.maxSymbols = maxSymbols;
    }

    /** A client's symbols, and the timer that sends their prices (it is cancelled as the connection closes). */
    static final class Watch {
        final ScheduledTask timer;
        List<String> symbols = List.of();

        Watch(ScheduledTask timer) {
            this.timer = timer;
        }
    }

    @Override
    public String name() {
        return "ticker";
    }

    @Override
    public void mount(WebSocketServer.Builder server, HttpRoutes routes) {
        server.endpoint("/ticker/ws", new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.attach(new Watch(socket.scheduleAtFixedRate(SECOND, SECOND, () -> push(socket))));
            }

            @Override
            public void onText(WebSocket socket, String text) {
                socket.<Watch>attachment().symbols = Json.strings(text, "stocks").stream()
                        .filter(cents::containsKey).distinct().limit(maxSymbols).toList();
                push(socket);
            }
        });
    }

    @Override
    public void started(WebSocketServer server) {
        move(server);
    }

    /** Moves every price, then comes back after a random while, until the server stops. */
    private void move(WebSocketServer server) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        cents.replaceAll((symbol, price) -> Math.max(1, price + random.nextInt(-150, 151)));
        server.schedule(Duration.ofMillis(random.nextInt(500, 2501)), () -> move(server));
    }

    /** Sends the client its symbols' prices: {} until it has asked for some, as the book's server does. */
    private void push(WebSocket socket) {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        socket.<Watch>attachment().symbols.forEach(symbol -> prices.put(symbol, BigDecimal.valueOf(cents.get(symbol), 2)));
        socket.send(Json.object(prices));
    }
}
