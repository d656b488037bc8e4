package dev.anemone.stomp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One STOMP frame: a command, its headers, and a body of bytes (empty for most commands).
 *
 * @param command the command
 * @param headers the headers, in order
 * @param body the body; not copied, so do not change it after building the frame
 */
public record StompFrame(StompCommand command, StompHeaders headers, byte[] body) {

    private static final byte[] NO_BODY = new byte[0];

    /** Checks the parts. */
    public StompFrame {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(headers, "headers");
        body = body == null ? NO_BODY : body;
    }

    /** A frame with no body. */
    public static StompFrame of(StompCommand command, String... namesAndValues) {
        return new StompFrame(command, StompHeaders.of(namesAndValues), NO_BODY);
    }

    /** A frame whose body is {@code text} in UTF-8. */
    public static StompFrame text(StompCommand command, String text, String... namesAndValues) {
        return new StompFrame(command, StompHeaders.of(namesAndValues), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The first header named {@code name}, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** This frame with header {@code name} set to {@code value} (first, replacing others of that name). */
    public StompFrame withHeader(String name, String value) {
        return new StompFrame(command, headers.with(name, value), body);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StompFrame frame && frame.command == command && frame.headers.equals(headers)
                && Arrays.equals(frame.body, body);
    }

    @Override
    public int hashCode() {
        return (command.hashCode() * 31 + headers.hashCode()) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return command + " " + headers + " (" + body.length + " bytes)";
    }
}
