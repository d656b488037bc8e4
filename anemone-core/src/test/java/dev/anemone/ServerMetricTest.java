package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ServerMetric}: the catalogue covers every value of {@link ServerMetrics}, each once. */
class ServerMetricTest {

    /** Every component a distinct value, so that a metric reading the wrong one shows. */
    private static final ServerMetrics DISTINCT = new ServerMetrics(1, 2, Map.of(1000, 3L), Map.of(403, 4L),
            Map.of(200, 5L), 6, 7, 8, 9, 10, 11, 12, 13);

    @Test
    void everyValueOfTheSnapshotHasExactlyOneMetric() throws Exception {
        Set<Object> read = new HashSet<>();
        for (ServerMetric metric : ServerMetric.values()) {
            read.add(metric.isLabelled() ? metric.byLabel(DISTINCT) : metric.value(DISTINCT));
        }
        Set<Object> components = new HashSet<>();
        for (RecordComponent component : ServerMetrics.class.getRecordComponents()) {
            components.add(component.getAccessor().invoke(DISTINCT));
        }
        assertThat(read).isEqualTo(components).hasSize(ServerMetric.values().length);
    }

    @Test
    void labelledMetricsAreCountersWithTheirSumAsValue() {
        assertThat(ServerMetric.CONNECTIONS_CLOSED.isLabelled()).isTrue();
        assertThat(ServerMetric.CONNECTIONS_CLOSED.label()).isEqualTo("code");
        assertThat(ServerMetric.HTTP_RESPONSES.label()).isEqualTo("status");
        assertThat(ServerMetric.CONNECTIONS_CLOSED.type()).isEqualTo(ServerMetric.Type.COUNTER);
        assertThat(ServerMetric.CONNECTIONS_CLOSED.value(DISTINCT)).isEqualTo(3);
        assertThat(ServerMetric.CONNECTIONS_OPEN.label()).isNull();
        assertThatThrownBy(() -> ServerMetric.CONNECTIONS_OPEN.byLabel(DISTINCT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void idsAreWordsJoinedByDotsAndDescriptionsSentences() {
        for (ServerMetric metric : ServerMetric.values()) {
            assertThat(metric.id()).matches("[a-z]+(\\.[a-z]+)*");
            assertThat(metric.description()).endsWith(".").doesNotContain("\n").doesNotContain("\\");
        }
    }
}
