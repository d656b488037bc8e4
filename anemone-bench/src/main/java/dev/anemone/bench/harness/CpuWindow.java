package dev.anemone.bench.harness;

import java.util.EnumMap;
import java.util.Map;

/**
 * CPU time over a measured window, read at both ends: the server's, the generator's (the harness
 * JVM's own for the Java generator, the child's for the C one) and the whole machine's; and the
 * figures a count over the window gives with them.
 */
final class CpuWindow {

    private final long serverPid;
    private final long generatorPid;
    private final long serverStart;
    private final long generatorStart;
    private final long hostStart;
    private long serverEnd = -1;
    private long generatorEnd = -1;
    private long hostEnd = -1;

    private CpuWindow(long serverPid, long generatorPid) {
        this.serverPid = serverPid;
        this.generatorPid = generatorPid;
        this.serverStart = ProcStats.cpuTicks(serverPid);
        this.generatorStart = ProcStats.cpuTicks(generatorPid);
        this.hostStart = ProcStats.hostBusyTicks();
    }

    /** Reads the start of the window now. */
    static CpuWindow start(long serverPid, long generatorPid) {
        return new CpuWindow(serverPid, generatorPid);
    }

    /** Reads the end of the window now. */
    void end() {
        serverEnd = ProcStats.cpuTicks(serverPid);
        generatorEnd = ProcStats.cpuTicks(generatorPid);
        hostEnd = ProcStats.hostBusyTicks();
    }

    /**
     * Throughput, the server's CPU share and count per server-CPU-second, the generator's CPU
     * share (near 100 % it set the pace) and what the rest of the machine used.
     *
     * @param counted what the window counted (messages, deliveries, cycles)
     * @param seconds the window's length as the generator timed it
     */
    Map<Metric, Double> figures(double counted, double seconds) {
        double serverCpu = ProcStats.cpuSeconds(serverStart, serverEnd);
        double generatorCpu = ProcStats.cpuSeconds(generatorStart, generatorEnd);
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        values.put(Metric.THROUGHPUT, counted / seconds);
        values.put(Metric.SERVER_CPU, 100 * serverCpu / seconds);
        values.put(Metric.PER_CPU_SECOND, serverCpu > 0 ? counted / serverCpu : Double.NaN);
        values.put(Metric.GENERATOR_CPU, 100 * generatorCpu / seconds);
        values.put(Metric.OTHER_CPU,
                100 * Math.max(0, ProcStats.cpuSeconds(hostStart, hostEnd) - serverCpu - generatorCpu) / seconds);
        return values;
    }
}
