package dev.anemone.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A peer program (Node, Python) running in its own process. Its stdout lines that are JSON
 * objects become {@link #events()}; other lines (a server's port) are read with
 * {@link #awaitLine()}. Its stdin takes commands. {@link #close()} always ends it, and a
 * shutdown hook ends whatever a crashed test left behind.
 */
final class ExternalPeer implements Peer {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final String END_OF_OUTPUT = "\u0000end of output";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "interop-peer-reaper"));
    }

    private final String name;
    private final Process process;
    private final EventLog events;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Writer stdin;

    private ExternalPeer(String name, Process process) {
        this.name = name;
        this.process = process;
        this.events = new EventLog(name);
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread errors = daemon("stderr", () -> readStderr(process.getErrorStream()));
        daemon("stdout", () -> readStdout(errors));
    }

    /** Starts {@code command} in {@code directory}, with {@code environment} added to ours. */
    static ExternalPeer start(String name, Path directory, List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            LIVE.add(process);
            return new ExternalPeer(name, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    @Override
    public EventLog events() {
        return events;
    }

    /** The next stdout line that is not an event, such as a server's port. */
    String awaitLine() {
        try {
            String line = lines.poll(EventLog.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.equals(END_OF_OUTPUT)) {
                fail(name + " printed no line within " + EventLog.TIMEOUT + "; stderr:\n" + stderr);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name, e);
        }
    }

    /** Writes one command line to the peer's stdin. */
    @Override
    public void command(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot send '" + line + "' to " + name + " (it has ended?): " + events
                    + "\nstderr:\n" + stderr, e);
        }
    }

    /** Ends the process: politely (stdin closed, SIGTERM), then forcibly. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // it has gone already
        }
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private void readStdout(Thread errors) {
        try (BufferedReader out = reader(process.getInputStream())) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("{")) {
                    events.add(parse(line));
                } else {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            stderr.append("\n[reading stdout failed: ").append(e).append(']');
        }
        lines.add(END_OF_OUTPUT);
        try {
            errors.join(Duration.ofSeconds(2).toMillis());
            boolean ended = process.waitFor(2, TimeUnit.SECONDS);
            events.add(Event.of("exit", "code", ended ? process.exitValue() : "still running",
                    "stderr", stderr.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The event on {@code line}, or an error event saying the peer printed something else. */
    private static Event parse(String line) {
        try {
            return Event.parse(line);
        } catch (RuntimeException e) {
            return Event.of("error", "message", "unreadable report (" + e + "): " + line);
        }
    }

    private void readStderr(InputStream in) {
        try (BufferedReader err = reader(in)) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                if (stderr.length() < 64 * 1024) {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private Thread daemon(String stream, Runnable body) {
        Thread thread = new Thread(body, name + "-" + stream);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
