/**
 * The WebSocket protocol without I/O (RFC 6455, RFC 7692): the HTTP/1.1 upgrade codec, frames,
 * masking, UTF-8 validation, close codes, extension negotiation and permessage-deflate, and the
 * connection's state machine, {@link dev.anemone.protocol.WebSocketEngine}.
 *
 * <p>Its one package is public API on purpose, in two parts. The value types the WebSocket API of
 * {@code dev.anemone} speaks in ({@link dev.anemone.protocol.HttpHeaders},
 * {@link dev.anemone.protocol.ReadyState}, {@link dev.anemone.protocol.DeflateOptions},
 * {@link dev.anemone.protocol.HeadLimits}, {@link dev.anemone.protocol.HttpRequestHead},
 * {@link dev.anemone.protocol.HandshakeException}, {@link dev.anemone.protocol.CloseStatus}) are
 * read by every application, which gets this module through {@code dev.anemone}. The engine itself
 * is for those who bring their own I/O (a test harness, another transport, a protocol analyser);
 * applications of the server and client never need it.
 */
module dev.anemone.protocol {
    exports dev.anemone.protocol;
}
