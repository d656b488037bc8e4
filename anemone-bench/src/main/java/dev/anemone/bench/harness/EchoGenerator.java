package dev.anemone.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which load generator drives the echo scenarios (1, 2, 3, 9, 10): the C one
 * ({@code anemone-load}, see {@link dev.anemone.bench.load.NativeEchoGenerator}) when it was built
 * and not turned off, else the Java one. The C generator speaks no permessage-deflate, so echo
 * runs with compression, and every other scenario, keep the Java generator.
 *
 * @param binary the C generator to run, or null for the Java one throughout
 * @param why why the Java generator runs the echo scenarios, or null when the C one does
 */
record EchoGenerator(Path binary, String why) {

    /**
     * From {@code --generator c|java} (null: C when built) and where the binary should be.
     *
     * @throws IllegalArgumentException when C is asked for and the binary is missing
     */
    static EchoGenerator choose(String asked, Path binary) {
        boolean built = Files.isExecutable(binary);
        if ("java".equals(asked)) {
            return new EchoGenerator(null, "--generator java");
        }
        if (built) {
            return new EchoGenerator(binary, null);
        }
        if ("c".equals(asked)) {
            throw new IllegalArgumentException("--generator c: " + binary + " is not built (gcc and OpenSSL's headers"
                    + " are needed; ./bench builds it with anemone-bench/src/main/c/build.sh)");
        }
        return new EchoGenerator(null, binary + " was not built (gcc or OpenSSL's headers missing)");
    }

    /** Whether the C generator runs this section. */
    boolean isNative(Scenario scenario, Variant variant) {
        return binary != null && scenario.kind == Scenario.Kind.ECHO && variant == Variant.OFF;
    }

    /** The generator of a section, for its table. */
    String name(Scenario scenario, Variant variant) {
        return isNative(scenario, variant) ? "C (anemone-load, one thread, epoll)" : "Java (java.nio)";
    }

    /** A line for the report's header. */
    String describe() {
        return binary != null
                ? "the C generator `anemone-load` (one thread on epoll) for the echo scenarios without deflate; "
                        + "the Java generator for the rest (the C one speaks no permessage-deflate)"
                : "the Java generator throughout: " + why;
    }
}
