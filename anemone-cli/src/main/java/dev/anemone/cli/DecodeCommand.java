package dev.anemone.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anemone decode HEX...}: reads frames from hex (as copied from a capture or the RFC) and
 * says what each one means. Exits 0 when every byte belonged to a whole frame, 1 when the input
 * ends inside a frame or breaks a framing rule, 2 when it is not hex.
 */
@Command(name = "decode",
        header = "Describes WebSocket frames written in hex.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "For each frame: FIN, RSV1-3, opcode, MASK, payload length, masking key, and the payload unmasked"
                + " (as text when it is UTF-8, as hex otherwise); for a Close frame, its code and reason."
                + " The arguments are joined, spaces and colons between digits are ignored, and several frames"
                + " may follow one another.",
            "Example: anemone decode 81 85 37 fa 21 3d 7f 9f 4d 51 58"
        },
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:every byte decoded into whole frames",
            "1:the input ends inside a frame, or breaks a framing rule",
            "2:the input is not hex"
        })
public final class DecodeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "HEX", description = "Frame bytes in hex, such as 81 05 48 65 6c 6c 6f or 81:05:48:65:6c:6c:6f.")
    private List<String> hex;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = Hex.parse(String.join(" ", hex));
        } catch (IllegalArgumentException notHex) {
            throw new ParameterException(spec.commandLine(), "not hex: " + notHex.getMessage());
        }
        if (bytes.length == 0) {
            throw new ParameterException(spec.commandLine(), "no bytes to decode");
        }
        FrameReport.Result result = FrameReport.decode(bytes);
        PrintWriter out = spec.commandLine().getOut();
        result.lines().forEach(out::println);
        out.println(result.frames().size() + (result.frames().size() == 1 ? " frame" : " frames")
                + " decoded from " + bytes.length + " bytes");
        out.flush();
        if (result.problem() != null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + result.problem());
            err.flush();
            return 1;
        }
        return 0;
    }
}
