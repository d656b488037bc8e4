package dev.anemone.protocol;

import java.util.zip.Deflater;

/**
 * Settings for permessage-deflate (RFC 7692), for either role.
 *
 * <p>On a server the parameters say what it asks of clients and allows itself; on a client, what
 * it offers. Context takeover is what costs memory: a connection that keeps its compression
 * context holds a live inflater (about 40 KiB outside the heap) and, when it keeps its own
 * sending context too, a live deflater (about 256 KiB). Without context takeover nothing is held
 * between messages: inflaters and deflaters are borrowed per message from a small shared pool.
 *
 * @param threshold messages smaller than this many bytes go out uncompressed (default 256)
 * @param level the compression level, 1 (fastest) to 9 (smallest), or -1 for zlib's default (6)
 * @param serverNoContextTakeover the server compresses every message on its own (default true,
 *     so a server holds no deflater between messages)
 * @param clientNoContextTakeover the client compresses every message on its own (default false)
 * @param serverMaxWindowBits the server's LZ77 window, 8 to 15 (default 15, no limit asked)
 * @param clientMaxWindowBits the client's LZ77 window, 8 to 15 (default 15, no limit asked)
 * @param maxContexts a server's bound on connections that keep a compression context at once;
 *     past it, new connections are told to use none (default 1024)
 */
public record DeflateOptions(int threshold, int level, boolean serverNoContextTakeover,
                             boolean clientNoContextTakeover, int serverMaxWindowBits, int clientMaxWindowBits,
                             int maxContexts) {

    /** Checks the values. */
    public DeflateOptions {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must not be negative: " + threshold);
        }
        if (level != Deflater.DEFAULT_COMPRESSION && (level < 1 || level > 9)) {
            throw new IllegalArgumentException("level must be 1 to 9, or -1: " + level);
        }
        checkWindowBits(serverMaxWindowBits);
        checkWindowBits(clientMaxWindowBits);
        if (maxContexts < 0) {
            throw new IllegalArgumentException("maxContexts must not be negative: " + maxContexts);
        }
    }

    private static void checkWindowBits(int bits) {
        if (bits < 8 || bits > 15) {
            throw new IllegalArgumentException("window bits must be 8 to 15: " + bits);
        }
    }

    /** The defaults: see the parameters. */
    public static DeflateOptions defaults() {
        return new DeflateOptions(256, Deflater.DEFAULT_COMPRESSION, true, false, 15, 15, 1024);
    }

    /** The same options with another threshold. */
    public DeflateOptions withThreshold(int bytes) {
        return new DeflateOptions(bytes, level, serverNoContextTakeover, clientNoContextTakeover,
                serverMaxWindowBits, clientMaxWindowBits, maxContexts);
    }

    /** The same options with another compression level. */
    public DeflateOptions withLevel(int compressionLevel) {
        return new DeflateOptions(threshold, compressionLevel, serverNoContextTakeover, clientNoContextTakeover,
                serverMaxWindowBits, clientMaxWindowBits, maxContexts);
    }

    /** The same options with other context takeover choices. */
    public DeflateOptions withNoContextTakeover(boolean server, boolean client) {
        return new DeflateOptions(threshold, level, server, client, serverMaxWindowBits, clientMaxWindowBits, maxContexts);
    }

    /** The same options with other window sizes. */
    public DeflateOptions withMaxWindowBits(int server, int client) {
        return new DeflateOptions(threshold, level, serverNoContextTakeover, clientNoContextTakeover, server, client,
                maxContexts);
    }

    /** The same options with another bound on connections holding a context. */
    public DeflateOptions withMaxContexts(int connections) {
        return new DeflateOptions(threshold, level, serverNoContextTakeover, clientNoContextTakeover,
                serverMaxWindowBits, clientMaxWindowBits, connections);
    }
}
