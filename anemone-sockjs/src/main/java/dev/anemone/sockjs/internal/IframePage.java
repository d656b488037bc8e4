package dev.anemone.sockjs.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The page the client loads in a hidden iframe for the iframe-based transports: it loads the
 * SockJS client from the configured URL and bootstraps it. Its ETag is the MD5 of its body, as
 * sockjs makes it, so a browser revalidates it with If-None-Match.
 */
final class IframePage {

    private static final String TEMPLATE = """
            <!DOCTYPE html>
            <html>
            <head>
              <meta http-equiv="X-UA-Compatible" content="IE=edge" />
              <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
              <script src="{{ sockjs_url }}"></script>
              <script>
                document.domain = document.domain;
                SockJS.bootstrap_iframe();
              </script>
            </head>
            <body>
              <h2>Don't panic!</h2>
              <p>This is a SockJS hidden iframe. It's used for cross domain magic.</p>
            </body>
            </html>""";

    final byte[] body;
    final String etag;

    IframePage(String sockjsUrl) {
        this.body = TEMPLATE.replace("{{ sockjs_url }}", sockjsUrl).getBytes(StandardCharsets.UTF_8);
        try {
            this.etag = '"' + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + '"';
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("Every JDK has MD5", missing);
        }
    }

    /**
     * The htmlfile transport's first chunk: a page whose script calls {@code parent[callback]}
     * with each frame, padded past 1024 bytes because some browsers render nothing before that.
     */
    static String htmlfilePrelude(String callback) {
        String head = """
                <!doctype html>
                <html><head>
                  <meta http-equiv="X-UA-Compatible" content="IE=edge" />
                  <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
                </head><body><h2>Don't panic!</h2>
                  <script>
                    document.domain = document.domain;
                    var c = parent.%s;
                    c.start();
                    function p(d) {c.message(d);};
                    window.onload = function() {c.stop();};
                  </script>
                """.formatted(callback);
        return head + " ".repeat(Math.max(0, 1024 - head.length() + 13)) + "\r\n\r\n";
    }
}
