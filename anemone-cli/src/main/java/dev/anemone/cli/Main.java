package dev.anemone.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code anemone} command: an echo server with its page ({@code serve}), the book's applications
 * ({@code demo}), a wscat-like client ({@code connect}), a STOMP broker or relay ({@code broker})
 * and client ({@code stomp}), development certificates ({@code cert}), and two tools for reading the
 * protocol ({@code accept-key}, {@code decode}).
 *
 * <p>{@link #commandLine()} builds the whole command tree; tests run it with their own
 * {@code setOut}/{@code setErr} writers instead of going through {@link #main}.
 */
@Command(name = "anemone",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A WebSocket toolkit: an echo server, the book's applications, a client, a STOMP broker and client, development certificates, and tools for the protocol's details.",
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            ConnectCommand.class,
            BrokerCommand.class,
            StompClientCommand.class,
            CertCommand.class,
            AcceptKeyCommand.class,
            DecodeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, with short error messages instead of stack traces for unexpected failures. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((error, failed, parseResult) -> {
            // A stack trace helps the developer of anemone, not its user; the message names the problem.
            PrintWriter err = failed.getErr();
            err.println("anemone " + failed.getCommandName() + ": " + describe(error));
            err.flush();
            return 1;
        });
        return commandLine;
    }

    /** Without a subcommand there is nothing to do: show what there is, as an invalid invocation. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        spec.commandLine().usage(err);
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }

    /** An exception's message, or its type when it has none. */
    static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    /** The version from the jar's manifest, written there by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"anemone " + (version == null ? "(development build)" : version)};
        }
    }
}
