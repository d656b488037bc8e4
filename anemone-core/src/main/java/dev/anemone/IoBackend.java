package dev.anemone;

import java.util.Locale;

/**
 * What a server's or a client's event loops wait on for ready sockets, and how they read and
 * write them. The connections behave the same on each; only the cost differs.
 *
 * <p>A builder that is not told takes the system property {@value #PROPERTY} ({@code nio},
 * {@code epoll} or {@code auto}), and {@link #NIO} when it is unset, so a deployment can switch
 * without a code change.
 */
public enum IoBackend {

    /** The JDK's selector and socket channels: nothing outside the JDK, on every platform. The default. */
    NIO,

    /**
     * Linux's epoll, with {@code recv} and {@code send} on the socket, through the native library of
     * the optional {@code anemone-epoll} module, which must then be on the class path: without it
     * the loops refuse to start and say why. It gains where many sockets are ready at once: at a
     * thousand connections with one message in flight each, 7–12 % more messages per CPU-second
     * than {@link #NIO} in two runs of {@code ./bench} (the README's "Linux: the epoll backend").
     * Where the kernel has io_uring, the reads of the sockets one poll reports ready, and a round's
     * small writes, each go in one system call ({@code -Danemone.epoll.batching=false} turns that off).
     */
    EPOLL,

    /** {@link #EPOLL} where its library loads, {@link #NIO} elsewhere. */
    AUTO;

    /** The system property that chooses when a builder is not told. */
    public static final String PROPERTY = "anemone.transport";

    /**
     * The backend {@value #PROPERTY} names, in any case and with blanks around it; {@link #NIO} when
     * it is unset.
     *
     * @throws IllegalStateException when it names none of them
     */
    public static IoBackend fromSystemProperty() {
        String wanted = System.getProperty(PROPERTY, "nio").strip().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "nio" -> NIO;
            case "epoll" -> EPOLL;
            case "auto" -> AUTO;
            default -> throw new IllegalStateException(PROPERTY + " is nio, epoll or auto, not '" + wanted + "'");
        };
    }
}
