/**
 * The {@code anemone} command line: {@code serve} (an echo server and its page), {@code connect}
 * (a terminal client), {@code accept-key} and {@code decode} (the handshake's and the framing's
 * arithmetic, done for you). Built on the public API of {@code dev.anemone} and
 * {@code dev.anemone.protocol} only.
 */
package dev.anemone.cli;
