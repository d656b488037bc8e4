package dev.anemone;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP response read off a raw socket, exactly to its end (by Content-Length or chunks), so
 * that the next response on a kept-alive connection can be read after it.
 *
 * @param head the status line and header fields, blank line included
 * @param body the body, chunks decoded
 */
record RawResponse(String head, byte[] body) {

    /** The status code. */
    int status() {
        return Integer.parseInt(head.substring(9, 12));
    }

    /** The first value of header {@code name}, or null. */
    String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** The body as UTF-8 text. */
    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Reads a response to a request with {@code method} (a HEAD answer has no body whatever its fields say). */
    static RawResponse read(DataInputStream in, String method) throws IOException {
        String head = RawClient.readHead(in);
        RawResponse bare = new RawResponse(head, new byte[0]);
        int status = bare.status();
        if (method.equals("HEAD") || status < 200 || status == 204 || status == 304) {
            return bare;
        }
        String length = bare.header("Content-Length");
        if (length != null) {
            byte[] body = new byte[Integer.parseInt(length)];
            in.readFully(body);
            return new RawResponse(head, body);
        }
        if ("chunked".equals(String.valueOf(bare.header("Transfer-Encoding")).toLowerCase(Locale.ROOT))) {
            return new RawResponse(head, readChunks(in));
        }
        return new RawResponse(head, in.readAllBytes());
    }

    private static byte[] readChunks(DataInputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(readLine(in).split(";")[0].strip(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // Trailer fields: none expected, skipped.
                }
                return body.toByteArray();
            }
            byte[] chunk = new byte[size];
            in.readFully(chunk);
            body.write(chunk);
            readLine(in);
        }
    }

    /** A line without its CRLF. */
    static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.readUnsignedByte(); b != '\n'; b = in.readUnsignedByte()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
