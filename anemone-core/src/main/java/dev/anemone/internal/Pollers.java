package dev.anemone.internal;

import java.util.Locale;

/**
 * Chooses each new loop's poller from the system property {@value #PROPERTY}:
 * <ul>
 *   <li>{@code nio}, the default: the JDK's selector, nothing outside the JDK;
 *   <li>{@code epoll}: Linux's epoll through the {@code anemone-epoll} module's native library,
 *       which must then be on the class path (a loop refuses to start without it, saying why);
 *   <li>{@code auto}: epoll where the library loads, else the JDK's selector.
 * </ul>
 */
final class Pollers {

    /** The system property that chooses. */
    static final String PROPERTY = "anemone.transport";

    private Pollers() {
    }

    /** A new poller of the kind the property asks for. */
    static Poller open() {
        String wanted = System.getProperty(PROPERTY, "nio").strip().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "nio" -> new NioPoller();
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException(PROPERTY + "=epoll, but " + Epoll.unavailableReason());
                }
                yield new EpollPoller();
            }
            case "auto" -> Epoll.isAvailable() ? new EpollPoller() : new NioPoller();
            default -> throw new IllegalStateException(
                    PROPERTY + " is nio, epoll or auto, not '" + wanted + "'");
        };
    }
}
