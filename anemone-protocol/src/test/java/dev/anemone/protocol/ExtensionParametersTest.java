package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 9.1: extension-list elements and their parameters. */
class ExtensionParametersTest {

    @Test
    void rfc6455_9_1_parsesNameAndParametersInOrder() {
        ExtensionParameters parsed = ExtensionParameters.parse(
                " permessage-deflate ; client_max_window_bits ; server_max_window_bits=\"10\"; x=1 ; x=2");

        assertThat(parsed.name()).isEqualTo("permessage-deflate");
        assertThat(parsed.names()).containsExactly("client_max_window_bits", "server_max_window_bits", "x", "x");
        assertThat(parsed.values()).isEqualTo(Arrays.asList(null, "10", "1", "2"));
        assertThat(parsed.toString())
                .isEqualTo("permessage-deflate; client_max_window_bits; server_max_window_bits=10; x=1; x=2");
    }

    @Test
    void rfc6455_9_1_nameOfSkipsTheParameters() {
        assertThat(ExtensionParameters.nameOf(" foo ; a=1")).isEqualTo("foo");
        assertThat(ExtensionParameters.nameOf("bar")).isEqualTo("bar");
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "a b", "foo; =1", "foo; a=b c", "foo; a=\"b c\"", "foo; a=", "foo; a b=1"})
    void rfc6455_9_1_malformedElementsAreRefused(String element) {
        assertThatThrownBy(() -> ExtensionParameters.parse(element)).isInstanceOf(IllegalArgumentException.class);
    }
}
