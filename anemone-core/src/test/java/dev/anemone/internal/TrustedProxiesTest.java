package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which client a trusted proxy's Forwarded and X-Forwarded-For headers name. */
class TrustedProxiesTest {

    private static final TrustedProxies PROXIES = TrustedProxies.of("10.0.0.0/8", "fd00::/8", "192.0.2.1");

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void blocksAndSingleAddresses() throws Exception {
        assertThat(PROXIES.trusts(ip("10.1.2.3"))).isTrue();
        assertThat(PROXIES.trusts(ip("11.0.0.1"))).isFalse();
        assertThat(PROXIES.trusts(ip("fd12::1"))).isTrue();
        assertThat(PROXIES.trusts(ip("fe80::1"))).isFalse();
        assertThat(PROXIES.trusts(ip("192.0.2.1"))).isTrue();
        assertThat(PROXIES.trusts(ip("192.0.2.2"))).isFalse();
        assertThat(TrustedProxies.of("10.0.0.0/7").trusts(ip("11.255.0.1"))).isTrue();
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() throws Exception {
        assertThat(PROXIES.client(ip("203.0.113.5"), List.of("for=198.51.100.1"), List.of("198.51.100.2")))
                .isEqualTo(ip("203.0.113.5"));
    }

    @Test
    void theRightmostUntrustedHopIsTheClient() throws Exception {
        assertThat(PROXIES.client(ip("10.0.0.1"), List.of(), List.of("198.51.100.66, 203.0.113.7", "10.9.9.9")))
                .isEqualTo(ip("203.0.113.7"));
        assertThat(PROXIES.client(ip("10.0.0.1"), List.of("for=198.51.100.66, for=\"[2001:db8::7]:443\";proto=https"),
                List.of("203.0.113.9"))).as("Forwarded before X-Forwarded-For").isEqualTo(ip("2001:db8::7"));
        assertThat(PROXIES.client(ip("10.0.0.1"), List.of("For=\"203.0.113.4:1234\""), List.of())).isEqualTo(ip("203.0.113.4"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "_hidden", "example.com", "localhost", "1.2.3", ""})
    void aHopThatIsNotAnAddressLiteralLeavesTheProxyAsTheClient(String hop) throws Exception {
        assertThat(PROXIES.client(ip("10.0.0.1"), List.of(), List.of(hop))).isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void noForwardedHeadersLeaveTheProxyAsTheClient() throws Exception {
        assertThat(PROXIES.client(ip("10.0.0.1"), List.of(), List.of())).isEqualTo(ip("10.0.0.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "10.0.0.0/33", "10.0.0.0/x", "::1/129", ""})
    void entriesThatAreNotAddressesOrBlocksAreRejected(String entry) {
        assertThatThrownBy(() -> TrustedProxies.of(entry)).isInstanceOf(IllegalArgumentException.class);
    }
}
