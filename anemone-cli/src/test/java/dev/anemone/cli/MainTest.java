package dev.anemone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void helpListsEveryCommand() {
        Captured result = Captured.anemone("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("serve", "connect", "cert", "accept-key", "decode");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"serve", "connect", "cert", "accept-key", "decode"}) {
            Captured result = Captured.anemone(command, "--help");

            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out()).as(command).contains("Usage: anemone " + command);
        }
    }

    @Test
    void withoutACommandShowsUsageAsAnError() {
        Captured result = Captured.anemone();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: anemone");
    }

    @Test
    void anUnknownCommandIsAnError() {
        Captured result = Captured.anemone("dance");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("dance");
    }

    @Test
    void printsAVersion() {
        Captured result = Captured.anemone("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("anemone ");
    }
}
