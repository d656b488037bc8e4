package dev.anemone.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate the TLS scenarios' servers present: an EC P-256 key and a self-signed
 * certificate for 127.0.0.1, made once per run with the JDK's keytool into a PKCS#12 file that
 * the JVM peers load, and that the generator trusts (and nothing else). The same certificate and
 * key are also written as PEM files, for an external peer built on OpenSSL (uWebSockets, say).
 *
 * @param keyStore the PKCS#12 file, protected by {@link #PASSWORD}
 * @param certificatePem the certificate, PEM
 * @param privateKeyPem its private key, unencrypted PKCS#8 PEM
 */
public record BenchCertificate(Path keyStore, Path certificatePem, Path privateKeyPem) {

    /** The keystore's password; the peers know it too (it protects nothing worth protecting). */
    public static final String PASSWORD = "anemone-bench";
    private static final String ALIAS = "bench";

    /** Makes a fresh key and certificate in {@code dir}. */
    public static BenchCertificate create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("bench-tls.p12");
        Files.deleteIfExists(keyStore);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output.trim());
        }
        Path certificatePem = dir.resolve("bench-tls.crt");
        Path privateKeyPem = dir.resolve("bench-tls.key");
        try {
            KeyStore store = load(keyStore);
            Files.writeString(certificatePem, pem("CERTIFICATE", store.getCertificate(ALIAS).getEncoded()));
            Key key = store.getKey(ALIAS, PASSWORD.toCharArray());
            Files.writeString(privateKeyPem, pem("PRIVATE KEY", key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot export the key from " + keyStore + ": " + e.getMessage(), e);
        }
        return new BenchCertificate(keyStore, certificatePem, privateKeyPem);
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static KeyStore load(Path keyStore) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        }
    }

    /** Deletes the files this certificate was written to. */
    public void deleteFiles() throws IOException {
        for (Path file : List.of(keyStore, certificatePem, privateKeyPem)) {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A server context presenting this certificate, keyed as core's {@code TlsOptions} keys its
     * own: {@code SunX509} reads the key once, where {@code NewSunX509} decrypts it per handshake.
     */
    public SSLContext serverContext() throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
            keys.init(load(keyStore), PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /** A client context trusting this certificate alone. */
    public SSLContext clientContext() throws IOException {
        try {
            KeyStore store = load(keyStore);
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
