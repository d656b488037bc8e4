package dev.anemone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 3986 percent-decoding and WHATWG application/x-www-form-urlencoded pairs. */
class UrlEncodingTest {

    @Test
    void rfc3986_2_1_percentEscapesDecodeAsUtf8AndPlusIsASpaceOnlyInForms() {
        assertThat(UrlEncoding.decode("caf%C3%A9+au%20lait", true)).isEqualTo("café au lait");
        assertThat(UrlEncoding.decode("a+b", false)).isEqualTo("a+b");
        assertThat(UrlEncoding.decode("%2e%2E", false)).isEqualTo("..");
    }

    @Test
    void rawUtf8ReadOffTheWireAsLatin1DecodesToo() {
        String wire = new String("é".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(UrlEncoding.decode(wire, true)).isEqualTo("é");
    }

    @Test
    void badEscapesAndBadUtf8NeverThrow() {
        assertThat(UrlEncoding.decode("100%", true)).isEqualTo("100%");
        assertThat(UrlEncoding.decode("%zz%4", true)).isEqualTo("%zz%4");
        assertThat(UrlEncoding.decode("%C3", true)).isEqualTo("\uFFFD");
    }

    @Test
    void whatwg_5_1_pairsKeepRepeatedNamesInOrderAndSkipEmptyOnes() {
        Map<String, List<String>> form = UrlEncoding.parseForm("tag=a&&user=J%C3%B6rg+M&tag=b&flag&empty=&=x");
        assertThat(form.keySet()).containsExactly("tag", "user", "flag", "empty", "");
        assertThat(form.get("tag")).containsExactly("a", "b");
        assertThat(form.get("user")).containsExactly("Jörg M");
        assertThat(form.get("flag")).containsExactly("");
        assertThat(form.get("empty")).containsExactly("");
        assertThat(form.get("")).containsExactly("x");
        assertThat(UrlEncoding.parseForm(null)).isEmpty();
        assertThat(UrlEncoding.parseForm("a=1=2").get("a")).containsExactly("1=2");
    }
}
