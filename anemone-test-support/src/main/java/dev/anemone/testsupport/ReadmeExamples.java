package dev.anemone.testsupport;

import java.io.IOException;
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

/**
 * The project README's Java examples, for the tests that prove they work as a user pastes them:
 * a block found by its fence, and sources compiled against the test's own class path with every
 * lint warning on, as a user's build would see them.
 */
public final class ReadmeExamples {

    private ReadmeExamples() {
    }

    /**
     * The project's README. Tests run in their module's folder, and the README is one level up.
     *
     * @throws AssertionError when there is none
     */
    public static Path readme() {
        Path readme = Path.of("..", "README.md");
        if (!Files.isRegularFile(readme)) {
            throw new AssertionError("no README at " + readme.toAbsolutePath());
        }
        return readme;
    }

    /**
     * The code of the first README block fenced with {@code info} at the start of a line
     * ({@code java stomp} for <code>```java stomp</code>).
     *
     * @throws AssertionError when the README has no such block
     */
    public static String block(String info) throws IOException {
        Pattern fenced = Pattern.compile("(?m)^```" + Pattern.quote(info) + "\\n(.*?)^```", Pattern.DOTALL);
        Matcher block = fenced.matcher(Files.readString(readme()));
        if (!block.find()) {
            throw new AssertionError("no block fenced ```" + info + " in " + readme());
        }
        return block.group(1);
    }

    /**
     * Compiles {@code sources} against this JVM's class path into {@code classes}, with
     * {@code -Xlint:all}.
     *
     * @throws AssertionError naming the compiler's messages when they do not compile, or compile
     *     with a warning
     */
    public static void compile(List<Path> sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(null, files, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-Xlint:all"),
                    null, files.getJavaFileObjectsFromPaths(sources)).call();
            if (!compiled || !diagnostics.getDiagnostics().isEmpty()) {
                throw new AssertionError((compiled ? "compiled with warnings: " : "does not compile: ")
                        + diagnostics.getDiagnostics());
            }
        }
    }
}
