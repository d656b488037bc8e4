package dev.anemone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A program run in a JVM of its own, for what one JVM cannot test on itself: that it keeps
 * running, how it ends on a signal. Its output (stdout and stderr) is read line by line as it
 * comes; closing stops the process if it still runs.
 */
final class ChildJvm implements AutoCloseable {

    private static final long WAIT_SECONDS = 20;

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "child-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code mainClass} with {@code args} in {@code workDir}, on this JVM's class path plus {@code extraClassPath}. */
    static ChildJvm start(Path workDir, String extraClassPath, String mainClass, String... args) throws IOException {
        String classPath = System.getProperty("java.class.path");
        if (extraClassPath != null) {
            classPath = extraClassPath + java.io.File.pathSeparator + classPath;
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classPath, mainClass));
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start());
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException ended) {
            // The process is gone; what it printed is in the queue.
        }
    }

    /** The next line of output that starts with {@code prefix}, waiting up to 20 s; fails with the output so far if none comes. */
    String awaitLine(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' from the child JVM; it printed: " + output());
    }

    /** Waits up to 20 s for the process to end; its exit status, or -1 if it still runs. */
    int awaitExit() throws InterruptedException {
        return process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** Everything printed so far. */
    String output() {
        lines.drainTo(seen);
        return String.join("\n", seen);
    }

    Process process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
