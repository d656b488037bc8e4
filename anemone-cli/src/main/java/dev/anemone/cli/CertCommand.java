package dev.anemone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anemone cert}: writes a self-signed development certificate and its key as PEM, for
 * localhost, 127.0.0.1 and ::1, ready for {@code anemone serve --tls-cert F --tls-key F} and
 * {@code anemone connect wss://... --cacert F}.
 */
@Command(name = "cert",
        header = "Writes a self-signed development certificate for localhost (PEM).",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Writes cert.pem (the certificate) and key.pem (its EC P-256 key, PKCS#8) into the folder given,"
                + " for localhost, 127.0.0.1 and ::1 and any --host added. For development only: clients must be"
                + " told to trust it (anemone connect --cacert cert.pem, curl --cacert cert.pem), and Chromium"
                + " accepts it with --ignore-certificate-errors-spki-list=HASH, the hash printed."
        })
public final class CertCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR",
            description = "The folder to write cert.pem and key.pem into (default: the current one).")
    private Path out;

    @Option(names = "--host", paramLabel = "NAME",
            description = "Another DNS name or IP address for the certificate; repeatable.")
    private List<String> hosts = new ArrayList<>();

    @Option(names = "--days", defaultValue = "30", paramLabel = "DAYS",
            description = "How long the certificate is valid (default: ${DEFAULT-VALUE} days).")
    private int days;

    @Option(names = "--force", description = "Overwrite cert.pem and key.pem if they exist.")
    private boolean force;

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        if (days < 1 || days > 825) {
            throw new ParameterException(spec.commandLine(), "--days must be between 1 and 825, not " + days);
        }
        Path certificateFile = out.resolve("cert.pem");
        Path keyFile = out.resolve("key.pem");
        if (!force && (Files.exists(certificateFile) || Files.exists(keyFile))) {
            throw new ParameterException(spec.commandLine(), certificateFile + " or " + keyFile
                    + " exists already: add --force to replace them");
        }
        DevCertificate made;
        try {
            made = DevCertificate.generate(hosts, Duration.ofDays(days));
        } catch (IllegalArgumentException badName) {
            throw new ParameterException(spec.commandLine(), "--host takes a DNS name or an IP address: " + badName.getMessage());
        }
        Files.createDirectories(out);
        made.write(certificateFile, keyFile);

        PrintWriter printer = spec.commandLine().getOut();
        printer.println("Wrote a development certificate for " + String.join(", ", names()) + ", valid " + days + " days:");
        printer.println("  certificate  " + certificateFile);
        printer.println("  private key  " + keyFile + " (keep it to yourself)");
        printer.println("Serve with:    anemone serve --tls-cert " + certificateFile + " --tls-key " + keyFile);
        printer.println("Connect with:  anemone connect wss://localhost:8080/echo --cacert " + certificateFile);
        printer.println("SPKI SHA-256:  " + made.spkiSha256() + "  (chromium --ignore-certificate-errors-spki-list=...)");
        printer.flush();
        return 0;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(DevCertificate.DEFAULT_NAMES);
        hosts.stream().filter(name -> !names.contains(name)).forEach(names::add);
        return names;
    }
}
