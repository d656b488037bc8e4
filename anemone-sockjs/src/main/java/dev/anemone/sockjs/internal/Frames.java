package dev.anemone.sockjs.internal;

import java.util.List;

/** The frames of the SockJS protocol, server to client. */
public final class Frames {

    /** The session is open. */
    public static final String OPEN = "o";
    /** Nothing to say; keeps proxies from closing an idle response. */
    public static final String HEARTBEAT = "h";
    /** Sent to a second receiver while one is attached. */
    public static final String ANOTHER_CONNECTION = close(2010, "Another connection still open");

    private Frames() {
    }

    /** An array frame carrying {@code messages}. */
    public static String messages(List<String> messages) {
        StringBuilder frame = new StringBuilder(16 * messages.size() + 3).append("a[");
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                frame.append(',');
            }
            Json.quote(messages.get(i), frame);
        }
        return frame.append(']').toString();
    }

    /** A close frame. */
    public static String close(int code, String reason) {
        StringBuilder frame = new StringBuilder("c[").append(code).append(',');
        Json.quote(reason, frame);
        return frame.append(']').toString();
    }
}
