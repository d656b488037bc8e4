package dev.anemone.sockjs.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The sessions of one service by id, and how many each client address holds, bounded; and the
 * sessions that live on one WebSocket each, which have no id.
 */
public final class Sessions {

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Set<Session> onWebSockets = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final int maxPerAddress;

    /** A table allowing {@code maxPerAddress} sessions per client address. */
    public Sessions(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    /** The session with {@code id}, or null. */
    public Session get(String id) {
        return byId.get(id);
    }

    /**
     * The session with {@code id}, made by {@code factory} when there is none; null when there is
     * none and the address already holds as many as it may.
     */
    public Session getOrCreate(String id, InetAddress address, Function<String, Session> factory) {
        Session existing = byId.get(id);
        if (existing != null) {
            return existing;
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (key, count) -> {
            int held = count == null ? 0 : count;
            if (held >= maxPerAddress) {
                return count;
            }
            admitted[0] = true;
            return held + 1;
        });
        if (!admitted[0]) {
            return null;
        }
        Session[] made = {null};
        Session session = byId.computeIfAbsent(id, key -> made[0] = factory.apply(key));
        if (made[0] == null) {
            release(address);
        }
        return session;
    }

    /** Adds a session that lives on one WebSocket, and so has no id. */
    public void addUnnamed(Session session) {
        onWebSockets.add(session);
    }

    /** Forgets {@code session}. Does nothing for one that is not in the table. */
    public void remove(Session session) {
        if (session.id() == null) {
            onWebSockets.remove(session);
        } else if (byId.remove(session.id(), session)) {
            release(session.origin().client());
        }
    }

    private void release(InetAddress address) {
        perAddress.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
    }

    /** How many sessions with an id are in the table. */
    public int size() {
        return byId.size();
    }

    /** Every session, with an id or on a WebSocket, a snapshot. */
    public List<Session> all() {
        List<Session> all = new ArrayList<>(byId.values());
        all.addAll(onWebSockets);
        return all;
    }
}
