package dev.anemone.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.anemone.WebSocketServer;
import dev.anemone.stomp.HeartBeat;
import dev.anemone.stomp.StompBroker;
import dev.anemone.stomp.StompBrokerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * STOMP clients nobody here wrote, in Node: {@code @stomp/stompjs} 7 (STOMP 1.2) and the book's
 * {@code stompjs} 2.3.3 (STOMP 1.1), each through node/stomp-scenario.js against our broker and
 * against RabbitMQ's Web-STOMP: connect, a topic with escaped headers, receipts, NACK and
 * redelivery, a transaction, a binary body (ours), heart-beats every 200 ms both ways, DISCONNECT.
 */
class StompNodeClientsTest {

    private static final Path NODE = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("node");
    private static WebSocketServer server;

    @BeforeAll
    static void start() {
        for (String module : List.of("@stomp/stompjs", "stompjs", "ws")) {
            if (!Files.isDirectory(NODE.resolve("node_modules").resolve(module))) {
                fail(module + " is missing from anemone-tests/node: run scripts/install-test-deps.sh (npm ci)");
            }
        }
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0);
        StompBroker.create(StompBrokerOptions.builder().heartBeat(new HeartBeat(200, 200)).build()).mount(builder, "/stomp");
        server = builder.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} against {1}")
    @CsvSource({
        "stompjs7, ours,     1.2, ok binary body",
        "stompjs7, RabbitMQ, 1.2, ",
        "stompjs2, ours,     1.1, ",
        "stompjs2, RabbitMQ, 1.1, ",
    })
    void theScenarioPasses(String library, String broker, String version, String extra) throws Exception {
        String url = broker.equals("ours") ? "ws://127.0.0.1:" + server.port() + "/stomp" : "ws://127.0.0.1:15674/ws";
        List<String> lines = run(library, url, broker.equals("ours") ? "binary" : "nobinary");
        assertThat(lines).contains("ok connect " + version, "ok topic escaped headers", "ok receipts", "ok nack redelivered",
                "ok transaction", "ok heart-beats", "ok disconnect", "done");
        if (extra != null) {
            assertThat(lines).contains(extra);
        }
    }

    private static List<String> run(String library, String url, String binary) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("node", "stomp-scenario.js", library, url, "guest", "guest",
                "node-" + UUID.randomUUID().toString().substring(0, 8), binary)
                .directory(NODE.toFile()).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                fail(library + " did not finish within 90 s");
            }
            return List.of(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        } finally {
            process.destroyForcibly();
        }
    }
}
