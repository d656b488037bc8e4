package dev.anemone.bench.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The harness's command line, with the defaults of a full run or of {@code --quick}. */
final class Options {

    static final String USAGE = """
            usage: bench [options]
              --quick                 a few minutes: scenarios 1,3,4,5,6,7 (and 1 with deflate), peers
                                      anemone,netty,ws, 1 round, 2 s warm-up, 3 s measured, 2000 idle connections
              --scenarios 1,2,...     which scenarios (default 1-11):
                                        1 100 conns x 16 B text echo     2 1000 conns x 16 B text echo
                                        3 100 conns x 4 KiB binary echo  4 broadcast, 1 publisher, 1000 subscribers
                                        5 connection storm               6 idle memory per connection
                                        7 latency at a fixed rate        8 topic publish, 1000 subscribers
                                                                         (anemone, netty, external only)
                                      over TLS 1.3 (anemone and netty on the JDK's TLS, --external with {cert}):
                                        9 100 conns x 16 B text echo    10 100 conns x 4 KiB binary echo
                                       11 full TLS handshakes: connect, handshake, upgrade, close
              --peers a,b,...         anemone, anemone-epoll (the same on IoBackend.EPOLL), netty, jetty,
                                      java-websocket, ws (default: all; ws when Node is there)
              --external 'CMD {port}' one more peer: any command line listening on 127.0.0.1:{port}; it
                                      serves /echo, /broadcast, and for scenario 8 /topic: every
                                      connection subscribed to one topic, each message received
                                      published to it (uWebSockets: ws.subscribe, ws.publish);
                                      with {cert} and {key} in it, it also serves TLS (scenarios
                                      9-11): they become the certificate's PEM files there, and
                                      nothing in plain-text scenarios
              --external-name NAME    its name in the tables (default external)
              --baseline JAR          one more peer: Anemone's echo peer from another build's
                                      benchmarks.jar (say, an earlier commit's), as JVM peers run
              --baseline-name NAME    its name in the tables (default anemone-base)
              --deflate off,on,ctx    permessage-deflate variants (default off,on; scenario 6 also ctx)
              --warmup S --duration S --rounds N   (default 5, 10, 3)
              --tls-warmup S          the least warm-up of a TLS scenario (default 10; 4 with --quick):
                                      the JIT takes about 6 s to settle the JDK's TLS stack
              --interleave S          echo scenarios on the C generator run every peer at once, each
                                      with its own generator, and measure them in turns of S seconds
                                      (A B C, C B A, …) for as long as --rounds × --duration each:
                                      the machine's changes of speed fall on all alike. 0: one peer
                                      after the other, a whole round each (default 0)
              --depth 1,8             messages in flight per connection in echo scenarios, one table per
                                      depth, in the order given (default 1,8: one in flight first)
              --rate N                messages/s in scenario 7 (default 20000)
              --idle-connections N    connections in scenario 6 (default 10000)
              --storm-concurrency N --storm-max N   cycles at once, and at most (default 32, 100000)
              --loops N               Java generator threads (default: cores available to the harness)
              --generator c|java      the echo scenarios' generator without deflate (default c when
                                      anemone-bench/target/anemone-load is built; ./bench builds it
                                      with gcc): the Java one saturates its core at depth 1
              --peer-jvm-opts 'OPTS'  JVM options of the JVM peers (default -Xmx2g -XX:+UseSerialGC)
              --idle-jvm-opts 'OPTS'  added in scenario 6, so that a full GC gives back the heap that the
                                      handshakes' garbage touched (default -Xms16m -XX:MinHeapFreeRatio=10
                                      -XX:MaxHeapFreeRatio=20; '' for none)
              --no-pin                do not pin peers to core 0 with taskset
              --results-dir DIR --node-dir DIR
            """;

    boolean quick;
    List<Scenario> scenarios;
    List<String> peerNames;
    String externalCommand;
    String externalName = "external";
    String baselineJar;
    String baselineName = "anemone-base";
    List<Variant> variants;
    Duration warmup;
    /**
     * The warm-up of a TLS scenario: {@code --tls-warmup}, or {@link #warmup} when that is longer.
     * The JDK's TLS stack is compiled long after the plain path.
     */
    Duration tlsWarmup;
    Duration duration;
    int rounds;
    /**
     * {@code --interleave}: the length of a turn when the echo scenarios on the C generator run
     * every peer at once and take turns, or null when each peer runs a whole round alone.
     */
    Duration interleave;
    /** Messages in flight per connection in the echo scenarios, a table each, in this order. */
    List<Integer> depths = List.of(1, 8);
    double rate = 20_000;
    int idleConnections;
    int stormConcurrency = 32;
    long stormMax = 100_000;
    int loops = Runtime.getRuntime().availableProcessors();
    List<String> peerJvmOptions = Environment.DEFAULT_JVM_OPTIONS;
    List<String> idleJvmOptions = Environment.DEFAULT_IDLE_JVM_OPTIONS;
    boolean pin = true;
    /** {@code --generator}: "c", "java", or null for C when it is built. */
    String generator;
    /** The C echo generator, as the bench script builds it. */
    Path nativeGenerator = Path.of("anemone-bench", "target", "anemone-load");
    Path resultsDir = Path.of("anemone-bench", "results");
    Path nodeDir = Path.of("anemone-bench", "node");
    final List<String> given;

    private Options(List<String> given) {
        this.given = given;
    }

    /**
     * How long {@code scenario} runs before it is measured: a TLS scenario at least
     * {@code --tls-warmup}. Profiled on this project's machine, a JVM peer's TLS echo went from 15,000 to
     * 78,000 messages per second over its first six seconds while the JIT compiled the JDK's TLS
     * stack, and a measurement that began earlier reported the compiler as much as the server.
     */
    Duration warmup(Scenario scenario) {
        return scenario.tls() ? tlsWarmup : warmup;
    }

    static Options parse(String[] args) {
        Options options = new Options(List.of(args));
        Integer rounds = null;
        Integer idle = null;
        Duration warmup = null;
        Duration tlsWarmup = null;
        Duration duration = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> options.quick = true;
                case "--scenarios" -> options.scenarios = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(String::trim).map(Integer::parseInt).map(Scenario::numbered).toList();
                case "--peers" -> options.peerNames = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(String::trim).filter(name -> !name.isEmpty()).toList();
                case "--external" -> options.externalCommand = value(args, ++i, arg);
                case "--external-name" -> options.externalName = value(args, ++i, arg);
                case "--baseline" -> options.baselineJar = value(args, ++i, arg);
                case "--baseline-name" -> options.baselineName = value(args, ++i, arg);
                case "--deflate" -> options.variants = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(Variant::named).toList();
                case "--warmup" -> warmup = seconds(value(args, ++i, arg));
                case "--tls-warmup" -> tlsWarmup = seconds(value(args, ++i, arg));
                case "--duration" -> duration = seconds(value(args, ++i, arg));
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, arg));
                case "--interleave" -> {
                    Duration turn = seconds(value(args, ++i, arg));
                    options.interleave = turn.isZero() ? null : turn;
                }
                case "--depth", "--depths" -> options.depths = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(String::trim).map(Integer::parseInt).toList();
                case "--rate" -> options.rate = Double.parseDouble(value(args, ++i, arg));
                case "--idle-connections" -> idle = Integer.parseInt(value(args, ++i, arg));
                case "--storm-concurrency" -> options.stormConcurrency = Integer.parseInt(value(args, ++i, arg));
                case "--storm-max" -> options.stormMax = Long.parseLong(value(args, ++i, arg));
                case "--loops" -> options.loops = Integer.parseInt(value(args, ++i, arg));
                case "--peer-jvm-opts" -> options.peerJvmOptions = words(value(args, ++i, arg));
                case "--idle-jvm-opts" -> options.idleJvmOptions = words(value(args, ++i, arg));
                case "--no-pin" -> options.pin = false;
                case "--generator" -> options.generator = generator(value(args, ++i, arg));
                case "--results-dir" -> options.resultsDir = Path.of(value(args, ++i, arg));
                case "--node-dir" -> options.nodeDir = Path.of(value(args, ++i, arg));
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        boolean quick = options.quick;
        options.warmup = warmup != null ? warmup : Duration.ofSeconds(quick ? 2 : 5);
        Duration tlsLeast = tlsWarmup != null ? tlsWarmup : Duration.ofSeconds(quick ? 4 : 10);
        options.tlsWarmup = tlsLeast.compareTo(options.warmup) > 0 ? tlsLeast : options.warmup;
        options.duration = duration != null ? duration : Duration.ofSeconds(quick ? 3 : 10);
        options.rounds = rounds != null ? rounds : quick ? 1 : 3;
        options.idleConnections = idle != null ? idle : quick ? 2000 : 10_000;
        if (options.scenarios == null) {
            options.scenarios = quick
                    ? List.of(Scenario.ECHO_100, Scenario.BINARY_100, Scenario.BROADCAST, Scenario.STORM, Scenario.IDLE,
                            Scenario.LATENCY)
                    : List.of(Scenario.values());
        }
        if (options.rounds < 1 || options.depths.isEmpty() || options.depths.stream().anyMatch(d -> d < 1)
                || options.loops < 1) {
            throw new IllegalArgumentException("rounds, depth and loops must be at least 1");
        }
        if (options.interleave != null && options.interleave.toMillis() < 500) {
            throw new IllegalArgumentException("--interleave is 0 (off) or a turn of at least 0.5 s");
        }
        return options;
    }

    /**
     * How many turns each peer gets in an interleaved echo section: together as long as its
     * rounds would have measured it one after the other, and at least one a round.
     */
    int interleavedTurns() {
        long perRound = Math.max(1, Math.round((double) duration.toMillis() / interleave.toMillis()));
        return (int) (rounds * perRound);
    }

    /** The deflate variants scenario {@code scenario} runs in. */
    List<Variant> variantsOf(Scenario scenario) {
        if (variants != null) {
            return variants;
        }
        if (quick) {
            return scenario == Scenario.ECHO_100 ? List.of(Variant.OFF, Variant.ON) : List.of(Variant.OFF);
        }
        if (scenario.tls()) {
            // What TLS costs is the question here; compression's cost is measured without it.
            return List.of(Variant.OFF);
        }
        return scenario == Scenario.IDLE ? List.of(Variant.OFF, Variant.ON, Variant.CTX) : List.of(Variant.OFF, Variant.ON);
    }

    /** The pipeline depths scenario {@code scenario} runs at; 0 alone where it has none. */
    List<Integer> depthsOf(Scenario scenario) {
        return scenario.kind == Scenario.Kind.ECHO ? depths : List.of(0);
    }

    /** The peer names asked for, or the defaults. */
    List<String> peerNamesOr(List<String> defaults) {
        return peerNames != null ? peerNames : defaults;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** Space-separated options; an empty or blank value is none. */
    private static List<String> words(String value) {
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    private static String generator(String value) {
        if (!value.equals("c") && !value.equals("java")) {
            throw new IllegalArgumentException("--generator is c or java, not " + value);
        }
        return value;
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    /** The command line as given, for the report, less the folders the bench script passes. */
    String commandLine() {
        List<String> quoted = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String arg = given.get(i);
            if (arg.equals("--results-dir") || arg.equals("--node-dir")) {
                i++;
                continue;
            }
            quoted.add(arg.contains(" ") ? "'" + arg + "'" : arg);
        }
        return ("./bench " + String.join(" ", quoted)).trim();
    }
}
