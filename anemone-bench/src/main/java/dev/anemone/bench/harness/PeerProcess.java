package dev.anemone.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One running peer: started, waited for (its "READY port" line, or for an external command its
 * port accepting), asked for its live heap, and killed by PID with everything it started. Every
 * peer still alive when the harness exits is killed by a shutdown hook.
 */
final class PeerProcess implements AutoCloseable {

    private static final Set<PeerProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(PeerProcess::close), "kill-peers"));
    }

    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> memLines = new ArrayBlockingQueue<>(16);
    private final BlockingQueue<String> readyLines = new ArrayBlockingQueue<>(1);
    private String readyDetail = "";

    private PeerProcess(Process process, Path log) {
        this.process = process;
        OutputStream stdin = process.getOutputStream();
        this.commands = new PrintWriter(stdin, true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> readStdout(log), "peer-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code command}, appending its output to {@code log}, and waits until it listens on
     * {@code port}.
     *
     * @param expectsReadyLine whether it prints "READY"; otherwise its port is polled
     * @throws IOException when it cannot start, exits, or is not ready within {@code timeout}
     */
    static PeerProcess start(List<String> command, int port, boolean expectsReadyLine, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        PeerProcess peer = new PeerProcess(process, log);
        LIVE.add(peer);
        try {
            peer.awaitReady(port, expectsReadyLine, timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    private void awaitReady(int port, boolean expectsReadyLine, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the peer exited with " + process.exitValue() + " before it was ready");
            }
            if (expectsReadyLine) {
                String line = readyLines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    // "READY <port> <detail>": keep the detail.
                    String[] parts = line.split("\\s+", 3);
                    readyDetail = parts.length > 2 ? parts[2] : "";
                    return;
                }
            } else if (accepts(port)) {
                return;
            } else {
                Thread.sleep(100);
            }
        }
        throw new IOException("the peer was not ready within " + timeout.toSeconds() + " s");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void readStdout(Path log) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY")) {
                    readyLines.offer(line);
                } else if (line.startsWith("MEM ")) {
                    memLines.offer(line);
                }
                Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
            }
        } catch (IOException ignored) {
            // The peer is gone.
        }
    }

    long pid() {
        return process.pid();
    }

    /** What the READY line said after the port (transport, loops, versions). */
    String readyDetail() {
        return readyDetail;
    }

    /** The peer's live heap in bytes (it collects garbage first), or -1 if it cannot say. */
    long liveHeap() throws InterruptedException {
        memLines.clear();
        commands.println("mem");
        String line = memLines.poll(60, TimeUnit.SECONDS);
        return line == null ? -1 : Long.parseLong(line.substring(4).trim());
    }

    /** Kills the peer and its descendants by PID: politely, then for good after 5 s. */
    @Override
    public void close() {
        LIVE.remove(this);
        commands.close();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
