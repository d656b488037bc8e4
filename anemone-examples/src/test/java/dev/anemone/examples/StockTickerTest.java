package dev.anemone.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StockTickerTest {

    private static final Pattern TWO_PRICES = Pattern.compile("\\{\"AAPL\":\\d+\\.\\d\\d,\"MSFT\":\\d+\\.\\d\\d}");

    @Test
    void aClientGetsThePricesOfItsKnownSymbolsEverySecondAndTheyMove() throws Exception {
        StockTicker ticker = new StockTicker(2);
        try (DemoHub hub = DemoHub.start(List.of(ticker), "127.0.0.1", 0, null, 0)) {
            Peer peer = Peer.connect(URI.create("ws://127.0.0.1:" + hub.port() + "/ticker/ws"));
            // Unknown symbols are left out, and the cap of 2 keeps the first two known ones.
            peer.send("{\"stocks\": [\"AAPL\", \"NOPE\", \"MSFT\", \"GOOG\"]}");
            List<String> updates = new ArrayList<>();
            long first = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                updates.add(peer.nextText());
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - first);
            assertThat(updates).allMatch(update -> TWO_PRICES.matcher(update).matches(), "two prices: " + updates);
            // The first answers the request at once; the next three come a second apart.
            assertThat(elapsed).isBetween(2500L, 4500L);
            assertThat(updates.stream().distinct().count()).as("prices move at least every 2.5 s: " + updates).isGreaterThan(1);
        }
    }

    @Test
    void closingTheConnectionStopsItsTimer() throws Exception {
        StockTicker ticker = new StockTicker();
        try (DemoHub hub = DemoHub.start(List.of(ticker), "127.0.0.1", 0, null, 0)) {
            Peer peer = Peer.connect(URI.create("ws://127.0.0.1:" + hub.port() + "/ticker/ws"));
            peer.send("{\"stocks\":[\"YHOO\"]}");
            assertThat(peer.nextText()).startsWith("{\"YHOO\":");
            WebSocket onServer = hub.server(ticker).clients().iterator().next();
            StockTicker.Watch watch = onServer.attachment();
            assertThat(watch.timer.isCancelled()).isFalse();
            peer.socket().close();
            String heard = peer.next();
            while (!heard.startsWith("close")) {
                heard = peer.next();   // a price sent before the close frame
            }
            // The server's side of the closing handshake ends a moment after the client's.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!watch.timer.isCancelled() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(watch.timer.isCancelled()).isTrue();
        }
    }

    @Test
    void aRequestThatIsNotTheBooksJsonGetsNoPrices() {
        try (DemoHub hub = DemoHub.start(List.of(new StockTicker()), "127.0.0.1", 0, null, 0)) {
            Peer peer = Peer.connect(URI.create("ws://127.0.0.1:" + hub.port() + "/ticker/ws"));
            peer.send("{\"stocks\":[\"AAPL\"]}");
            assertThat(peer.nextText()).startsWith("{\"AAPL\":");
            peer.send("AAPL");
            assertThat(peer.nextText()).isEqualTo("{}");
        }
    }
}
