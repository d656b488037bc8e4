package dev.anemone.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.ConnectionFactory;
import dev.anemone.stomp.StompClient;
import dev.anemone.stomp.StompMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The STOMP ticker in the hub, with the machine's real RabbitMQ behind it, and without one. */
class StompStockTickerTest {

    @Test
    void aSubscriberOfASymbolGetsItsPricesFromRabbitMq() throws Exception {
        StompStockTicker ticker = new StompStockTicker(new ConnectionFactory(), Duration.ofMillis(200));
        try (DemoHub hub = DemoHub.start(List.of(ticker), "127.0.0.1", 0, null, 0)) {
            HttpResponse<String> page = Http.get("http://127.0.0.1:" + hub.port() + "/stomp/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("stomp.js");
            assertThat(Http.get("http://127.0.0.1:" + hub.port() + "/stomp/stomp.js").statusCode()).isEqualTo(200);

            StompClient client = StompClient.connect(URI.create("ws://127.0.0.1:" + hub.port() + "/stomp"))
                    .orTimeout(10, TimeUnit.SECONDS).join();
            BlockingQueue<StompMessage> prices = new LinkedBlockingQueue<>();
            client.subscribe("/queue/stocks.IBM", prices::add).orTimeout(10, TimeUnit.SECONDS).join();

            StompMessage price = prices.poll(15, TimeUnit.SECONDS);
            assertThat(price).as("a price within 15 s").isNotNull();
            assertThat(price.text()).matches("\\{\"price\":\\d+\\.\\d\\d}");
            assertThat(price.header("destination")).isEqualTo("/queue/stocks.IBM");
            client.close();
        }
    }

    @Test
    void withoutRabbitMqThePageAndTheBrokerStillServe() throws Exception {
        ConnectionFactory nowhere = new ConnectionFactory();
        try (ServerSocket closed = new ServerSocket(0)) {
            nowhere.setPort(closed.getLocalPort());
        }
        nowhere.setConnectionTimeout(2_000);
        try (DemoHub hub = DemoHub.start(List.of(new StompStockTicker(nowhere, Duration.ofMillis(200))), "127.0.0.1", 0,
                null, 0)) {
            assertThat(Http.get("http://127.0.0.1:" + hub.port() + "/stomp/").statusCode()).isEqualTo(200);
            StompClient client = StompClient.connect(URI.create("ws://127.0.0.1:" + hub.port() + "/stomp"))
                    .orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(client.isConnected()).isTrue();
            client.close();
        }
    }
}
