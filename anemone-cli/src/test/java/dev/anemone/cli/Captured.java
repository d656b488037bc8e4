package dev.anemone.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a command line with its output and errors captured, as the tests read them. */
record Captured(int exitCode, String out, String err) {

    /** Runs {@code commandLine} with {@code args}, capturing what it prints. */
    static Captured run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Captured(exitCode, out.toString(), err.toString());
    }

    /** Runs the whole {@code anemone} command with {@code args}. */
    static Captured anemone(String... args) {
        return run(Main.commandLine(), args);
    }
}
