package dev.anemone.internal;

import dev.anemone.protocol.HttpDate;
import dev.anemone.protocol.HttpHeadWriter;
import dev.anemone.protocol.HttpHeaders;
import dev.anemone.protocol.HttpStatus;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Writes the head of an answer to a plain HTTP request: the status line with its reason phrase,
 * {@code Date}, the application's fields, and the framing, which is the server's alone.
 */
final class ResponseHead {

    /** The body goes in chunks. */
    static final long CHUNKED = -1;
    /** The body ends when the connection closes (to an HTTP/1.0 client, whose length is not known). */
    static final long UNTIL_CLOSE = -2;

    /** The last {@code Date} written, reused within its second. */
    private static volatile DateField lastDate = new DateField(0, "");

    private record DateField(long second, String text) {
    }

    private ResponseHead() {
    }

    /**
     * The head of a response.
     *
     * @param bodyLength the body's length, {@link #CHUNKED} or {@link #UNTIL_CLOSE}; for a status
     *     that has no body (1xx, 204, 304) no framing field is written
     * @param connection {@code close}, {@code keep-alive} or null, joined to the other options of
     *     the application's {@code Connection} field
     */
    static ByteBuffer encode(int status, HttpHeaders headers, long bodyLength, String connection) {
        HttpHeadWriter head = new HttpHeadWriter(HttpStatus.statusLine(status)).field("Date", date());
        for (int i = 0; i < headers.size(); i++) {
            if (!isFraming(headers.name(i))) {
                head.field(headers.name(i), headers.value(i));
            }
        }
        if (!HttpStatus.forbidsBody(status)) {
            if (bodyLength >= 0) {
                head.field("Content-Length", Long.toString(bodyLength));
            } else if (bodyLength == CHUNKED) {
                head.field("Transfer-Encoding", "chunked");
            }
        }
        StringBuilder options = new StringBuilder();
        for (String option : headers.elements("Connection")) {
            // Other connection options (Upgrade, with a 426) pass; whether it stays open is the server's.
            if (!option.equalsIgnoreCase("close") && !option.equalsIgnoreCase("keep-alive")) {
                options.append(options.length() == 0 ? "" : ", ").append(option);
            }
        }
        if (connection != null) {
            options.append(options.length() == 0 ? "" : ", ").append(connection);
        }
        if (options.length() > 0) {
            head.field("Connection", options.toString());
        }
        return ByteBuffer.wrap(head.toBytes());
    }

    private static boolean isFraming(String name) {
        return name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Date");
    }

    private static String date() {
        long second = System.currentTimeMillis() / 1000;
        DateField field = lastDate;
        if (field.second() != second) {
            field = new DateField(second, HttpDate.format(Instant.ofEpochSecond(second)));
            lastDate = field;
        }
        return field.text();
    }
}
