package dev.anemone.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The C echo load generator ({@code anemone-bench/src/main/c}, built to
 * {@code target/anemone-load}) as a child process: one thread on epoll, so that at one message in
 * flight per connection it costs the generator's core far less than the server costs its own,
 * where the Java generator saturates its core. The caller keeps the timing, over the child's
 * stdin and stdout:
 *
 * <pre>{@code
 * try (NativeEchoGenerator generator = NativeEchoGenerator.start(binary, "1", port, "/echo", false,
 *         100, Message.text(16), 1, log)) {
 *     generator.awaitOpened(Duration.ofSeconds(90));
 *     generator.go();
 *     Thread.sleep(warmup);
 *     Snap start = generator.snapshot();
 *     Thread.sleep(duration);
 *     Snap end = generator.snapshot();   // end's latencies cover the window only
 * }
 * }</pre>
 *
 * Its CPU time is the child's own: {@link #pid()}.
 */
public final class NativeEchoGenerator implements AutoCloseable {

    private static final String END_OF_OUTPUT = "\0eof";
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One {@code SNAP} line.
     *
     * @param nanoTime the generator's CLOCK_MONOTONIC when it answered
     * @param messages echoes received since it started
     * @param errors wrong echoes and connections lost since it started
     * @param p50Micros the median send → echo time since the previous snapshot (or GO); NaN
     *                  when no echo came back meanwhile, as for the other percentiles
     */
    public record Snap(long nanoTime, long messages, long errors, double p50Micros, double p99Micros,
                       double p999Micros) {

        /** Parses {@code SNAP <ns> <messages> <errors> <p50> <p99> <p999>}. */
        public static Snap parse(String line) {
            String[] fields = line.trim().split(" ");
            if (fields.length != 7 || !fields[0].equals("SNAP")) {
                throw new IllegalArgumentException("not a SNAP line: " + line);
            }
            return new Snap(Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3]),
                    Double.parseDouble(fields[4]), Double.parseDouble(fields[5]), Double.parseDouble(fields[6]));
        }
    }

    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private boolean paused;

    private NativeEchoGenerator(Process process) {
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        Thread reader = new Thread(this::readLines, "anemone-load-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the generator: it connects and upgrades {@code connections} connections to
     * 127.0.0.1:{@code port}{@code path}, then waits for {@link #go()}.
     *
     * @param pinCpu the core to pin it to with {@code taskset -c}, or null
     * @param tls whether to speak TLS 1.3 (it verifies no certificate)
     * @param message what each connection sends: its opcode and payload length count
     * @param depth messages in flight per connection
     * @param log where its stderr goes (appended)
     */
    public static NativeEchoGenerator start(Path binary, String pinCpu, int port, String path, boolean tls,
                                            int connections, Message message, int depth, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        if (pinCpu != null) {
            command.addAll(List.of("taskset", "-c", pinCpu));
        }
        command.addAll(List.of(binary.toString(), "--port", Integer.toString(port), "--path", path,
                "--connections", Integer.toString(connections), "--depth", Integer.toString(depth),
                "--size", Integer.toString(message.payloadLength())));
        if (message.opcode() == ClientFrames.BINARY) {
            command.add("--binary");
        }
        if (tls) {
            command.add("--tls");
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new NativeEchoGenerator(process);
    }

    /** The child's PID (taskset execs it, so the same process), whose CPU time is the generator's. */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits for its {@code OPEN} line: every connection upgraded.
     *
     * @throws IOException with the generator's {@code ERROR} text, or when it exited or timed out
     */
    public void awaitOpened(Duration timeout) throws IOException, InterruptedException {
        String line = nextLine(timeout);
        if (line == null) {
            throw new IOException("anemone-load opened no connections within " + timeout.toSeconds() + " s");
        }
        if (line.startsWith("ERROR")) {
            throw new IOException("anemone-load: " + line.substring(5).trim());
        }
        if (!line.startsWith("OPEN ")) {
            throw new IOException("anemone-load said " + line + " rather than OPEN");
        }
    }

    /** Puts the messages in flight on every connection. */
    public void go() {
        commands.println("GO");
    }

    /**
     * Stops the child with SIGSTOP: its connections stay open, and the echoes of its messages in
     * flight wait in its sockets until {@link #resume()}. Meanwhile the server has nothing to do;
     * this is how interleaved runs take turns. It answers no snapshot until resumed.
     */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
        paused = true;
    }

    /** Lets the child go on after {@link #pause()} (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
        paused = false;
    }

    /** Sends signal {@code name} with kill(1): the JDK's process API sends none but KILL and TERM. */
    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed: " + said);
        }
    }

    /**
     * Counts so far, and latencies since the previous snapshot.
     *
     * @throws IOException when the generator exited or did not answer
     */
    public Snap snapshot() throws IOException, InterruptedException {
        commands.println("SNAPSHOT");
        String line = nextLine(SNAPSHOT_TIMEOUT);
        if (line == null || !line.startsWith("SNAP ")) {
            throw new IOException("anemone-load answered SNAPSHOT with " + line);
        }
        return Snap.parse(line);
    }

    /** The next line it printed, within {@code timeout}; null on timeout; an exit is an IOException. */
    private String nextLine(Duration timeout) throws IOException, InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (END_OF_OUTPUT.equals(line)) {
            lines.offer(END_OF_OUTPUT);
            process.waitFor(5, TimeUnit.SECONDS);
            throw new IOException("anemone-load exited" + (process.isAlive() ? "" : " with " + process.exitValue()));
        }
        return line;
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.offer(line);
            }
        } catch (IOException ignored) {
            // The process is gone; the end marker below says so.
        }
        lines.offer(END_OF_OUTPUT);
    }

    /** Asks it to quit (its connections close with it), and kills it if it has not within 5 s. */
    @Override
    public void close() {
        if (paused) {
            try {
                resume();   // a stopped process reads no QUIT
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        commands.println("QUIT");
        commands.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
