package dev.anemone.bench.harness;

import dev.anemone.stomp.HeartBeat;
import dev.anemone.stomp.StompClient;
import dev.anemone.stomp.StompClientOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The STOMP race ({@code ./bench stomp}): our embedded broker (in its own JVM) against RabbitMQ's
 * Web-STOMP, same clients (our {@link StompClient}), same machine. Fan-out: one producer, N
 * subscribers on one {@code /topic}; queue: one producer, four consumers on one {@code /queue},
 * sent in windows of 1000 closed by a receipt. Reports messages delivered per second and per
 * second of the broker process's CPU (RabbitMQ's from its beam.smp process). Bounded: each
 * scenario gives up after 120 s. Every scenario runs in each of {@code --rounds} rounds (2); only
 * the last is reported, the others warm the JVMs up.
 */
public final class StompRace {

    private static final String RABBIT = "ws://127.0.0.1:15674/ws";

    private StompRace() {
    }

    /** {@code StompRace --jar JAR [--subscribers N] [--fanout-messages N] [--queue-messages N] [--rounds N]}; the last round is reported. */
    public static void main(String[] args) throws Exception {
        String jar = null;
        int subscribers = 1000;
        int fanoutMessages = 1000;
        int queueMessages = 50_000;
        int rounds = 2;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--jar" -> jar = args[i + 1];
                case "--subscribers" -> subscribers = Integer.parseInt(args[i + 1]);
                case "--fanout-messages" -> fanoutMessages = Integer.parseInt(args[i + 1]);
                case "--queue-messages" -> queueMessages = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long rabbitPid = rabbitPid();
        long files = openFilesLimit(rabbitPid);
        if (files >= 0 && files < subscribers + 200) {
            System.err.println("RabbitMQ (pid " + rabbitPid + ") may open only " + files + " files, too few for " + subscribers
                    + " subscribers: start it with a higher ulimit -n");
        }
        Process ours = new ProcessBuilder("java", "-Xmx2g", "-cp", jar, StompBrokerMain.class.getName(), "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> rows = new ArrayList<>();
        try {
            String ready = new BufferedReader(new InputStreamReader(ours.getInputStream(), StandardCharsets.UTF_8)).readLine();
            String oursUrl = "ws://127.0.0.1:" + ready.substring("ready ".length()) + "/stomp";
            StompClientOptions plain = StompClientOptions.defaults().withHeartBeat(HeartBeat.NONE);
            StompClientOptions rabbit = plain.withLogin("guest", "guest").withHost("/");
            for (int round = 1; round <= rounds; round++) {   // all but the last warm both JVMs up, and are not reported
                rows.clear();
                rows.add(fanOut("Anemone", oursUrl, plain, ours.pid(), subscribers, fanoutMessages));
                rows.add(fanOut("RabbitMQ Web-STOMP", RABBIT, rabbit, rabbitPid, subscribers, fanoutMessages));
                rows.add(queue("Anemone", oursUrl, plain, ours.pid(), queueMessages));
                rows.add(queue("RabbitMQ Web-STOMP", RABBIT, rabbit, rabbitPid, queueMessages));
            }
        } finally {
            ours.destroy();
            ours.waitFor(10, TimeUnit.SECONDS);
        }
        System.out.println();
        System.out.println("| scenario | broker | delivered | seconds | delivered/s | broker CPU s | delivered per broker-CPU-second |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        rows.forEach(System.out::println);
    }

    private static String fanOut(String broker, String url, StompClientOptions options, long pid, int subscribers, int messages)
            throws Exception {
        String topic = "/topic/bench-" + System.nanoTime();
        long expected = (long) subscribers * messages;
        CountDownLatch delivered = new CountDownLatch((int) expected);
        List<StompClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < subscribers; i += 100) {
                List<CompletableFuture<StompClient>> batch = new ArrayList<>();
                for (int j = i; j < Math.min(subscribers, i + 100); j++) {
                    batch.add(StompClient.connect(URI.create(url), options));
                }
                for (CompletableFuture<StompClient> connecting : batch) {
                    StompClient client;
                    try {
                        client = connecting.get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        return String.format(Locale.ROOT, "| fan-out to %d | %s | could not hold %d connections (%d connected) | | | | |",
                                subscribers, broker, subscribers + 1, clients.size());
                    }
                    clients.add(client);
                    client.subscribe(topic, message -> delivered.countDown()).get(30, TimeUnit.SECONDS);
                }
            }
            StompClient producer = connect(url, options, clients);
            String body = "x".repeat(100);
            long cpu = ProcStats.cpuTicks(pid);
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                producer.sendWithoutReceipt(topic, body);
            }
            boolean all = delivered.await(120, TimeUnit.SECONDS);
            return row("fan-out to " + subscribers, broker, expected - delivered.getCount(), all, start, cpu, pid);
        } finally {
            clients.forEach(StompClient::close);
        }
    }

    private static String queue(String broker, String url, StompClientOptions options, long pid, int messages) throws Exception {
        String queue = "/queue/bench-" + System.nanoTime();
        CountDownLatch delivered = new CountDownLatch(messages);
        List<StompClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                connect(url, options, clients).subscribe(queue, message -> delivered.countDown()).get(30, TimeUnit.SECONDS);
            }
            StompClient producer = connect(url, options, clients);
            String body = "x".repeat(100);
            long cpu = ProcStats.cpuTicks(pid);
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                if (i % 1000 == 999) {
                    producer.send(queue, body).get(60, TimeUnit.SECONDS);   // a window of 1000, closed by a receipt
                } else {
                    producer.sendWithoutReceipt(queue, body);
                }
            }
            boolean all = delivered.await(120, TimeUnit.SECONDS);
            return row("queue, 1 producer, 4 consumers", broker, messages - delivered.getCount(), all, start, cpu, pid);
        } finally {
            clients.forEach(StompClient::close);
        }
    }

    private static StompClient connect(String url, StompClientOptions options, List<StompClient> clients) throws Exception {
        StompClient client = StompClient.connect(URI.create(url), options).get(30, TimeUnit.SECONDS);
        clients.add(client);
        return client;
    }

    private static String row(String scenario, String broker, long delivered, boolean all, long start, long cpuBefore, long pid) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcStats.cpuSeconds(cpuBefore, ProcStats.cpuTicks(pid));
        return String.format(Locale.ROOT, "| %s | %s | %,d%s | %.2f | %,.0f | %.2f | %,.0f |", scenario, broker, delivered,
                all ? "" : " (timed out)", seconds, delivered / seconds, cpu, delivered / cpu);
    }

    /** The soft limit on open files of {@code pid}, or -1. */
    private static long openFilesLimit(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(pid), "limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return -1;
    }

    /** RabbitMQ's Erlang VM process, as RabbitMQ itself reports it. */
    private static long rabbitPid() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("rabbitmqctl", "eval", "list_to_integer(os:getpid()).").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor(30, TimeUnit.SECONDS);
        return Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow().trim());
    }
}
