package dev.anemone.sockjs.internal;

/** How one HTTP transport wraps each frame in its response body. */
@FunctionalInterface
public interface Framing {

    /** What a frame becomes in the body. */
    String wrap(String frame);

    /** xhr and xhr_streaming: one frame a line. */
    Framing XHR = frame -> frame + "\n";

    /**
     * eventsource: one event a frame. The frame's JSON already escapes line breaks; '%' and what
     * could end the event are percent-escaped as sockjs does, and the client decodes them.
     */
    Framing EVENTSOURCE = frame -> "data: " + percentEscape(frame) + "\r\n\r\n";

    /** htmlfile: a script calling the iframe's {@code p} with the frame as a string. */
    Framing HTMLFILE = frame -> "<script>\np(" + Json.quote(frame) + ");\n</script>\r\n";

    /** jsonp: a call of the client's callback with the frame as a string. */
    static Framing jsonp(String callback) {
        return frame -> callback + "(" + Json.quote(frame) + ");\r\n";
    }

    private static String percentEscape(String frame) {
        if (frame.indexOf('%') < 0 && frame.indexOf('\r') < 0 && frame.indexOf('\n') < 0 && frame.indexOf('\0') < 0) {
            return frame;
        }
        StringBuilder out = new StringBuilder(frame.length() + 8);
        for (int i = 0; i < frame.length(); i++) {
            char c = frame.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '\r' -> out.append("%0D");
                case '\n' -> out.append("%0A");
                case '\0' -> out.append("%00");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
