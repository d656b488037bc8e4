package dev.anemone.stomp.ticker;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import dev.anemone.WebSocketServer;
import dev.anemone.stomp.StompBroker;
import dev.anemone.stomp.StompClient;
import dev.anemone.stomp.StompMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The book's pipeline against the real RabbitMQ: the price daemon answers {@code stocks.work} on
 * {@code stocks.result} with persistent messages in durable queues, and the STOMP ticker pushes
 * each price to every subscriber of {@code /queue/stocks.SYMBOL}.
 */
class StockPipelineTest {

    private Connection connection;
    private Channel channel;

    @BeforeEach
    void connect() throws Exception {
        connection = new ConnectionFactory().newConnection("stock pipeline test");
        channel = connection.createChannel();
        StockQueues.declare(channel);
        channel.queuePurge(StockQueues.WORK);
        channel.queuePurge(StockQueues.RESULT);
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void theDaemonAnswersWithPersistentMessagesInDurableQueues() throws Exception {
        try (PriceDaemon daemon = PriceDaemon.start(new ConnectionFactory(), symbol -> symbol.length() * 10.5)) {
            BlockingQueue<Delivery> answers = new LinkedBlockingQueue<>();
            channel.basicConsume(StockQueues.RESULT, true, (tag, delivery) -> answers.add(delivery), tag -> { });
            StockQueues.publish(channel, StockQueues.WORK, StockJson.work(java.util.List.of("IBM", "MSFT")));
            Delivery answer = answers.poll(10, TimeUnit.SECONDS);
            assertThat(answer).as("an answer on stocks.result within 10 s").isNotNull();
            assertThat(new String(answer.getBody(), StandardCharsets.UTF_8))
                    .isEqualTo("[{\"symbol\":\"IBM\",\"price\":31.50},{\"symbol\":\"MSFT\",\"price\":42.00}]");
            assertThat(answer.getProperties().getDeliveryMode()).isEqualTo(2);
        }
        Process list = new ProcessBuilder("rabbitmqctl", "-q", "list_queues", "name", "durable").redirectErrorStream(true).start();
        String queues = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(queues).containsPattern("stocks\\.work\\s+true").containsPattern("stocks\\.result\\s+true");
    }

    @Test
    void theTickerPushesPricesToEverySubscriberOfTheSymbol() throws Exception {
        WebSocketServer.Builder builder = WebSocketServer.builder().port(0);
        StompBroker broker = StompBroker.create().mount(builder, "/stomp");
        try (WebSocketServer server = builder.start();
             PriceDaemon daemon = PriceDaemon.start(new ConnectionFactory(), symbol -> 99.5);
             StompTicker ticker = StompTicker.start(broker, new ConnectionFactory(), Duration.ofMillis(200))) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/stomp");
            BlockingQueue<StompMessage> prices = new LinkedBlockingQueue<>();
            StompClient first = StompClient.connect(uri).orTimeout(10, TimeUnit.SECONDS).join();
            StompClient second = StompClient.connect(uri).orTimeout(10, TimeUnit.SECONDS).join();
            first.subscribe("/queue/stocks.IBM", prices::add).orTimeout(10, TimeUnit.SECONDS).join();
            second.subscribe("/queue/stocks.IBM", prices::add).orTimeout(10, TimeUnit.SECONDS).join();
            StompMessage one = prices.poll(15, TimeUnit.SECONDS);
            StompMessage two = prices.poll(15, TimeUnit.SECONDS);
            assertThat(one).isNotNull();
            assertThat(two).isNotNull();
            assertThat(one.text()).isEqualTo("{\"price\":99.50}");
            assertThat(one.header("destination")).isEqualTo("/queue/stocks.IBM");
            assertThat(java.util.Set.of(one.subscription().client(), two.subscription().client())).containsExactlyInAnyOrder(first, second);
            first.close();
            second.close();
        }
    }
}
