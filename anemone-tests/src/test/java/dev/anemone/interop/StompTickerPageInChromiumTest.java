package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.ConnectionFactory;
import dev.anemone.stomp.ticker.StompTickerDemo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The book's STOMP ticker page in headless Chromium: served from anemone-stomp's jar with its own
 * STOMP client, it subscribes to {@code /queue/stocks.IBM} and shows a price that went through
 * RabbitMQ (stocks.work, the price daemon, stocks.result) and the embedded broker.
 */
class StompTickerPageInChromiumTest {

    @Test
    void thePageShowsAPriceFromThePipeline() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            fail("Chromium is missing: run scripts/install-test-deps.sh (Debian package chromium)");
        }
        try (StompTickerDemo demo = StompTickerDemo.start(0, new ConnectionFactory(), Duration.ofMillis(300))) {
            EventLog events = ChromiumPage.run("http://127.0.0.1:" + demo.port() + "/?symbol=IBM", null);
            assertThat(events.seen("report")).as(events.toString()).hasSize(1);
            assertThat(events.seen("report").get(0).text("text")).matches("IBM [0-9]+\\.[0-9]{2}");
        }
    }
}
