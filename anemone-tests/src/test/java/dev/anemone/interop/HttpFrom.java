package dev.anemone.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain HTTP/1.1 request from a loopback address of the caller's choosing (all of 127/8 is
 * loopback), which the JDK's HttpClient cannot pick: how the nginx tests play clients at
 * 127.0.0.2, 127.0.5.2 and so on.
 */
final class HttpFrom {

    private HttpFrom() {
    }

    /** POSTs nothing to {@code path} on 127.0.0.1:{@code port} from {@code source}: "STATUS BODY" of the answer. */
    static String post(String source, int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout((int) EventLog.TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = "HTTP/1.1 ".length();
            return response.substring(status, status + 3) + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }
}
