package dev.anemone.bench.load;

/** The moment the phase thread said "go", shared by the loops; 0 until then. */
final class StartSignal {

    private volatile long startedAt;

    void start() {
        startedAt = System.nanoTime();
    }

    long startedAt() {
        return startedAt;
    }
}
