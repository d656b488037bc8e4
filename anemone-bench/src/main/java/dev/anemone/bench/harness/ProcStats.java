package dev.anemone.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads what Linux says about a process: CPU time from {@code /proc/PID/stat} (user plus system,
 * all threads, in clock ticks) and resident memory from {@code /proc/PID/status}.
 */
final class ProcStats {

    /** Clock ticks per second, from {@code getconf CLK_TCK} (100 almost everywhere). */
    static final long TICKS_PER_SECOND = clockTicks();

    private ProcStats() {
    }

    /** utime + stime of {@code pid} in ticks, or -1 when it cannot be read. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name may hold spaces and parentheses: fields are counted after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the name, field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Busy ticks of the whole machine, all cores (the first line of {@code /proc/stat}, less idle
     * and iowait), or -1: what else runs during a window is this less the server and generator.
     */
    static long hostBusyTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = line.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU seconds between two readings of {@link #cpuTicks}. */
    static double cpuSeconds(long fromTicks, long toTicks) {
        return fromTicks < 0 || toTicks < 0 ? Double.NaN : (toTicks - fromTicks) / (double) TICKS_PER_SECOND;
    }

    /** VmRSS of {@code pid} in bytes, or -1. */
    static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kib = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kib) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Fall through.
        }
        return -1;
    }

    /** The CPUs this process may run on, as Linux lists them ("1", "0-1"), or "?". */
    static String allowedCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring("Cpus_allowed_list:".length()).trim();
                }
            }
        } catch (IOException e) {
            // Fall through.
        }
        return "?";
    }

    private static long clockTicks() {
        try {
            Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            process.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
