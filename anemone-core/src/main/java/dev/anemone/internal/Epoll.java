package dev.anemone.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Linux's epoll and socket calls, reached through JNI from the optional {@code anemone-epoll}
 * library. The core holds only these declarations; the library is a resource in that module's jar,
 * and without it nothing here is loaded and every loop keeps the JDK's selector.
 *
 * <p>Calls answer a count, or {@code -errno} when the system call failed: errors cost no
 * exception inside the library, and the caller words them with {@link #describe}.
 */
final class Epoll {

    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int CTL_ADD = 1;
    static final int CTL_DEL = 2;
    static final int CTL_MOD = 3;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    /** What {@link #recv} answers at the end of the stream: below every {@code -errno}. */
    static final int END_OF_STREAM = -4096;
    /** The bytes {@link #accept} writes about the peer: family (4 or 6), port and IPv6 scope as ints, then the address's bytes. */
    static final int PEER_SIZE = 28;
    /** Where the optional module keeps the library, by processor. */
    static final String LIBRARY_RESOURCE = "META-INF/native/libanemone-epoll-linux-%s.so";

    /** Why the library is not loaded, or null when it is. */
    private static final String UNAVAILABLE = load();

    private Epoll() {
    }

    /** Whether the native library is loaded and works on this JDK. */
    static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    /** Why {@link #isAvailable()} is false; null when it is true. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    private static String load() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "epoll is Linux's, and this is " + os;
        }
        String resource = String.format(LIBRARY_RESOURCE, processor());
        ClassLoader loader = Epoll.class.getClassLoader();
        try (InputStream library = loader == null ? null : loader.getResourceAsStream(resource)) {
            if (library == null) {
                return resource + " is not on the class path: add the anemone-epoll module";
            }
            // System.load needs a file: the copy is deleted once loaded, the mapping stays.
            Path copy = Files.createTempFile("anemone-epoll", ".so");
            try {
                Files.copy(library, copy, StandardCopyOption.REPLACE_EXISTING);
                System.load(copy.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(copy);
            }
        } catch (IOException | LinkageError | SecurityException e) {
            return "loading " + resource + " failed: " + e;
        }
        try (SocketChannel probe = SocketChannel.open()) {
            if (descriptor(probe) < 0) {
                return "this JDK's socket channels keep their descriptor where the library does not look";
            }
        } catch (IOException | LinkageError e) {
            return "probing the library failed: " + e;
        }
        return null;
    }

    private static String processor() {
        String arch = System.getProperty("os.arch", "");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    /** An {@link IOException} for a call that answered {@code -errno}, worded as the JDK words it. */
    static IOException failure(int negativeErrno) {
        return new IOException(describe(-negativeErrno));
    }

    /** A new epoll instance, close-on-exec. */
    static native int create();

    /** A new non-blocking eventfd, for waking a waiting loop. */
    static native int eventFd();

    /** {@code epoll_ctl}; {@code slot} comes back with each of the descriptor's events. */
    static native int control(int epoll, int op, int fd, int events, int slot);

    /**
     * {@code epoll_wait} for up to {@code max} events, written from the address {@code out} (a
     * direct buffer's, from {@link #address}, in native order) as pairs of ints: the events, then
     * the slot. Zero when interrupted by a signal.
     */
    static native int await(int epoll, long out, int max, int timeoutMillis);

    /** Adds one to an eventfd's counter: wakes whoever waits on it. */
    static native int signal(int eventFd);

    /** Reads an eventfd's counter back to zero. */
    static native int drain(int eventFd);

    /** Closes a descriptor this class opened. */
    static native int close(int fd);

    /** The descriptor inside a JDK channel, or -1 where this JDK keeps it elsewhere. */
    static native int descriptor(Object channel);

    /**
     * {@code accept4} on a listening descriptor: the new connection's descriptor, non-blocking,
     * close-on-exec and with {@code TCP_NODELAY} set; {@code -EAGAIN} when none waits, or
     * {@code -errno}. The peer's address goes into {@code peer} (direct, native order) as
     * {@link #PEER_SIZE} says.
     */
    static native int accept(int listener, ByteBuffer peer);

    /** {@code shutdown(SHUT_WR)}: the peer reads the end of the stream once what was sent before has gone. */
    static native int shutdownOutput(int fd);

    /** {@code recv} into a direct buffer's bytes from {@code position}: a count, 0 when none wait, or {@link #END_OF_STREAM}. */
    static native int recv(int fd, ByteBuffer dst, int position, int length);

    /** {@code send} from a direct buffer's bytes; 0 when the kernel takes none now. */
    static native int send(int fd, ByteBuffer src, int position, int length);

    /**
     * One {@code sendmsg} of the {@code count} direct buffers from {@code srcs[offset]}, whose
     * positions and lengths are the pairs in {@code spans}; 0 when the kernel takes none now.
     */
    static native long sendv(int fd, ByteBuffer[] srcs, int offset, int[] spans, int count);

    /** The address of a direct buffer's first byte, or {@code -EINVAL} for a heap buffer. */
    static native long address(ByteBuffer buffer);

    /**
     * A new io_uring of {@code entries} submission entries, for {@link IoRing}: a handle, or
     * {@code -errno} where the kernel refuses (too old, or io_uring turned off).
     */
    static native long ringOpen(int entries);

    /**
     * Runs the {@code count} operations of the table at {@code table} (laid out as {@link IoRing}
     * says) in as few system calls as the ring's size allows, and writes each one's result into
     * the table; 0, or {@code -errno} when the ring failed, with the operations it did not get to
     * left {@link IoRing#NOT_RUN}.
     */
    static native int ringRun(long ring, long table, int count);

    /** Releases a ring from {@link #ringOpen}. */
    static native void ringClose(long ring);

    /** The system's words for an {@code errno}. */
    static native String describe(int errno);
}
