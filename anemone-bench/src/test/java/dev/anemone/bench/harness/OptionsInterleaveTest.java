package dev.anemone.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsInterleaveTest {

    @Test
    void peersRunOneAfterTheOtherUnlessAskedToInterleave() {
        assertThat(Options.parse(new String[0]).interleave).isNull();
        assertThat(Options.parse(new String[] {"--interleave", "0"}).interleave).isNull();
    }

    @Test
    void turnsAddUpToTheRoundsTheyReplace() {
        Options options = Options.parse(new String[] {"--interleave", "2", "--duration", "10", "--rounds", "3"});

        assertThat(options.interleave).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.interleavedTurns()).isEqualTo(15);
    }

    @Test
    void aTurnLongerThanTheDurationStillGivesOneARound() {
        Options options = Options.parse(new String[] {"--interleave", "5", "--duration", "2", "--rounds", "3"});

        assertThat(options.interleavedTurns()).isEqualTo(3);
    }

    @Test
    void aTurnTooShortToSettleIsRefused() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--interleave", "0.2"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 0.5 s");
        assertThatThrownBy(() -> Options.parse(new String[] {"--interleave", "-1"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
