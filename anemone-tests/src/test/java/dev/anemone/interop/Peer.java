package dev.anemone.interop;

/**
 * A peer under test's control: it reports {@link #events()} and takes {@link Commands}. The
 * external peers read them on stdin; the JDK client runs them in process.
 */
interface Peer extends AutoCloseable {

    EventLog events();

    /** Runs one of the {@link Commands}. */
    void command(String line);

    /** Ends the peer, whatever its state. */
    @Override
    void close();
}
