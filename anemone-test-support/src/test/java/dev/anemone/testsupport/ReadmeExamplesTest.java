package dev.anemone.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the README tests rely on: a clean source compiles, and anything less fails loudly. */
class ReadmeExamplesTest {

    @TempDir
    Path dir;

    private Path source(String name, String code) throws Exception {
        return Files.writeString(dir.resolve(name + ".java"), code);
    }

    @Test
    void aCleanSourceCompilesToAClassFile() throws Exception {
        ReadmeExamples.compile(List.of(source("Clean", "class Clean { static int one() { return 1; } }")), dir);
        assertThat(dir.resolve("Clean.class")).exists();
    }

    @Test
    void aWarningFailsAsAnErrorDoes() throws Exception {
        Path raw = source("Raw", "class Raw { java.util.List<String> list() { return new java.util.ArrayList(); } }");
        assertThatThrownBy(() -> ReadmeExamples.compile(List.of(raw), dir))
                .isInstanceOf(AssertionError.class).hasMessageContaining("compiled with warnings").hasMessageContaining("unchecked");
        Path broken = source("Broken", "class Broken { int x = \"text\"; }");
        assertThatThrownBy(() -> ReadmeExamples.compile(List.of(broken), dir))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not compile");
    }

    @Test
    void theProjectReadmeHasItsJavaBlocksAndNoneByAnUnknownFence() throws Exception {
        assertThat(ReadmeExamples.block("java stomp")).contains("class ");
        assertThatThrownBy(() -> ReadmeExamples.block("java nowhere")).isInstanceOf(AssertionError.class);
    }
}
