package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The token bucket per address group, on a clock the test moves, and the /64 grouping. */
class AddressRateLimitTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long T0 = 1_000 * SECOND;

    private static AddressGroup group(String address) throws Exception {
        return AddressGroup.of(InetAddress.getByName(address));
    }

    @Test
    void aBurstOfOneSecondsWorthThenOneTokenPerIntervalAndEachGroupApart() throws Exception {
        AddressRateLimit limit = new AddressRateLimit(4);
        AddressGroup a = group("192.0.2.1");
        for (int i = 0; i < 4; i++) {
            assertThat(limit.tryAcquire(a, T0)).as("burst " + i).isTrue();
        }
        assertThat(limit.tryAcquire(a, T0)).isFalse();
        assertThat(limit.tryAcquire(group("192.0.2.2"), T0)).isTrue();
        assertThat(limit.tryAcquire(a, T0 + SECOND / 4 - 1)).isFalse();
        assertThat(limit.tryAcquire(a, T0 + SECOND / 4)).isTrue();
        assertThat(limit.tryAcquire(a, T0 + SECOND / 4)).isFalse();
    }

    @Test
    void aLongPauseRefillsNoMoreThanOneSecondsWorth() throws Exception {
        AddressRateLimit limit = new AddressRateLimit(2);
        AddressGroup a = group("192.0.2.1");
        assertThat(limit.tryAcquire(a, T0)).isTrue();
        long later = T0 + 60 * SECOND;
        assertThat(limit.tryAcquire(a, later)).isTrue();
        assertThat(limit.tryAcquire(a, later)).isTrue();
        assertThat(limit.tryAcquire(a, later)).isFalse();
    }

    @Test
    void groupsQuietForASecondAreForgotten() throws Exception {
        AddressRateLimit limit = new AddressRateLimit(10);
        for (int i = 1; i <= 100; i++) {
            limit.tryAcquire(group("192.0.2." + i), T0);
        }
        assertThat(limit.size()).isEqualTo(100);
        limit.tryAcquire(group("198.51.100.1"), T0 + 3 * SECOND);
        assertThat(limit.size()).isEqualTo(1);
    }

    @Test
    void zeroMeansNoLimit() throws Exception {
        AddressRateLimit off = new AddressRateLimit(0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(off.tryAcquire(group("192.0.2.1"), T0)).isTrue();
        }
        assertThat(off.size()).isZero();
    }

    @Test
    void ipv6CountsBySlash64AndMappedIpv4AsIpv4() throws Exception {
        assertThat(group("2001:db8:1:2::1")).isEqualTo(group("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertThat(group("2001:db8:1:2::1")).isNotEqualTo(group("2001:db8:1:3::1"));
        assertThat(group("::ffff:192.0.2.1")).isEqualTo(group("192.0.2.1"));
        assertThat(group("192.0.2.1")).isNotEqualTo(group("192.0.2.2"));
    }
}
