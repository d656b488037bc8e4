package dev.anemone.bench.load;

/**
 * Where the load goes: a WebSocket endpoint on this machine, and the extension offer to make.
 *
 * @param extensions the {@code Sec-WebSocket-Extensions} offer, or null for none
 */
public record Target(String host, int port, String path, String extensions) {
}
