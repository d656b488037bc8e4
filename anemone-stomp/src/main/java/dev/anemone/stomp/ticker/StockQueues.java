package dev.anemone.stomp.ticker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The book's two durable queues, as both ends declare them, and how messages go into them: persistent. */
public final class StockQueues {

    /** Where the ticker asks for prices. */
    public static final String WORK = "stocks.work";
    /** Where the daemon answers. */
    public static final String RESULT = "stocks.result";

    private StockQueues() {
    }

    /** Declares both queues durable, not exclusive, not auto-deleted (as the book does); declaring again is harmless. */
    static void declare(Channel channel) throws IOException {
        channel.queueDeclare(WORK, true, false, false, null);
        channel.queueDeclare(RESULT, true, false, false, null);
    }

    /** Publishes {@code json} to {@code queue} through the default exchange, persistent (delivery mode 2). */
    static void publish(Channel channel, String queue, String json) throws IOException {
        AMQP.BasicProperties persistent = MessageProperties.PERSISTENT_TEXT_PLAIN.builder().contentType("application/json").build();
        channel.basicPublish("", queue, persistent, json.getBytes(StandardCharsets.UTF_8));
    }
}
