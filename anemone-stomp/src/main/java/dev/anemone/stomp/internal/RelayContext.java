package dev.anemone.stomp.internal;

import dev.anemone.stomp.StompRelayOptions;

/** What every relayed session shares. */
record RelayContext(StompRelayOptions options) {
}
