package dev.anemone.cli;

import dev.anemone.protocol.AcceptKey;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anemone accept-key KEY}: the {@code Sec-WebSocket-Accept} a server must answer to a
 * {@code Sec-WebSocket-Key} (RFC 6455 section 4.2.2), for checking a handshake by hand.
 */
@Command(name = "accept-key",
        header = "Prints the Sec-WebSocket-Accept value for a Sec-WebSocket-Key.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "The value is base64(SHA-1(KEY + \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\")), RFC 6455 section 4.2.2.",
            "Example: anemone accept-key dGhlIHNhbXBsZSBub25jZQ==",
            "prints   s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        })
public final class AcceptKeyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "KEY", description = "The Sec-WebSocket-Key, as the client sent it.")
    private String key;

    @Override
    public Integer call() {
        if (!AcceptKey.isWellFormed(key)) {
            // A server must refuse such a key, but the value is still what someone debugging a
            // hand-written handshake wants to compare against, so it is printed anyway.
            PrintWriter err = spec.commandLine().getErr();
            err.println("warning: '" + key + "' is not base64 of 16 bytes, as a Sec-WebSocket-Key must be"
                    + " (RFC 6455 section 4.1); a server would refuse it with 400");
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(AcceptKey.of(key));
        out.flush();
        return 0;
    }
}
