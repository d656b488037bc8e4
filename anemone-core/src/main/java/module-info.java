/**
 * Anemone's WebSocket server and client over {@code java.nio}: the package {@code dev.anemone} is
 * the whole API. The event loops, transports and sessions in {@code dev.anemone.internal} are not
 * exported; nothing outside this module can reach them.
 *
 * <p>The protocol module comes along transitively, since the API speaks in some of its value types
 * ({@code HttpHeaders}, {@code ReadyState}, {@code DeflateOptions}, …).
 */
module dev.anemone {
    requires transitive dev.anemone.protocol;

    exports dev.anemone;
}
