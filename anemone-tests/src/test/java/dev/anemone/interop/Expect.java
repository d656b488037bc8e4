package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;

/** The assertions every pairing makes about the events of both sides. */
final class Expect {

    private Expect() {
    }

    /** The event reports exactly the generated {@link Payloads} message of {@code type} and {@code size}. */
    static void message(Event event, String type, int size) {
        assertThat(event.text("type")).as("message type in %s", event).isEqualTo(type);
        assertThat(event.number("length")).as("message length in %s", event).isEqualTo(size);
        assertThat(event.text("sha256")).as("message digest in %s", event)
                .isEqualTo(Payloads.sha256(Payloads.of(type, size)));
    }

    /** A clean close with this code and reason. */
    static void cleanClose(Event event, int code, String reason) {
        assertThat(event.number("code")).as("close code in %s", event).isEqualTo(code);
        assertThat(event.text("reason")).as("close reason in %s", event).isEqualTo(reason);
        assertThat(event.flag("wasClean")).as("wasClean in %s", event).isTrue();
    }

    /** A ping or pong carrying {@code payload}. */
    static void payload(Event event, byte[] payload) {
        assertThat(event.text("payload")).as("payload of %s", event).isEqualTo(Payloads.hex(payload));
    }
}
