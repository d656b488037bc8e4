package dev.anemone.internal;

import dev.anemone.IoBackend;

/** Opens each new loop's poller for the {@link IoBackend} it is given. */
final class Pollers {

    private Pollers() {
    }

    /**
     * A new poller for {@code backend}: {@link IoBackend#EPOLL} refuses to open without its
     * library, saying why; {@link IoBackend#AUTO} then falls back to the JDK's selector.
     */
    static Poller open(IoBackend backend) {
        return switch (backend) {
            case NIO -> new NioPoller();
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("the " + backend + " I/O backend was asked for ("
                            + IoBackend.PROPERTY + "=epoll or ioBackend(EPOLL)), but " + Epoll.unavailableReason());
                }
                yield new EpollPoller();
            }
            case AUTO -> Epoll.isAvailable() ? new EpollPoller() : new NioPoller();
        };
    }
}
