package dev.anemone;

import dev.anemone.internal.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server's TLS identity: its certificate chain and private key, read once when made, so that a
 * wrong path or a key that does not match fails at start rather than at the first handshake.
 * Give it to {@link WebSocketServer.Builder#tls(TlsOptions)}: the port then speaks only TLS, and
 * its WebSockets are {@code wss://}.
 *
 * <p>Whatever the source, the server speaks TLS 1.3 and 1.2 only, with forward-secret AEAD cipher
 * suites only (AES-GCM, ChaCha20-Poly1305), offers ALPN {@code http/1.1}, and refuses
 * renegotiation. Development certificates come from {@code anemone cert}.
 *
 * <pre>{@code
 * WebSocketServer.builder()
 *         .port(8443)
 *         .tls(TlsOptions.fromPem(Path.of("cert.pem"), Path.of("key.pem")))
 *         ...
 * }</pre>
 */
public final class TlsOptions {

    private static final List<String> VERSIONS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext context;
    private final List<String> protocols;

    private TlsOptions(SSLContext context, List<String> protocols) {
        this.context = context;
        this.protocols = protocols;
    }

    /**
     * From PEM files, as most certificate authorities and {@code certbot} write them: the chain
     * ({@code fullchain.pem}: the server's certificate first, then its intermediates) and the
     * unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}), RSA, EC or EdDSA.
     *
     * @throws UncheckedIOException when a file cannot be read
     * @throws IllegalArgumentException when a file does not hold what it should, or the key does
     *     not belong to the first certificate
     */
    public static TlsOptions fromPem(Path certificateChain, Path privateKey) {
        try {
            List<X509Certificate> chain = PemFiles.certificates(certificateChain);
            PrivateKey key = PemFiles.privateKey(privateKey);
            char[] password = new char[0];
            return fromKeyStore(PemFiles.keyStore(chain, key, password), password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + certificateChain + " and " + privateKey + ": " + e.getMessage(), e);
        }
    }

    /**
     * From a PKCS#12 key store file ({@code .p12}, {@code .pfx}) holding one private key with its
     * chain, whose store and key share {@code password}.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when it is not a PKCS#12 store, or the password is wrong
     */
    public static TlsOptions fromPkcs12(Path keyStore, char[] password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return fromKeyStore(store, password);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new IllegalArgumentException("cannot open " + keyStore + ": wrong password", e);
            }
            throw new UncheckedIOException("cannot read " + keyStore + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /**
     * From a loaded key store whose private key entries are protected by {@code keyPassword}.
     *
     * @throws IllegalArgumentException when the store holds no usable key
     */
    public static TlsOptions fromKeyStore(KeyStore keyStore, char[] keyPassword) {
        try {
            if (!hasKey(keyStore)) {
                throw new IllegalArgumentException("the key store holds no private key");
            }
            // SunX509 reads each private key out of the store once, here. NewSunX509 (PKIX) fetches
            // it from the store on every handshake, and a PKCS#12 store decrypts it each time with
            // PBKDF2 (10,000 rounds of HMAC-SHA256): that doubled the CPU of a full handshake.
            KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
            keys.init(keyStore, keyPassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return new TlsOptions(context, VERSIONS);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the key store: " + e.getMessage(), e);
        }
    }

    /**
     * From an {@link SSLContext} made elsewhere (another provider, keys in a hardware module). The
     * server still restricts its engines to the protocols and cipher suites above.
     */
    public static TlsOptions fromSslContext(SSLContext context) {
        return new TlsOptions(Objects.requireNonNull(context), VERSIONS);
    }

    /**
     * The same identity, speaking only some of the versions (default both {@code TLSv1.3} and
     * {@code TLSv1.2}): {@code withProtocols("TLSv1.3")} turns away clients that lack it.
     *
     * @throws IllegalArgumentException for a version other than those two, or none
     */
    public TlsOptions withProtocols(String... versions) {
        List<String> chosen = List.of(versions);
        if (chosen.isEmpty() || !VERSIONS.containsAll(chosen)) {
            throw new IllegalArgumentException("TLS versions are chosen among " + VERSIONS + ", not " + chosen);
        }
        return new TlsOptions(context, chosen);
    }

    /** The context every connection's engine is made from. */
    public SSLContext sslContext() {
        return context;
    }

    /** The protocol versions spoken, most preferred first. */
    public List<String> protocols() {
        return protocols;
    }

    private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
        for (String alias : java.util.Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }
}
