package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoint patterns: what each kind matches, the values it gives, and the patterns refused. */
class PathPatternTest {

    private static boolean matches(String pattern, String path) {
        return PathPattern.parse(pattern).matches(PathPattern.withoutTrailingSlash(path));
    }

    @Test
    void anExactPatternMatchesItsPathWithOrWithoutOneTrailingSlash() {
        assertThat(PathPattern.parse("/echo").kind()).isEqualTo(PathPattern.Kind.EXACT);
        assertThat(matches("/echo", "/echo")).isTrue();
        assertThat(matches("/echo", "/echo/")).isTrue();
        assertThat(matches("/echo/", "/echo")).isTrue();
        assertThat(matches("/echo", "/echo//")).isFalse();
        assertThat(matches("/echo", "/Echo")).as("case-sensitive").isFalse();
        assertThat(matches("/echo", "/echo/more")).isFalse();
        assertThat(matches("/", "/")).isTrue();
        assertThat(matches("/", "/x")).isFalse();
    }

    @Test
    void aTemplateVariableMatchesOneWholeNonEmptySegment() {
        assertThat(PathPattern.parse("/chat/{room}").kind()).isEqualTo(PathPattern.Kind.TEMPLATE);
        assertThat(matches("/chat/{room}", "/chat/room1")).isTrue();
        assertThat(matches("/chat/{room}", "/chat/room1/")).isTrue();
        assertThat(matches("/chat/{room}", "/chat/")).isFalse();
        assertThat(matches("/chat/{room}", "/chat")).isFalse();
        assertThat(matches("/chat/{room}", "/chat/a/b")).isFalse();
        assertThat(matches("/chat/{room}", "/chats/a")).isFalse();
        assertThat(matches("/{a}/x/{b}", "/1/x/2")).isTrue();
        assertThat(matches("/{a}/x/{b}", "/1/y/2")).isFalse();
        assertThat(matches("/{a}/x/{b}", "/1/xx/2")).isFalse();
    }

    @Test
    void templateValuesArePercentDecodedInThePatternsOrder() {
        PathPattern pattern = PathPattern.parse("/u/{user}/room/{room}");
        assertThat(pattern.values("/u/caf%C3%A9/room/a%20b/")).containsExactly(
                Map.entry("user", "café"), Map.entry("room", "a b"));
        assertThat(pattern.values("/u/a%2Fb/room/100%")).as("an encoded slash stays in its segment; a bad escape stays")
                .containsExactly(Map.entry("user", "a/b"), Map.entry("room", "100%"));
        assertThat(pattern.values("/elsewhere")).isEmpty();
    }

    @Test
    void aPrefixMatchesItsPathAndEverythingBelowAndGivesTheRest() {
        PathPattern files = PathPattern.parse("/files/*");
        assertThat(files.kind()).isEqualTo(PathPattern.Kind.PREFIX);
        assertThat(files.matches("/files")).isTrue();
        assertThat(files.matches("/files/a/b.txt")).isTrue();
        assertThat(files.matches("/filesystem")).isFalse();
        assertThat(files.values("/files/a/b%20c.txt")).containsExactly(Map.entry("*", "a/b c.txt"));
        assertThat(files.values("/files/")).containsExactly(Map.entry("*", ""));
        PathPattern all = PathPattern.parse("/*");
        assertThat(all.matches("/")).isTrue();
        assertThat(all.matches("/anything/at/all")).isTrue();
        assertThat(all.values("/x/y")).containsExactly(Map.entry("*", "x/y"));
    }

    @Test
    void templatesAreOrderedLiteralSegmentsFirstFromTheLeft() {
        PathPattern specific = PathPattern.parse("/chat/lobby/{x}");
        PathPattern general = PathPattern.parse("/chat/{room}/{x}");
        PathPattern leading = PathPattern.parse("/{any}/lobby/x");
        assertThat(PathPattern.bySpecificity(specific, general)).isNegative();
        assertThat(PathPattern.bySpecificity(general, specific)).isPositive();
        assertThat(PathPattern.bySpecificity(general, leading)).isNegative();
        assertThat(PathPattern.bySpecificity(general, PathPattern.parse("/chat/{a}/{b}"))).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "", "/a?b=1", "/a#top", "/chat/{room", "/chat/x{room}", "/chat/{}", "/{a}/{a}",
        "/files*", "/files/*/more", "/{user}/*", "/a/x*y"})
    void aPatternThatIsNotOneIsRefused(String pattern) {
        assertThatThrownBy(() -> PathPattern.parse(pattern)).isInstanceOf(IllegalArgumentException.class);
    }
}
