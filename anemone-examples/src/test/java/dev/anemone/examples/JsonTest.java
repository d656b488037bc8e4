package dev.anemone.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void objectsQuoteStringsAndWriteNumbers() {
        assertThat(Json.object("type", "message", "n", 3, "price", BigDecimal.valueOf(9501, 2)))
                .isEqualTo("{\"type\":\"message\",\"n\":3,\"price\":95.01}");
        assertThat(Json.quote("a\"b\\c\nd\u0001\u2028<img>")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\\u2028<img>\"");
    }

    @Test
    void stringsAreReadFromTheArrayOfTheOneField() {
        assertThat(Json.strings(" { \"stocks\" : [ \"AAPL\" , \"MS\\\"FT\" ] } ", "stocks")).containsExactly("AAPL", "MS\"FT");
        assertThat(Json.strings("{\"stocks\":[]}", "stocks")).isEmpty();
        assertThat(Json.strings("{\"other\":[\"AAPL\"]}", "stocks")).isEmpty();
        assertThat(Json.strings("{\"stocks\":[\"AAPL\", 3]}", "stocks")).isEmpty();
        assertThat(Json.strings("{\"stocks\":[\"AAPL\" \"MSFT\"]}", "stocks")).isEmpty();
        assertThat(Json.strings("AAPL", "stocks")).isEqualTo(List.of());
    }
}
