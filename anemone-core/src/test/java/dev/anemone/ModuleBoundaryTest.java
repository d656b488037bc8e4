package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anemone.protocol.ReadyState;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the library's modules let a user reach: {@code dev.anemone} and, transitively, the protocol's
 * value types; never the internals. Checked on the built descriptors, and by compiling a user's
 * module against them.
 */
class ModuleBoundaryTest {

    @TempDir
    Path work;

    @Test
    void theCoreExportsItsApiAloneAndBringsTheProtocolAlong() throws Exception {
        ModuleDescriptor core = descriptor(location(WebSocket.class), "dev.anemone");

        assertThat(exported(core)).containsExactly("dev.anemone");
        assertThat(core.packages()).contains("dev.anemone.internal");
        assertThat(core.requires()).anySatisfy(required -> {
            assertThat(required.name()).isEqualTo("dev.anemone.protocol");
            assertThat(required.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
        });
        assertThat(core.requires().stream().map(ModuleDescriptor.Requires::name))
                .as("the JDK alone").allMatch(name -> name.startsWith("java.") || name.equals("dev.anemone.protocol"));
    }

    @Test
    void theProtocolExportsItsOnePackage() throws Exception {
        ModuleDescriptor protocol = descriptor(location(ReadyState.class), "dev.anemone.protocol");

        assertThat(exported(protocol)).containsExactly("dev.anemone.protocol");
        assertThat(protocol.requires().stream().map(ModuleDescriptor.Requires::name)).containsOnly("java.base");
    }

    @Test
    void aUsersModuleCompilesAgainstTheApiRequiringOnlyTheCore() throws Exception {
        String errors = compileUserModule("""
                import dev.anemone.WebSocket;
                import dev.anemone.WebSocketServer;
                import dev.anemone.protocol.ReadyState;
                class App {
                    static boolean open(WebSocket socket) {
                        return socket.readyState() == ReadyState.OPEN;
                    }
                    static WebSocketServer.Builder builder() {
                        return WebSocketServer.builder();
                    }
                }
                """);

        assertThat(errors).isEmpty();
    }

    @Test
    void aUsersModuleCannotReachTheInternals() throws Exception {
        String errors = compileUserModule("""
                class App {
                    Object loop = dev.anemone.internal.EventLoop.class;
                }
                """);

        assertThat(errors).contains("dev.anemone.internal").contains("not visible");
    }

    private String compileUserModule(String appSource) throws IOException, URISyntaxException {
        Path sources = work.resolve("src");
        Files.createDirectories(sources);
        Files.writeString(sources.resolve("module-info.java"), "module user.app { requires dev.anemone; }");
        Path app = sources.resolve("App.java");
        Files.writeString(app, appSource);
        String modulePath = location(WebSocket.class) + java.io.File.pathSeparator + location(ReadyState.class);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        int status = javac.run(null, null, new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        errors.write(b);
                    }
                }, "--module-path", modulePath, "-d", work.resolve("out").toString(),
                sources.resolve("module-info.java").toString(), app.toString());
        assertThat(status == 0).as("compiled: " + errors).isEqualTo(errors.toString().isEmpty());
        return errors.toString();
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor(Path location, String name) {
        return ModuleFinder.of(location).find(name).orElseThrow().descriptor();
    }

    private static List<String> exported(ModuleDescriptor module) {
        Set<String> unqualified = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        return unqualified.stream().sorted().toList();
    }
}
