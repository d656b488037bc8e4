package dev.anemone.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reverse proxies whose word on the client's address is taken: for a connection from one of
 * them, the client is the rightmost address of {@code Forwarded} ({@code for=}, RFC 7239), or
 * failing that of {@code X-Forwarded-For}, that is not itself a trusted proxy. Entries are
 * addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}). Nothing here resolves a name:
 * a value that is not an address literal is not an address.
 */
public final class TrustedProxies {

    /** Trusts no proxy: every client is the peer of its TCP connection. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            return rest == 0 || ((address[whole] ^ prefix[whole]) & 0xFF & (0xFF << (8 - rest))) == 0;
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * The proxies of {@code entries}.
     *
     * @throws IllegalArgumentException for an entry that is not an address or a CIDR block
     */
    public static TrustedProxies of(String... entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            int slash = entry.indexOf('/');
            InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("not an address or CIDR block: " + entry);
            }
            byte[] raw = address.getAddress();
            int bits;
            try {
                bits = slash < 0 ? raw.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an address or CIDR block: " + entry, e);
            }
            if (bits < 0 || bits > raw.length * 8) {
                throw new IllegalArgumentException("not an address or CIDR block: " + entry);
            }
            blocks.add(new Block(raw, bits));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    /** Whether no proxy is trusted. */
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} is a trusted proxy. */
    public boolean trusts(InetAddress address) {
        byte[] raw = address.getAddress();
        for (Block block : blocks) {
            if (block.contains(raw)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client behind {@code peer}: {@code peer} itself unless it is trusted; otherwise the
     * rightmost untrusted address that {@code forwarded} ({@code Forwarded} values) or, when that
     * names none, {@code forwardedFor} ({@code X-Forwarded-For} values) gives; {@code peer} when
     * neither says, or the address they give is not an address.
     */
    public InetAddress client(InetAddress peer, List<String> forwarded, List<String> forwardedFor) {
        if (!trusts(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwarded) {
            for (String element : value.split(",")) {
                for (String pair : element.split(";")) {
                    int equals = pair.indexOf('=');
                    if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
                        hops.add(node(pair.substring(equals + 1).trim()));
                    }
                }
            }
        }
        if (hops.isEmpty()) {
            for (String value : forwardedFor) {
                for (String hop : value.split(",")) {
                    hops.add(hop.trim());
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return peer;
            }
            if (!trusts(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /** The address of a {@code Forwarded} node: unquoted, without brackets or port. */
    private static String node(String value) {
        String node = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close < 0 ? node : node.substring(1, close);
        }
        int colon = node.indexOf(':');
        return colon >= 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
    }

    /** The address an IPv4 or IPv6 literal names, or null; never a name lookup. */
    static InetAddress literal(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        boolean ipv6 = text.indexOf(':') >= 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c >= '0' && c <= '9' || c == '.' || ipv6 && (c == ':' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
            if (!allowed) {
                return null;
            }
        }
        if (!ipv6 && text.chars().filter(c -> c == '.').count() != 3) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }
}
