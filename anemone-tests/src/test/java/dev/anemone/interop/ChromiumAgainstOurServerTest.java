package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.anemone.EchoListener;
import dev.anemone.Endpoint;
import dev.anemone.HttpResponse;
import dev.anemone.WebSocket;
import dev.anemone.WebSocketServer;
import dev.anemone.protocol.DeflateOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A real browser against our server: headless Chromium loads a page from the server and speaks
 * WebSocket to it on the same port, with the permessage-deflate it always offers. The page sends
 * a message, and reports back over the socket what the echo was and how the socket closed.
 */
class ChromiumAgainstOurServerTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** The page: connect, send, send back what came back, then close with 4000 and a reason. */
    private static final String PAGE = """
            <!DOCTYPE html><meta charset="utf-8"><title>echo</title>
            <script>
              const socket = new WebSocket('ws://' + location.host + '/echo', ['anemone.v1']);
              let echoed = null;
              socket.onopen = () => socket.send('héllo from the browser');
              socket.onmessage = (event) => {
                if (echoed === null) {
                  echoed = event.data;
                  socket.send('report: ' + echoed + ' | ' + socket.protocol + ' | ' + socket.extensions);
                  socket.close(4000, 'done');
                }
              };
            </script>
            """;

    /**
     * Chromium's profile. Not a JUnit {@code @TempDir}: Chromium's helper processes may still be
     * writing to it as the test ends, and a directory that cannot be deleted then would fail a test
     * that passed; it is removed as far as it can be once the process tree is gone.
     */
    private Path profile;

    @Test
    void chromiumEchoesThroughOurServerWithCompressionAndClosesCleanly() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Chromium is missing: run scripts/install-test-deps.sh (Debian package chromium)");
        }
        profile = Files.createTempDirectory("anemone-chromium-");
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        EchoListener recordingEcho = new EchoListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                seen.add(text);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                seen.add("closed " + code + " " + reason + " " + wasClean + " origin " + socket.handshakeHeaders().get("Origin"));
            }
        };
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/echo", Endpoint.of(new RecordThenEcho(recordingEcho)).keepingHandshakeHeaders())
                .http((request, exchange) -> exchange.respond(HttpResponse.html(200, PAGE)))
                .perMessageDeflate(DeflateOptions.defaults().withThreshold(0))
                .start()) {
            String origin = "http://127.0.0.1:" + server.port();
            Process browser = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, origin + "/"))
                    .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
            try {
                assertThat(seen.poll(60, TimeUnit.SECONDS)).isEqualTo("héllo from the browser");
                assertThat(seen.poll(30, TimeUnit.SECONDS))
                        .isEqualTo("report: héllo from the browser | anemone.v1 | permessage-deflate; server_no_context_takeover");
                assertThat(seen.poll(30, TimeUnit.SECONDS)).isEqualTo("closed 4000 done true origin " + origin);
            } finally {
                stopWithItsHelpers(browser);
            }
        }
    }

    /** Kills Chromium and every process it started, waits for them to go, then removes the profile. */
    private void stopWithItsHelpers(Process browser) throws Exception {
        List<ProcessHandle> tree = Stream.concat(browser.descendants(), Stream.of(browser.toHandle())).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : tree) {
            process.onExit().get(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> paths = Files.walk(profile)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Hands each text to the recorder as a String, and echoes it as the recorder's base class does. */
    private static final class RecordThenEcho extends EchoListener {
        private final EchoListener recorder;

        RecordThenEcho(EchoListener recorder) {
            this.recorder = recorder;
        }

        @Override
        public void onTextUtf8(WebSocket socket, java.nio.ByteBuffer utf8) {
            recorder.onText(socket, StandardCharsets.UTF_8.decode(utf8.duplicate()).toString());
            super.onTextUtf8(socket, utf8);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            recorder.onClose(socket, code, reason, wasClean);
        }
    }
}
