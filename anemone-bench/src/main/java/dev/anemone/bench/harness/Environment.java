package dev.anemone.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where things are and how peers are started: the java and node executables, the class path
 * the JVM peers run from, the Node peer's folder, the JVM options every JVM peer shares (and
 * those added in the idle scenario), and whether processes are pinned to cores.
 *
 * @param idleJvmOptions added to {@code peerJvmOptions} in the idle-memory scenario
 * @param serverCpu the core for peers ({@code taskset -c}), or null when not pinning
 * @param generatorCpu the core for the C generator, the one the bench script pins the harness to,
 *                     or null when not pinning
 */
record Environment(String java, String classPath, String node, Path nodeDir, List<String> peerJvmOptions,
                   List<String> idleJvmOptions, String serverCpu, String generatorCpu) {

    /** Every JVM peer gets these unless told otherwise: the same heap cap and collector for all. */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx2g", "-XX:+UseSerialGC");

    /**
     * Added for the idle-memory scenario: a heap that starts small and shrinks after a full GC to
     * little more than what is live, so that resident memory counts what the connections hold
     * rather than the pages that their handshakes' garbage once touched; and the C heap trimmed
     * every second, which hands back what the JIT compiler and the JDK's native code freed while
     * the connections arrived (glibc keeps freed memory otherwise). The same for every peer.
     */
    static final List<String> DEFAULT_IDLE_JVM_OPTIONS =
            List.of("-Xms16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:TrimNativeHeapInterval=1000");

    static Environment detect(Path nodeDir, List<String> jvmOptions, List<String> idleJvmOptions, boolean pin) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        boolean pinning = pin && onPath("taskset") && hostCpus() >= 2;
        return new Environment(java, System.getProperty("java.class.path"), "node", nodeDir, jvmOptions, idleJvmOptions,
                pinning ? "0" : null, pinning ? "1" : null);
    }

    /** Whether Node and the peer's installed modules are there. */
    boolean hasNode() {
        return onPath("node") && Files.isDirectory(nodeDir.resolve("node_modules").resolve("ws"));
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Cores on the machine, whatever this process is pinned to. */
    static int hostCpus() {
        try {
            return (int) Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("processor")).count();
        } catch (java.io.IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
