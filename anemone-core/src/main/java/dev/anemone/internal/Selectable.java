package dev.anemone.internal;

/** Something registered with an {@link EventLoop}'s selector: told when its channel is ready. */
interface Selectable {

    /** The channel is ready for the operations in {@code readyOps}; runs on the loop thread. */
    void onReady(int readyOps);

    /** The loop is shutting down: release the channel. */
    void onLoopShutdown();
}
