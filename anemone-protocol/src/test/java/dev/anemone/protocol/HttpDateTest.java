package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 9110 section 5.6.7: HTTP dates. */
class HttpDateTest {

    @Test
    void rfc9110_5_6_7_writesImfFixdateWithTwoDigitDays() {
        assertThat(HttpDate.format(Instant.parse("1994-11-06T08:49:37.250Z"))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void rfc9110_5_6_7_readsWhatItWritesAndIgnoresWhatItCannotRead() {
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isNull();
        assertThat(HttpDate.parse("yesterday")).isNull();
        assertThat(HttpDate.parse(null)).isNull();
    }
}
