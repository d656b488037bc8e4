package dev.anemone.stomp.ticker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StockJsonTest {

    @Test
    void theBooksWorkRequestRoundTrips() {
        assertThat(StockJson.work(List.of("IBM", "BRK.B"))).isEqualTo("{\"stocks\":[\"IBM\",\"BRK.B\"]}");
        assertThat(StockJson.symbols("{\"stocks\": [\"IBM\", \"BRK.B\"]}")).containsExactly("IBM", "BRK.B");
    }

    @Test
    void theBooksResultRoundTrips() {
        Map<String, Double> prices = new LinkedHashMap<>();
        prices.put("IBM", 123.456);
        prices.put("MSFT", 7.0);
        String json = StockJson.result(prices);
        assertThat(json).isEqualTo("[{\"symbol\":\"IBM\",\"price\":123.46},{\"symbol\":\"MSFT\",\"price\":7.00}]");
        assertThat(StockJson.prices(json)).containsEntry("IBM", 123.46).containsEntry("MSFT", 7.0);
    }

    @Test
    void onlySymbolsPass() {
        assertThat(StockJson.isSymbol("IBM")).isTrue();
        assertThat(StockJson.isSymbol("A\"B")).isFalse();
        assertThat(StockJson.isSymbol("TOOLONGSYMBOL1")).isFalse();
        assertThat(StockJson.symbols("{\"stocks\":[\"ok\",\"bad\\\"one\", \"no way\"]}")).allMatch(StockJson::isSymbol).contains("ok");
    }
}
