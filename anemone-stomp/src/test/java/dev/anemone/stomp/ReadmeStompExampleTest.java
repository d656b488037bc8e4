package dev.anemone.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocketServer;
import dev.anemone.testsupport.ReadmeExamples;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's STOMP example (the block fenced {@code java stomp}, which core's README test leaves
 * to this module) compiles as pasted without warnings, and its broker and client do a round trip.
 * The one change made to it is the port: 8080 becomes 0, a free one.
 */
class ReadmeStompExampleTest {

    @TempDir
    Path dir;

    @Test
    void theExampleCompilesAndItsClientTalksToItsBroker() throws Exception {
        Path source = dir.resolve("Prices.java");
        Files.writeString(source, ReadmeExamples.block("java stomp").replace("8080", "0"));
        ReadmeExamples.compile(List.of(source), dir);
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> prices = loader.loadClass("Prices");
            Method start = prices.getDeclaredMethod("start");
            Method roundTrip = prices.getDeclaredMethod("roundTrip", int.class);
            start.setAccessible(true);   // package-private, as pasted
            roundTrip.setAccessible(true);
            try (WebSocketServer server = (WebSocketServer) start.invoke(null)) {
                assertThat(roundTrip.invoke(null, server.port())).isEqualTo("{\"IBM\": 123.45}");
            }
        }
    }
}
