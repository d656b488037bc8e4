package dev.anemone;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the streaming tests share: a SHA-256 of a binary message taken part by part with the
 * shape of its parts (how many, the largest, where {@code last} came), deterministic payloads to
 * stream, and the heap's use after a full collection.
 *
 * <p>A digest is fed by one connection's callbacks, which run one at a time; the test thread
 * reads its figures after awaiting {@link #done}, which orders the two.
 */
final class PartDigest {

    /** Bytes per write of the producers, and the most a delivered part may hold. */
    static final int PART = 64 * 1024;

    private final MessageDigest sha = sha256();
    /** Parts so far; read by the test thread while the transfer runs. */
    private final AtomicLong parts = new AtomicLong();
    private long bytes;
    private int largestPart;
    private int lastFlags;
    private boolean partAfterLast;
    private String digest;
    /** Counted down by the part that carries {@code last}. */
    final CountDownLatch done = new CountDownLatch(1);

    /** Takes the next part; returns how many parts there have been, this one included. */
    long add(ByteBuffer part, boolean last) {
        if (lastFlags > 0) {
            partAfterLast = true;
        }
        largestPart = Math.max(largestPart, part.remaining());
        bytes += part.remaining();
        sha.update(part.duplicate());
        long count = parts.incrementAndGet();
        if (last) {
            lastFlags++;
            digest = HexFormat.of().formatHex(sha.digest());
            done.countDown();
        }
        return count;
    }

    long parts() {
        return parts.get();
    }

    long bytes() {
        return bytes;
    }

    int largestPart() {
        return largestPart;
    }

    int lastFlags() {
        return lastFlags;
    }

    boolean partAfterLast() {
        return partAfterLast;
    }

    /** The SHA-256 of the message, hex, once its last part came; else null. */
    String digest() {
        return digest;
    }

    /**
     * A deterministic payload written in chunks, with the SHA-256 of what it produced. Random
     * bytes do not compress; the compressible kind repeats a random 4 KiB block in which each copy
     * carries its index and eight random bytes at a random place, so every block differs (a part
     * lost, repeated or reordered changes the digest) while deflate still shrinks it a hundredfold.
     */
    static final class Payload {
        private final SplittableRandom random;
        private final boolean compressible;
        private final byte[] block = new byte[4096];
        private final MessageDigest sha = sha256();
        private long blocks;

        Payload(long seed, boolean compressible) {
            this.random = new SplittableRandom(seed);
            this.compressible = compressible;
            random.nextBytes(block);
        }

        /** Fills {@code chunk} (a multiple of 4 KiB) with the next bytes of the payload. */
        void next(byte[] chunk) {
            if (!compressible) {
                random.nextBytes(chunk);
            } else {
                ByteBuffer view = ByteBuffer.wrap(chunk);
                for (int at = 0; at < chunk.length; at += block.length) {
                    System.arraycopy(block, 0, chunk, at, block.length);
                    view.putLong(at, blocks++);
                    view.putLong(at + 8 + random.nextInt(block.length - 16), random.nextLong());
                }
            }
            sha.update(chunk);
        }

        /** The SHA-256 of everything produced, hex; call once, at the end. */
        String digest() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    /**
     * Heap in use after a full collection, in bytes. {@code System.gc()} may return without
     * collecting: G1 skips a full collection while a thread is inside a JNI critical region, as
     * the loops are whenever zlib deflates or inflates a heap buffer. So it is asked again until
     * the count of full collections shows one ran.
     */
    static long heapAfterGc() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            long before = fullCollections();
            System.gc();
            if (fullCollections() > before) {
                return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            }
        }
        throw new AssertionError("System.gc() ran no full collection in 10 s of asking");
    }

    /** How many full (old generation) collections have run. */
    private static long fullCollections() {
        long count = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = collector.getName();
            if (name.contains("Old") || name.contains("MarkSweep") || name.contains("Full")) {
                count += collector.getCollectionCount();
            }
        }
        return count;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
