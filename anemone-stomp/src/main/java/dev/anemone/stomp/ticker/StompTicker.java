package dev.anemone.stomp.ticker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.anemone.stomp.StompBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The book's STOMP ticker server side over RabbitMQ: every interval it asks for the prices of the
 * symbols that browsers watch (each subscription to {@code /queue/stocks.SYMBOL}) by publishing
 * them to {@code stocks.work}, and it pushes each price that comes back on {@code stocks.result}
 * to every subscriber of {@code /queue/stocks.SYMBOL} as {@code {"price":123.45}}.
 */
public final class StompTicker implements AutoCloseable {

    /** The prefix of the destinations browsers subscribe to. */
    public static final String PREFIX = "/queue/stocks.";

    private final Connection connection;
    private final ScheduledExecutorService timer;

    private StompTicker(Connection connection, ScheduledExecutorService timer) {
        this.connection = connection;
        this.timer = timer;
    }

    /** Connects with {@code factory}, declares both queues, and starts asking every {@code interval}. */
    public static StompTicker start(StompBroker broker, ConnectionFactory factory, Duration interval) throws IOException, TimeoutException {
        Connection connection = factory.newConnection("anemone-stomp-ticker");
        Channel channel = connection.createChannel();
        StockQueues.declare(channel);
        channel.basicConsume(StockQueues.RESULT, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                for (Map.Entry<String, Double> price : StockJson.prices(new String(body, StandardCharsets.UTF_8)).entrySet()) {
                    broker.sendToSubscribers(PREFIX + price.getKey(), String.format(Locale.ROOT, "{\"price\":%.2f}", price.getValue()),
                            "content-type", "application/json");
                }
            }
        });
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "anemone-stomp-ticker");
            thread.setDaemon(true);
            return thread;
        });
        Channel publishing = connection.createChannel();
        timer.scheduleAtFixedRate(() -> askForPrices(broker, publishing), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return new StompTicker(connection, timer);
    }

    private static void askForPrices(StompBroker broker, Channel channel) {
        List<String> symbols = new ArrayList<>();
        for (String destination : broker.subscribedDestinations()) {
            String symbol = destination.startsWith(PREFIX) ? destination.substring(PREFIX.length()) : "";
            if (StockJson.isSymbol(symbol)) {
                symbols.add(symbol);
            }
        }
        if (symbols.isEmpty()) {
            return;
        }
        try {
            StockQueues.publish(channel, StockQueues.WORK, StockJson.work(symbols));
        } catch (IOException | RuntimeException e) {
            // RabbitMQ is away: the next tick tries again.
        }
    }

    /** Stops asking and closes the connection. */
    @Override
    public void close() throws IOException {
        timer.shutdownNow();
        connection.close();
    }
}
