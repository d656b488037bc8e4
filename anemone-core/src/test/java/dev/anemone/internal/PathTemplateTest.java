package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Path templates: whole segments, decoded values, exact literals, the trailing slash counted. */
class PathTemplateTest {

    @Test
    void parametersTakeWholeNonEmptySegmentsDecoded() {
        PathTemplate template = PathTemplate.parse("/rooms/{room}/messages/{id}");
        assertThat(template.match("/rooms/a%20b/messages/7")).containsEntry("room", "a b").containsEntry("id", "7");
        assertThat(template.match("/rooms//messages/7")).isNull();
        assertThat(template.match("/rooms/a/messages")).isNull();
        assertThat(template.match("/rooms/a/messages/7/")).isNull();
    }

    @Test
    void literalsMatchExactlyTrailingSlashIncluded() {
        PathTemplate exact = PathTemplate.parse("/rooms");
        assertThat(exact.match("/rooms")).isEmpty();
        assertThat(exact.match("/rooms/")).isNull();
        assertThat(exact.match("/Rooms")).isNull();
        assertThat(PathTemplate.parse("/").match("/")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rooms", "/rooms/x{id}", "/{a}/{a}", "/{}/x", "/{a{b}}"})
    void malformedTemplatesAreRefused(String template) {
        assertThatThrownBy(() -> PathTemplate.parse(template)).isInstanceOf(IllegalArgumentException.class);
    }
}
