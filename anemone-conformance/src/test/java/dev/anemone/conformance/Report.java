package dev.anemone.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What one role's run found, printed at the end and written to {@code target/conformance-<role>.txt}:
 * cases per chapter, how connections ended, the slowest cases, chapter 9's timings, and the known
 * failures with their reasons.
 */
final class Report {

    private final String label;
    private final ConcurrentLinkedQueue<CaseRunner.Outcome> passed = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> excluded = new ConcurrentLinkedQueue<>();
    private final Map<String, int[]> knownPerChapter = new java.util.concurrent.ConcurrentHashMap<>();

    Report(String label) {
        this.label = label;
    }

    void passed(CaseRunner.Outcome outcome) {
        passed.add(outcome);
    }

    void failed(Case c, Throwable failure) {
        failed.add(c.id() + ": " + failure.getMessage());
    }

    void excluded(Case c, String reason, Throwable failure) {
        knownPerChapter.computeIfAbsent(c.chapter(), k -> new int[1])[0]++;
        excluded.add(c.id() + " " + c.description() + "\n      reason: " + reason + "\n      still fails with: " + failure);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("=== Conformance, our ").append(label).append(" ===\n");
        Map<String, int[]> chapters = new LinkedHashMap<>();
        for (CaseRunner.Outcome outcome : passed) {
            chapters.computeIfAbsent(outcome.c().chapter(), k -> new int[1])[0]++;
        }
        chapters.forEach((chapter, count) -> {
            int known = knownPerChapter.getOrDefault(chapter, new int[1])[0];
            out.append(String.format("  %-45s %5d passed%s%n", chapter, count[0], known == 0 ? "" : ", " + known + " known failures"));
        });
        out.append(String.format("  passed %d, failed %d, known failures %d%n", passed.size(), failed.size(), excluded.size()));
        Map<String, Integer> endings = new LinkedHashMap<>();
        passed.forEach(outcome -> endings.merge(outcome.endHow(), 1, Integer::sum));
        out.append("  connections ended by: ").append(endings).append('\n');
        out.append("  slowest cases:\n");
        passed.stream().sorted(Comparator.comparingLong(CaseRunner.Outcome::totalNanos).reversed()).limit(5)
                .forEach(outcome -> out.append(String.format("    %-8s %7.1f ms  %s%n", outcome.c().id(),
                        outcome.totalNanos() / 1e6, outcome.c().description())));
        out.append("  failures by the system under test (last write to its Close / to TCP end), per chapter:\n");
        Map<String, List<CaseRunner.Outcome>> fails = new LinkedHashMap<>();
        passed.stream().filter(outcome -> outcome.c().expect().ending() instanceof Expectation.Ending.Fail)
                .forEach(outcome -> fails.computeIfAbsent(outcome.c().chapter(), k -> new ArrayList<>()).add(outcome));
        fails.forEach((chapter, list) -> out.append(String.format("    %-45s %4d cases  Close median %5.2f ms, max %6.2f ms;"
                        + " TCP end median %5.2f ms, max %6.2f ms%n", chapter, list.size(),
                median(list, CaseRunner.Outcome::answerNanos), max(list, CaseRunner.Outcome::answerNanos),
                median(list, CaseRunner.Outcome::endNanos), max(list, CaseRunner.Outcome::endNanos))));
        out.append("  chapter 9 (send = writing the message, echo = last byte sent to echo complete):\n");
        List<CaseRunner.Outcome> limits = new ArrayList<>();
        passed.stream().filter(outcome -> outcome.c().chapter().equals(Chapter9Limits.CHAPTER)).forEach(limits::add);
        limits.sort(Comparator.comparing(outcome -> outcome.c().id()));
        for (CaseRunner.Outcome outcome : limits) {
            out.append(String.format("    %-6s %-40s send %7.1f ms  echo %7.1f ms  total %7.1f ms%n", outcome.c().id(),
                    outcome.c().description(), outcome.sendNanos() / 1e6, Math.max(0, outcome.answerNanos()) / 1e6,
                    outcome.totalNanos() / 1e6));
        }
        out.append("  timings of closes the system under test started or failed (last write to TCP end):\n");
        passed.stream().filter(outcome -> outcome.c().expect().ending() instanceof Expectation.Ending.SutCloses
                        || outcome.c().expect().ending() instanceof Expectation.Ending.Clean clean && clean.peerLingers())
                .forEach(outcome -> out.append(String.format("    %-6s %7.1f ms  %s%n", outcome.c().id(), outcome.endNanos() / 1e6,
                        outcome.c().displayName())));
        if (!excluded.isEmpty()) {
            out.append("  known failures (Catalogue.EXCLUDED):\n");
            excluded.forEach(line -> out.append("    ").append(line).append('\n'));
        }
        if (!failed.isEmpty()) {
            out.append("  failures:\n");
            failed.forEach(line -> out.append("    ").append(line).append('\n'));
        }
        return out.toString();
    }

    private static double median(List<CaseRunner.Outcome> list, java.util.function.ToLongFunction<CaseRunner.Outcome> f) {
        long[] values = list.stream().mapToLong(f).map(v -> Math.max(0, v)).sorted().toArray();
        return values[values.length / 2] / 1e6;
    }

    private static double max(List<CaseRunner.Outcome> list, java.util.function.ToLongFunction<CaseRunner.Outcome> f) {
        return list.stream().mapToLong(f).max().orElse(0) / 1e6;
    }

    void print() {
        String text = render();
        System.out.println(text);
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            Files.writeString(target.resolve("conformance-" + label + ".txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
