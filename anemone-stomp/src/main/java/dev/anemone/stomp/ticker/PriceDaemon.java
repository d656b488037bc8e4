package dev.anemone.stomp.ticker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.AMQP;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.ToDoubleFunction;

/**
 * The book's price daemon ({@code daemon.js}) in Java: consumes work requests from the durable
 * queue {@code stocks.work}, looks each symbol up, and publishes the prices to the durable queue
 * {@code stocks.result} as persistent messages. A request is acknowledged once its answer is
 * published, so a daemon that dies mid-way leaves it for another. Prices come from a function
 * given to it (the book's Yahoo service is gone): {@link RandomWalkPrices} by default.
 */
public final class PriceDaemon implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;

    private PriceDaemon(Connection connection, Channel channel) {
        this.connection = connection;
        this.channel = channel;
    }

    /**
     * Connects with {@code factory} (host, port, credentials), declares both queues, and starts
     * answering requests with {@code prices}.
     */
    public static PriceDaemon start(ConnectionFactory factory, ToDoubleFunction<String> prices) throws IOException, TimeoutException {
        Connection connection = factory.newConnection("anemone-price-daemon");
        Channel channel = connection.createChannel();
        StockQueues.declare(channel);
        channel.basicQos(10);
        channel.basicConsume(StockQueues.WORK, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
                Map<String, Double> answer = new LinkedHashMap<>();
                for (String symbol : StockJson.symbols(new String(body, StandardCharsets.UTF_8))) {
                    answer.put(symbol, prices.applyAsDouble(symbol));
                }
                if (!answer.isEmpty()) {
                    StockQueues.publish(channel, StockQueues.RESULT, StockJson.result(answer));
                }
                channel.basicAck(envelope.getDeliveryTag(), false);
            }
        });
        return new PriceDaemon(connection, channel);
    }

    /** Stops consuming and closes the connection. */
    @Override
    public void close() throws IOException {
        connection.close();
    }

    /** Runs the daemon against RabbitMQ on localhost:5672 as guest until killed. */
    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(args.length > 0 ? args[0] : "127.0.0.1");
        start(factory, new RandomWalkPrices());
        System.out.println("price daemon: answering " + StockQueues.WORK + " on " + StockQueues.RESULT);
        Thread.currentThread().join();
    }

    Channel channel() {
        return channel;
    }
}
