package dev.anemone.interop;

import dev.anemone.ClientOptions;
import dev.anemone.TlsOptions;
import dev.anemone.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The development certificate the TLS interop tests share, made once by {@code anemone cert}
 * (the command users run), and the ways each side is told about it: our server serves it, our
 * client and the peers' clients trust its file, the peers' servers serve it, and Chromium trusts
 * its public key's hash.
 */
final class InteropTls {

    private static final Pattern SPKI = Pattern.compile("SPKI SHA-256:\\s+(\\S+)");

    static final Path FOLDER;
    /** The Base64 SHA-256 of the certificate's public key, as {@code anemone cert} printed it. */
    static final String SPKI_SHA256;

    static {
        try {
            FOLDER = Files.createTempDirectory("anemone-interop-tls-");
            FOLDER.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringWriter out = new StringWriter();
        CommandLine cert = Main.commandLine();
        cert.setOut(new PrintWriter(out, true));
        int status = cert.execute("cert", "--out", FOLDER.toString());
        Matcher spki = SPKI.matcher(out.toString());
        if (status != 0 || !spki.find()) {
            throw new IllegalStateException("anemone cert failed (" + status + "): " + out);
        }
        SPKI_SHA256 = spki.group(1);
        certificate().toFile().deleteOnExit();
        key().toFile().deleteOnExit();
    }

    private InteropTls() {
    }

    static Path certificate() {
        return FOLDER.resolve("cert.pem");
    }

    static Path key() {
        return FOLDER.resolve("key.pem");
    }

    /** Our server's identity. */
    static TlsOptions server() {
        return TlsOptions.fromPem(certificate(), key());
    }

    /** Our client trusting the certificate (host names checked as always). */
    static ClientOptions client() {
        return ClientOptions.builder().trustedCertificates(certificate()).build();
    }

    /** What a peer's client is given to trust it. */
    static String peerClientOption() {
        return "--cacert=" + certificate();
    }

    /** What a peer's server is given to serve it. */
    static String[] peerServerOptions() {
        return new String[] {"--tls-cert=" + certificate(), "--tls-key=" + key()};
    }
}
