package dev.anemone.stomp;

/**
 * A CONNECT frame's {@code login} and {@code passcode}; either may be null.
 *
 * @param login the login
 * @param passcode the passcode
 */
public record StompCredentials(String login, String passcode) {
}
