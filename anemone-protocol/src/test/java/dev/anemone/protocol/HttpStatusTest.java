package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9110 section 15: reason phrases, and which statuses carry no body. */
class HttpStatusTest {

    @ParameterizedTest
    @CsvSource({"200, OK", "302, Found", "303, See Other", "307, Temporary Redirect", "308, Permanent Redirect",
        "304, Not Modified", "413, Content Too Large", "417, Expectation Failed", "501, Not Implemented",
        "418, ''", "599, ''"})
    void rfc9110_15_everyRegisteredCodeHasItsPhraseAndOthersNone(int status, String phrase) {
        assertThat(HttpStatus.reasonPhrase(status)).isEqualTo(phrase);
    }

    @Test
    void rfc9112_4_theStatusLineNeverSaysStatusN() {
        assertThat(HttpStatus.statusLine(302)).isEqualTo("HTTP/1.1 302 Found");
        for (int status = 100; status < 600; status++) {
            assertThat(HttpStatus.statusLine(status)).doesNotContain("Status " + status);
        }
    }

    @Test
    void rfc9110_15_codesOutsideThreeDigitsCannotBeSent() {
        assertThatThrownBy(() -> HttpStatus.reasonPhrase(99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpStatus.reasonPhrase(1000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rfc9110_6_4_1_informationalNoContentAndNotModifiedHaveNoBody() {
        assertThat(HttpStatus.forbidsBody(101)).isTrue();
        assertThat(HttpStatus.forbidsBody(204)).isTrue();
        assertThat(HttpStatus.forbidsBody(304)).isTrue();
        assertThat(HttpStatus.forbidsBody(200)).isFalse();
        assertThat(HttpStatus.forbidsBody(404)).isFalse();
    }
}
