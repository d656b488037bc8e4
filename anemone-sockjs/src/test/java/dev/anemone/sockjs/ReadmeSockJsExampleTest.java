package dev.anemone.sockjs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.EchoListener;
import dev.anemone.WebSocketListener;
import dev.anemone.WebSocketServer;
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
 * The README's SockJS example (the block fenced {@code java sockjs}, which core's README test
 * leaves to this module) compiles as pasted, and the server it starts answers SockJS clients. The
 * one change made to it is the port: 8080 becomes 0, a free one.
 */
class ReadmeSockJsExampleTest {

    private static final Pattern BLOCK = Pattern.compile("(?m)^```java sockjs\\n(.*?)^```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theExampleCompilesAndServesSockJs() throws Exception {
        Matcher block = BLOCK.matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(block.find()).as("a java sockjs block in the README").isTrue();
        Path source = dir.resolve("Fallbacks.java");
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
