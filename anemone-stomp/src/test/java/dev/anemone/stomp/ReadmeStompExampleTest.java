package dev.anemone.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.WebSocketServer;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's STOMP example (the block fenced {@code java stomp}, which core's README test leaves
 * to this module) compiles as pasted without warnings, and its broker and client do a round trip.
 * The one change made to it is the port: 8080 becomes 0, a free one.
 */
class ReadmeStompExampleTest {

    private static final Pattern BLOCK = Pattern.compile("(?m)^```java stomp\\n(.*?)^```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theExampleCompilesAndItsClientTalksToItsBroker() throws Exception {
        Matcher block = BLOCK.matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(block.find()).as("a java stomp block in the README").isTrue();
        Path source = dir.resolve("Prices.java");
        Files.writeString(source, block.group(1).replace("8080", "0"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(null, files, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-Xlint:all"),
                    null, files.getJavaFileObjectsFromPaths(List.of(source))).call();
            assertThat(compiled).as("the example compiles: " + diagnostics.getDiagnostics()).isTrue();
            assertThat(diagnostics.getDiagnostics()).as("and without warnings").isEmpty();
        }
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
