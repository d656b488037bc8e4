package dev.anemone.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.ClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimeServerTest {

    @Test
    void theUpgradeNeedsTheToken() {
        try (DemoHub hub = DemoHub.start(List.of(new TimeServer()), "127.0.0.1", 0, null, 0)) {
            String base = "ws://127.0.0.1:" + hub.port() + "/time/ws";
            assertThat(Peer.refusal(URI.create(base), ClientOptions.defaults())).isEqualTo(401);
            assertThat(Peer.refusal(URI.create(base + "?token=let-me-out"), ClientOptions.defaults())).isEqualTo(401);
            Peer.connect(URI.create(base + "?token=" + TimeServer.DEMO_TOKEN)).socket().close();
        }
    }

    @Test
    void everyClientGetsTheTimeEachPeriodWithTheCountAndAnAnswerToItsMessages() throws Exception {
        try (DemoHub hub = DemoHub.start(List.of(new TimeServer("secret", Duration.ofMillis(400))), "127.0.0.1", 0, null, 0)) {
            URI uri = URI.create("ws://127.0.0.1:" + hub.port() + "/time/ws?token=secret");
            Peer first = Peer.connect(uri);
            assertThat(first.nextText()).isEqualTo("{\"message\":\"Hi from Time Server!\",\"clients\":1}");
            assertThat(first.nextText()).as("the time at once").endsWith("\"clients\":1}");
            Peer second = Peer.connect(uri);
            assertThat(second.nextText()).isEqualTo("{\"message\":\"Hi from Time Server!\",\"clients\":2}");
            assertThat(second.nextText()).startsWith("{\"time\":");
            second.send("hello");
            assertThat(second.nextText()).isEqualTo("{\"message\":\"Got your message\",\"clients\":2}");

            String tick = first.nextText();
            while (!tick.endsWith("\"clients\":2}")) {
                tick = first.nextText();   // one that fell due before the second client came
            }
            long tickAt = first.lastHeardAt();
            String next = first.nextText();
            long between = TimeUnit.NANOSECONDS.toMillis(first.lastHeardAt() - tickAt);
            assertThat(tick).matches("\\{\"time\":\"\\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d .+\",\"clients\":2}");
            assertThat(next).startsWith("{\"time\":");
            assertThat(between).isBetween(300L, 1500L);
            second.socket().close();
            // The count follows: within a few ticks of the close, the first client is alone.
            String later = first.nextText();
            for (int i = 0; i < 5 && !later.endsWith("\"clients\":1}"); i++) {
                later = first.nextText();
            }
            assertThat(later).endsWith("\"clients\":1}");
        }
    }
}
