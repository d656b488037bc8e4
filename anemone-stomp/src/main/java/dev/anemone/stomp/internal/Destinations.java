package dev.anemone.stomp.internal;

import dev.anemone.stomp.StompException;

/** What the broker's destination names mean: {@code /topic/…} fans out, {@code /queue/…} hands each message to one subscriber. */
final class Destinations {

    private Destinations() {
    }

    static boolean isTopic(String destination) {
        return destination.startsWith("/topic/") && destination.length() > "/topic/".length();
    }

    static void checkQueue(String destination) {
        if (!destination.startsWith("/queue/") || destination.length() == "/queue/".length()) {
            throw new StompException("destination must be /topic/NAME or /queue/NAME");
        }
    }
}
