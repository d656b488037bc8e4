package dev.anemone.stomp;

/**
 * A STOMP rule was broken or a limit passed. The message names the problem in words fit for an
 * ERROR frame's {@code message} header; nothing of the server's internals is in it.
 */
public class StompException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public StompException(String message) {
        super(message);
    }
}
