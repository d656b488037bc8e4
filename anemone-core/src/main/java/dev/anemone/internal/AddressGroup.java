package dev.anemone.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The unit a per-address limit counts by: an IPv4 address, or the /64 prefix of an IPv6 address,
 * since one subscriber usually gets a whole /64 and could otherwise step around a limit by
 * changing the low bits. An IPv4-mapped IPv6 address counts as its IPv4 address.
 *
 * @param bits the IPv4 address, or the IPv6 prefix's 64 bits
 * @param ipv6 whether {@code bits} is an IPv6 prefix
 */
record AddressGroup(long bits, boolean ipv6) {

    /** The group {@code address} belongs to. */
    static AddressGroup of(InetAddress address) {
        byte[] raw = address.getAddress();
        if (address instanceof Inet4Address) {
            return new AddressGroup(readInt(raw, 0), false);
        }
        if (address instanceof Inet6Address && isMappedIpv4(raw)) {
            return new AddressGroup(readInt(raw, 12), false);
        }
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = prefix << 8 | raw[i] & 0xFF;
        }
        return new AddressGroup(prefix, true);
    }

    private static boolean isMappedIpv4(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xFF && raw[11] == (byte) 0xFF;
    }

    private static long readInt(byte[] raw, int at) {
        return (raw[at] & 0xFFL) << 24 | (raw[at + 1] & 0xFF) << 16 | (raw[at + 2] & 0xFF) << 8 | raw[at + 3] & 0xFF;
    }
}
