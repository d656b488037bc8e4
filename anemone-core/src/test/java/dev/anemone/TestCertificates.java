package dev.anemone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for the TLS tests, made once per test run with the JDK's {@code keytool} in a
 * temporary folder, as PEM files and PKCS#12 stores:
 *
 * <ul>
 *   <li>{@link #ec}: a self-signed EC P-256 certificate for localhost and 127.0.0.1;
 *   <li>{@link #rsa}: the same with an RSA 2048 key;
 *   <li>{@link #otherName}: a self-signed certificate for {@code example.org} only, which a
 *       client trusting it must still refuse on 127.0.0.1;
 *   <li>{@link #signed}: a leaf for localhost and 127.0.0.1 signed by {@link #ca}, its chain
 *       file holding both.
 * </ul>
 */
final class TestCertificates {

    static final char[] PASSWORD = "changeit".toCharArray();
    private static final String SAN = "san=dns:localhost,ip:127.0.0.1";

    private static volatile TestCertificates made;

    final Path folder;
    final Identity ec;
    final Identity rsa;
    final Identity otherName;
    final Identity ca;
    final Identity signed;

    private TestCertificates(Path folder) throws Exception {
        this.folder = folder;
        CompletableFuture<Identity> ecMade = CompletableFuture.supplyAsync(() -> selfSigned("ec", "EC", SAN));
        CompletableFuture<Identity> rsaMade = CompletableFuture.supplyAsync(() -> selfSigned("rsa", "RSA", SAN));
        CompletableFuture<Identity> otherMade = CompletableFuture.supplyAsync(() -> selfSigned("other", "EC", "san=dns:example.org"));
        this.ca = selfSigned("ca", "EC", "bc:c");
        this.signed = signedByCa("signed");
        this.ec = ecMade.get(60, TimeUnit.SECONDS);
        this.rsa = rsaMade.get(60, TimeUnit.SECONDS);
        this.otherName = otherMade.get(60, TimeUnit.SECONDS);
    }

    /** The certificates, made on first use. */
    static TestCertificates get() {
        if (made == null) {
            synchronized (TestCertificates.class) {
                if (made == null) {
                    try {
                        Path folder = Files.createTempDirectory("anemone-tls-");
                        folder.toFile().deleteOnExit();
                        made = new TestCertificates(folder);
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot make the test certificates with keytool", e);
                    }
                }
            }
        }
        return made;
    }

    /**
     * One identity: its PKCS#12 store (password {@link #PASSWORD}), and as PEM its certificate
     * chain and its PKCS#8 key.
     */
    record Identity(Path keyStore, Path certificate, Path key) {

        /** The server's options from the PEM files. */
        TlsOptions pem() {
            return TlsOptions.fromPem(certificate, key);
        }

        /** The server's options from the PKCS#12 store. */
        TlsOptions pkcs12() {
            return TlsOptions.fromPkcs12(keyStore, PASSWORD);
        }

        /** Client options trusting this certificate (its PEM file). */
        ClientOptions trusted() {
            return ClientOptions.builder().trustedCertificates(certificate).build();
        }
    }

    private Identity selfSigned(String name, String algorithm, String extension) {
        Path store = folder.resolve(name + ".p12");
        List<String> command = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", algorithm,
                "-keysize", algorithm.equals("RSA") ? "2048" : "256", "-dname", "CN=anemone test " + name,
                "-validity", "3", "-ext", extension));
        if (!extension.startsWith("bc")) {
            command.addAll(List.of("-ext", "eku=serverAuth"));
        }
        keytool(store, command);
        return export(name, store, null);
    }

    private Identity signedByCa(String name) {
        Path store = folder.resolve(name + ".p12");
        keytool(store, List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-keysize", "256",
                "-dname", "CN=anemone test " + name, "-validity", "3"));
        Path request = folder.resolve(name + ".csr");
        keytool(store, List.of("-certreq", "-alias", name, "-file", request.toString()));
        Path leaf = folder.resolve(name + "-leaf.pem");
        keytool(ca.keyStore, List.of("-gencert", "-alias", "ca", "-infile", request.toString(), "-outfile", leaf.toString(),
                "-rfc", "-validity", "3", "-ext", SAN, "-ext", "eku=serverAuth"));
        return export(name, store, leaf);
    }

    /** Writes the store's key and certificate (or {@code leaf}, followed by the CA's) as PEM. */
    private Identity export(String name, Path store, Path leaf) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD);
            Key key = keys.getKey(name, PASSWORD);
            Path keyFile = folder.resolve(name + "-key.pem");
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
            Path chain = folder.resolve(name + "-chain.pem");
            if (leaf == null) {
                Files.writeString(chain, pem("CERTIFICATE", keys.getCertificate(name).getEncoded()));
            } else {
                Certificate caCertificate = loadCertificate(ca.keyStore, "ca");
                Files.writeString(chain, Files.readString(leaf) + pem("CERTIFICATE", caCertificate.getEncoded()));
            }
            return new Identity(store, chain, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Certificate loadCertificate(Path store, String alias) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD);
            return keys.getCertificate(alias);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void keytool(Path store, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(arguments);
        command.addAll(List.of("-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD), "-noprompt"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + String.join(" ", command) + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
