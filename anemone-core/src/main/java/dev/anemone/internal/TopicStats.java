package dev.anemone.internal;

/**
 * How many topics a server has and how many subscriptions they hold, for its metrics. The topics
 * give the server their own when they are set up; until then it is {@link #NONE}.
 */
interface TopicStats {

    /** No topics at all. */
    TopicStats NONE = new TopicStats() {
        @Override
        public long topics() {
            return 0;
        }

        @Override
        public long subscribers() {
            return 0;
        }
    };

    /** Topics that have subscribers now. Any thread; may be a moment old. */
    long topics();

    /** Subscriptions over all topics now. Any thread; may be a moment old. */
    long subscribers();
}
