package dev.anemone.stomp;

import dev.anemone.WebSocket;

/**
 * The broker's authentication and authorisation hook. {@link #authenticate} is asked once per
 * CONNECT; {@link #allows} before every SEND, SUBSCRIBE, and before each message of a transaction
 * is committed. A refusal becomes an ERROR frame naming what was refused, then a close. The
 * values passed are the client's header values as they came: compare them, never evaluate them.
 */
public interface StompGuard {

    /**
     * The user a CONNECT frame's {@code login} and {@code passcode} (either may be null) identify
     * on {@code socket}, or null to refuse the connection. By default everyone is let in, as
     * {@code login} or {@code "anonymous"}.
     */
    default String authenticate(String login, String passcode, WebSocket socket) {
        return login == null ? "anonymous" : login;
    }

    /** Whether {@code user} may perform {@code command} (SEND or SUBSCRIBE) on {@code destination}. By default, yes. */
    default boolean allows(String user, StompCommand command, String destination) {
        return true;
    }

    /** A guard that lets everyone in and allows everything. */
    static StompGuard allowAll() {
        return new StompGuard() {
        };
    }
}
