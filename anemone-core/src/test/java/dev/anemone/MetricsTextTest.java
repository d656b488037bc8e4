package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MetricsText}: the Prometheus text format, read back by a strict parser, and the console line. */
class MetricsTextTest {

    private static final ServerMetrics SAMPLE = new ServerMetrics(3, 10, Map.of(4001, 1L, 1000, 5L, 1006, 1L),
            Map.of(403, 2L), Map.of(404, 1L, 200, 7L), 120, 118, 4_300, 4_200, 2, 1_572_864, 4, 9);

    @Test
    void everyMetricHasHelpAndTypeAndItsValue() {
        PrometheusScrape scrape = PrometheusScrape.parse(MetricsText.prometheus(SAMPLE));

        assertThat(scrape.families()).hasSize(13);
        assertThat(scrape.family("anemone_connections_open").type()).isEqualTo("gauge");
        assertThat(scrape.value("anemone_connections_open")).isEqualTo(3);
        assertThat(scrape.family("anemone_connections_opened_total").type()).isEqualTo("counter");
        assertThat(scrape.value("anemone_connections_opened_total")).isEqualTo(10);
        assertThat(scrape.value("anemone_connections_closed_total", Map.of("code", "1000"))).isEqualTo(5);
        assertThat(scrape.value("anemone_connections_closed_total", Map.of("code", "1006"))).isEqualTo(1);
        assertThat(scrape.value("anemone_connections_closed_total", Map.of("code", "4001"))).isEqualTo(1);
        assertThat(scrape.value("anemone_handshakes_refused_total", Map.of("status", "403"))).isEqualTo(2);
        assertThat(scrape.value("anemone_http_responses_total", Map.of("status", "200"))).isEqualTo(7);
        assertThat(scrape.value("anemone_http_responses_total", Map.of("status", "404"))).isEqualTo(1);
        assertThat(scrape.value("anemone_messages_received_total")).isEqualTo(120);
        assertThat(scrape.value("anemone_messages_sent_total")).isEqualTo(118);
        assertThat(scrape.value("anemone_bytes_received_total")).isEqualTo(4_300);
        assertThat(scrape.value("anemone_bytes_sent_total")).isEqualTo(4_200);
        assertThat(scrape.value("anemone_messages_dropped_total")).isEqualTo(2);
        assertThat(scrape.value("anemone_buffered_bytes")).isEqualTo(1_572_864);
        assertThat(scrape.value("anemone_topics")).isEqualTo(4);
        assertThat(scrape.value("anemone_subscribers")).isEqualTo(9);
        scrape.families().forEach((name, family) -> {
            assertThat(name).startsWith("anemone_");
            assertThat(family.help()).as(name).isNotBlank();
        });
    }

    @Test
    void labelledSamplesComeInNumericOrderAndAnEmptyFamilyIsDeclaredAlone() {
        String text = MetricsText.prometheus(SAMPLE);
        assertThat(text).contains("anemone_connections_closed_total{code=\"1000\"} 5\n"
                + "anemone_connections_closed_total{code=\"1006\"} 1\n"
                + "anemone_connections_closed_total{code=\"4001\"} 1\n");

        ServerMetrics quiet = new ServerMetrics(0, 0, Map.of(), Map.of(), Map.of(), 0, 0, 0, 0, 0, 0, 0, 0);
        PrometheusScrape scrape = PrometheusScrape.parse(MetricsText.prometheus(quiet));
        assertThat(scrape.family("anemone_connections_closed_total").samples()).isEmpty();
        assertThat(scrape.value("anemone_connections_open")).isZero();
    }

    @Test
    void theSummaryIsOneLineWithBytesForPeople() {
        assertThat(MetricsText.summary(SAMPLE)).isEqualTo(
                "connections 3 open, 10 opened, 7 closed | messages 120 in, 118 out, 2 dropped"
                        + " | bytes 4.2 KiB in, 4.1 KiB out, 1.5 MiB buffered | refused 2 | http 8");
    }

    @Test
    void theSnapshotKeepsItsOwnCopyOfTheCounts() {
        Map<Integer, Long> closed = new HashMap<>(Map.of(1000, 1L));
        ServerMetrics metrics = new ServerMetrics(0, 1, closed, Map.of(), Map.of(), 0, 0, 0, 0, 0, 0, 0, 0);
        closed.put(1000, 99L);
        assertThat(metrics.connectionsClosed()).isEqualTo(Map.of(1000, 1L));
        assertThatThrownBy(() -> metrics.connectionsClosed().put(1001, 1L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
