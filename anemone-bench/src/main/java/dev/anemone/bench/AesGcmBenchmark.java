package dev.anemone.bench;

import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cipher alone under the TLS scenarios: one record's worth of AES-GCM (TLS 1.3's
 * {@code TLS_AES_128_GCM_SHA256}, which every server in {@code ./bench} runs) encrypted by the JDK's
 * provider, with a fresh nonce and the 5-byte record header as associated data, as a record
 * is. A server pays it twice per echo, to decrypt and to encrypt. Compare OpenSSL on the same
 * machine with {@code openssl speed -evp aes-128-gcm -bytes 4096}.
 *
 * <pre>java -jar anemone-bench/target/benchmarks.jar AesGcm</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AesGcmBenchmark {

    /** Plaintext bytes: a small message, the 4 KiB scenario's, a full record. */
    @Param({"16", "4096", "16384"})
    public int size;

    private final Cipher cipher;
    private final SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
    private final byte[] nonce = new byte[12];
    private final byte[] recordHeader = new byte[5];
    private byte[] plaintext;
    private byte[] ciphertext;
    private long sequence;

    public AesGcmBenchmark() {
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Setup
    public void setUp() {
        plaintext = new byte[size];
        ciphertext = new byte[size + 16];
    }

    @Benchmark
    public int encryptRecord() throws GeneralSecurityException {
        // GCM refuses a nonce used before with the same key: each record has its own, as in TLS.
        long n = ++sequence;
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] = (byte) (n >>> (8 * i));
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(recordHeader);
        return cipher.doFinal(plaintext, 0, size, ciphertext, 0);
    }
}
