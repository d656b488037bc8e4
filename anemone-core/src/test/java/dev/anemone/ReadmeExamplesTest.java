package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.testsupport.ReadmeExamples;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java examples, as a new user pastes them: every {@code java} block compiles as a
 * file of its own against the library, the server program keeps running and answers (a page and
 * its echo), the client program prints the echo it gets from it, and Ctrl-C (SIGTERM) closes the
 * server's connections with 1001. The one change made to them is the port: 8080 becomes a free
 * one, so that the test never meets another server on the machine.
 */
@Timeout(120)
class ReadmeExamplesTest {

    private static final Pattern BLOCK = Pattern.compile("(?m)^( *)```java\\n(.*?)^\\1```", Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)");

    @TempDir
    Path dir;

    @Test
    void theExamplesCompileAndTheServerAndClientWorkTogether() throws Exception {
        int port = freePort();
        List<String> programs = compileReadmeBlocks(Files.readString(ReadmeExamples.readme()).replace("8080", Integer.toString(port)));
        assertThat(programs).contains("EchoServer", "EchoClient");

        Path site = Files.createDirectories(dir.resolve("run").resolve("www"));
        Files.writeString(site.resolve("index.html"), "<h1>echo</h1>");
        String classes = dir.resolve("classes").toString();
        try (ChildJvm server = ChildJvm.start(site.getParent(), classes, "EchoServer")) {
            assertThat(server.awaitLine("Serving ")).isEqualTo("Serving http://localhost:" + port + "/");

            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isEqualTo("<h1>echo</h1>");

            Events events = new Events();
            WebSocket socket = WebSocketClient.shared().connect(URI.create("ws://127.0.0.1:" + port + "/echo"),
                    ClientOptions.builder().header("Origin", "http://localhost:" + port).build(), events)
                    .get(10, TimeUnit.SECONDS);
            socket.send("pasted");
            assertThat(events.nextStartingWith("text")).isEqualTo("text pasted");

            try (ChildJvm client = ChildJvm.start(dir, classes, "EchoClient")) {
                assertThat(client.awaitLine("hello")).isEqualTo("hello");
                assertThat(client.awaitExit()).as(client.output()).isZero();
            }

            assertThat(server.process().isAlive()).as("the server's main is still waiting").isTrue();
            server.process().destroy();
            assertThat(events.nextStartingWith("close")).isEqualTo("close 1001 server shutting down true");
            assertThat(server.awaitExit()).isEqualTo(143);
        }
    }

    /** Compiles each java block of {@code markdown} into {@code dir/classes}; returns the names of those with a main method. */
    private List<String> compileReadmeBlocks(String markdown) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("sources"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<Path> files = new ArrayList<>();
        List<String> programs = new ArrayList<>();
        Matcher block = BLOCK.matcher(markdown);
        while (block.find()) {
            String code = dedent(block.group(2), block.group(1).length());
            Matcher name = CLASS.matcher(code);
            assertThat(name.find()).as("a README block is a whole file with a class:\n" + code).isTrue();
            Path file = sources.resolve(name.group(1) + ".java");
            assertThat(file).as("two README blocks declare " + name.group(1)).doesNotExist();
            Files.writeString(file, code);
            files.add(file);
            if (code.contains("public static void main(")) {
                programs.add(name.group(1));
            }
        }
        assertThat(files).as("java blocks in the README").isNotEmpty();

        ReadmeExamples.compile(files, classes);
        return programs;
    }

    private static String dedent(String code, int indent) {
        StringBuilder out = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            out.append(line, Math.min(indent, line.length() - line.stripLeading().length()), line.length()).append('\n');
        }
        return out.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
