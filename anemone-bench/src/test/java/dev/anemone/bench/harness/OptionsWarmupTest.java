package dev.anemone.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsWarmupTest {

    @Test
    void aTlsScenarioWarmsUpForTenSecondsByDefaultAndAPlainOneForFive() {
        Options options = Options.parse(new String[0]);

        assertThat(options.warmup(Scenario.TLS_ECHO_100)).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.warmup(Scenario.TLS_BINARY_100)).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.warmup(Scenario.TLS_HANDSHAKES)).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.warmup(Scenario.ECHO_100)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aShortGeneralWarmupLeavesTlsItsOwn() {
        Options options = Options.parse(new String[] {"--warmup", "3"});

        assertThat(options.warmup(Scenario.ECHO_100)).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.warmup(Scenario.TLS_ECHO_100)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aLongerGeneralWarmupAppliesToTlsToo() {
        Options options = Options.parse(new String[] {"--warmup", "15"});

        assertThat(options.warmup(Scenario.TLS_BINARY_100)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theTlsWarmupHasItsOwnKnobAndAQuickDefault() {
        assertThat(Options.parse(new String[] {"--tls-warmup", "20"}).warmup(Scenario.TLS_ECHO_100))
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(Options.parse(new String[] {"--quick"}).warmup(Scenario.TLS_ECHO_100))
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(Options.parse(new String[] {"--quick"}).warmup(Scenario.ECHO_100))
                .isEqualTo(Duration.ofSeconds(2));
    }
}
