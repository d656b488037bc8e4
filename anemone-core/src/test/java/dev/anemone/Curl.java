package dev.anemone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code curl}, which must be installed: a test fails rather than skips without it. */
final class Curl {

    /** What curl printed, and how it ended. */
    record Result(int exitCode, String out, String err) {
    }

    private Curl() {
    }

    /** Runs {@code curl -sS} with {@code arguments}, for at most 20 seconds. */
    static Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "15"));
        command.addAll(List.of(arguments));
        Path errors = Files.createTempFile("curl", ".err");
        try {
            // The verbose trace goes to a file, so that neither pipe can fill up and stall curl.
            Process curl = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            curl.getOutputStream().close();
            byte[] out = curl.getInputStream().readAllBytes();
            assertThat(curl.waitFor(20, TimeUnit.SECONDS)).as("curl finished").isTrue();
            return new Result(curl.exitValue(), new String(out, StandardCharsets.UTF_8), new String(Files.readAllBytes(errors), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
