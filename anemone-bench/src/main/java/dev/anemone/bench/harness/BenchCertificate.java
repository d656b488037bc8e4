package dev.anemone.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate the TLS scenarios' servers present: an EC P-256 key and a self-signed
 * certificate for 127.0.0.1, made once per run with the JDK's keytool into a PKCS#12 file that
 * every TLS-capable peer loads, and that the generator trusts (and nothing else).
 *
 * @param keyStore the PKCS#12 file, protected by {@link #PASSWORD}
 */
public record BenchCertificate(Path keyStore) {

    /** The keystore's password; the peers know it too (it protects nothing worth protecting). */
    public static final String PASSWORD = "anemone-bench";

    /** Makes a fresh key and certificate in {@code dir}. */
    public static BenchCertificate create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("bench-tls.p12");
        Files.deleteIfExists(keyStore);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "bench",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output.trim());
        }
        return new BenchCertificate(keyStore);
    }

    /** A client context trusting this certificate alone. */
    public SSLContext clientContext() throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load " + keyStore + ": " + e.getMessage(), e);
        }
    }
}
