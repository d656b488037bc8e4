package dev.anemone.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** {@link ConnectionName}: one format for a connection in every log line. */
class ConnectionNameTest {

    @Test
    void anAddressIsHostAndPortWithoutTheSlashOfToString() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 52914);
        assertThat(v4.toString()).startsWith("/");
        assertThat(ConnectionName.address(v4)).isEqualTo("127.0.0.1:52914");
    }

    @Test
    void anIpv6AddressIsBracketed() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 8080);
        assertThat(ConnectionName.address(v6)).isEqualTo("[0:0:0:0:0:0:0:1]:8080");
    }

    @Test
    void anUnknownAddressIsSaidSo() {
        assertThat(ConnectionName.address(null)).isEqualTo("(unknown)");
    }
}
