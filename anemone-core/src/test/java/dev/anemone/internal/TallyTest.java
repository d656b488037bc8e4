package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link Tally}: counts by key within its range, adds up into a map, and costs nothing until used. */
class TallyTest {

    @Test
    void coversExactlyItsRange() {
        Tally tally = new Tally(1000, 16);
        assertThat(tally.covers(999)).isFalse();
        assertThat(tally.covers(1000)).isTrue();
        assertThat(tally.covers(1015)).isTrue();
        assertThat(tally.covers(1016)).isFalse();
        assertThat(tally.covers(Integer.MIN_VALUE)).isFalse();
        assertThat(tally.covers(Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void addsItsCountsToWhatOthersCounted() {
        Tally first = new Tally(100, 500);
        Tally second = new Tally(100, 500);
        first.count(200);
        first.count(200);
        first.count(599);
        second.count(200);
        second.count(100);
        Map<Integer, Long> sums = new TreeMap<>();
        first.addTo(sums);
        second.addTo(sums);
        assertThat(sums).containsExactly(Map.entry(100, 1L), Map.entry(200, 3L), Map.entry(599, 1L));
    }

    @Test
    void anUnusedTallyAddsNothing() {
        Map<Integer, Long> sums = new TreeMap<>();
        new Tally(3000, 2000).addTo(sums);
        assertThat(sums).isEmpty();
    }
}
