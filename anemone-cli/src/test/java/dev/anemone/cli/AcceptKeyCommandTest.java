package dev.anemone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptKeyCommandTest {

    @Test
    void printsTheAcceptValueOfRfc6455Section1_3() {
        Captured result = Captured.anemone("accept-key", "dGhlIHNhbXBsZSBub25jZQ==");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" + System.lineSeparator());
        assertThat(result.err()).isEmpty();
    }

    @Test
    void warnsAboutAKeyThatIsNotBase64Of16BytesButStillPrintsTheValue() {
        Captured result = Captured.anemone("accept-key", "not-a-key");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).isEqualTo(dev.anemone.protocol.AcceptKey.of("not-a-key"));
        assertThat(result.err()).contains("warning").contains("not base64 of 16 bytes");
    }

    @Test
    void needsAKey() {
        Captured result = Captured.anemone("accept-key");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("KEY");
    }
}
