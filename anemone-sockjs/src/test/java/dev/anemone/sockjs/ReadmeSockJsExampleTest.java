package dev.anemone.sockjs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.EchoListener;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
import dev.anemone.testsupport.ReadmeExamples;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's SockJS example (the block fenced {@code java sockjs}, which core's README test
 * leaves to this module) compiles as pasted, and the server it starts answers SockJS clients. The
 * one change made to it is the port: 8080 becomes 0, a free one.
 */
class ReadmeSockJsExampleTest {

    @TempDir
    Path dir;

    @Test
    void theExampleCompilesAndServesSockJs() throws Exception {
        Path source = dir.resolve("Fallbacks.java");
        Files.writeString(source, ReadmeExamples.block("java sockjs").replace("8080", "0"));
        ReadmeExamples.compile(List.of(source), dir);
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            java.lang.reflect.Method start = loader.loadClass("Fallbacks").getDeclaredMethod("start", WebSocketListener.class);
            start.setAccessible(true); // the example's class and method are package-private, as pasted
            Object started = start.invoke(null, new EchoListener());
            try (WebSocketServer server = (WebSocketServer) started) {
                String session = "http://127.0.0.1:" + server.port() + "/sockjs" + Http.newSession();
                assertThat(Http.post(session + "/xhr", "").body()).isEqualTo("o\n");
                assertThat(Http.post(session + "/xhr_send", "[\"pasted\"]").statusCode()).isEqualTo(204);
                assertThat(Http.post(session + "/xhr", "").body()).isEqualTo("a[\"pasted\"]\n");
            }
        }
    }
}
