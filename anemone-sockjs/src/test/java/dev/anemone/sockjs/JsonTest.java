package dev.anemone.sockjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anemone.sockjs.internal.Frames;
import dev.anemone.sockjs.internal.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON of the protocol: sockjs's escaping out, arrays of strings in, and the frames. */
class JsonTest {

    @Test
    void controlsSurrogatesAndTheMangledRangesAreEscaped() {
        assertThat(Json.quote("a\"\\\b\f\n\r\t\u0000\u001f")).isEqualTo("\"a\\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\"");
        assertThat(Json.quote("\uD83D\uDE00")).isEqualTo("\"\\ud83d\\ude00\"");
        assertThat(Json.quote("\u200c\u2028\u206f\ufff0\uffff")).isEqualTo("\"\\u200c\\u2028\\u206f\\ufff0\\uffff\"");
        assertThat(Json.quote("é\u007f\u00ad€\u200b")).isEqualTo("\"é\u007f\u00ad€\u200b\"");
    }

    @Test
    void everyCharacterSurvivesTheRoundTrip() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0xffff; c++) {
            all.append(c);
        }
        String text = all.toString();
        assertThat(Json.parseArray("[" + Json.quote(text) + "]")).containsExactly(text);
    }

    @Test
    void arraysOfStringsAreRead() throws Exception {
        assertThat(Json.parseArray(" [ \"a\" , \"b\\u0041\\/\" ] ")).containsExactly("a", "bA/");
        assertThat(Json.parseArray("[]")).isEmpty();
        assertThat(Json.parseArrayOrString("\"x\"")).containsExactly("x");
        assertThat(Json.parseArrayOrString("[\"x\",\"y\"]")).containsExactly("x", "y");
    }

    @Test
    void anythingElseIsBroken() {
        for (String broken : new String[] {"", "[", "[\"a\"", "[\"a\",]", "[1]", "[null]", "{}", "\"a\"", "[\"a\"]x",
                "[\"\\x\"]", "[\"\\u00g0\"]", "[\"a\nb\"]"}) {
            assertThatThrownBy(() -> Json.parseArray(broken)).as(broken).isInstanceOf(Json.BrokenJsonException.class);
        }
    }

    @Test
    void frames() {
        assertThat(Frames.messages(List.of("a", "b\"c"))).isEqualTo("a[\"a\",\"b\\\"c\"]");
        assertThat(Frames.close(3000, "Go away!")).isEqualTo("c[3000,\"Go away!\"]");
        assertThat(Frames.ANOTHER_CONNECTION).isEqualTo("c[2010,\"Another connection still open\"]");
    }
}
