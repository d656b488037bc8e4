package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Origin values a list lets in, as browsers serialize origins (RFC 6454). */
class OriginAllowListTest {

    @Test
    void anExactOriginMatchesItselfWhateverTheCaseAndAWrittenDefaultPort() {
        OriginAllowList list = OriginAllowList.of("https://Example.com:443", "http://localhost:8080");
        assertThat(list.allows("https://example.com")).isTrue();
        assertThat(list.allows("HTTPS://EXAMPLE.COM")).isTrue();
        assertThat(list.allows("http://localhost:8080")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com", "https://example.com:8443", "https://www.example.com",
        "https://example.com.evil.net", "https://evilexample.com", "http://localhost", "http://localhost:8081",
        "https://example.com/", "https://user@example.com", "example.com", "", "null"})
    void anythingElseIsRefused(String origin) {
        OriginAllowList list = OriginAllowList.of("https://example.com", "http://localhost:8080");
        assertThat(list.allows(origin)).isFalse();
    }

    @Test
    void noOriginIsRefusedOnceAListIsSet() {
        assertThat(OriginAllowList.of("https://example.com").allows(null)).isFalse();
    }

    @Test
    void aWildcardMatchesEverySubdomainButNotTheHostItself() {
        OriginAllowList list = OriginAllowList.of("https://*.example.com");
        assertThat(list.allows("https://a.example.com")).isTrue();
        assertThat(list.allows("https://a.b.example.com")).isTrue();
        assertThat(list.allows("https://A.Example.COM:443")).isTrue();
        assertThat(list.allows("https://example.com")).isFalse();
        assertThat(list.allows("http://a.example.com")).isFalse();
        assertThat(list.allows("https://a.example.com:8443")).isFalse();
        assertThat(list.allows("https://aexample.com")).isFalse();
        assertThat(list.allows("https://a.example.com.evil.net")).isFalse();
    }

    @Test
    void theNullOriginOnlyWhenListed() {
        assertThat(OriginAllowList.of("https://example.com").allows("null")).isFalse();
        assertThat(OriginAllowList.of("null").allows("null")).isTrue();
        assertThat(OriginAllowList.of("null").allows("https://example.com")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "https://example.com/app", "https://example.com?x", "*.example.com",
        "https://a.*.example.com", "https://*example.com", "https://", "https://example.com#top", ""})
    void entriesThatAreNotOriginsAreRejectedWhenTheListIsMade(String entry) {
        assertThatThrownBy(() -> OriginAllowList.of(entry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an origin");
    }
}
