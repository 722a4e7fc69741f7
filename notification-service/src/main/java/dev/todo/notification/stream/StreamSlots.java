package dev.todo.notification.stream;

import java.util.HashMap;
import java.util.Map;

/**
 * The streams open on this replica, counted per user and in all, so one token cannot hold enough
 * long-lived responses to exhaust the connector. A slot is taken before a stream opens and given back
 * once, however the stream ends.
 */
class StreamSlots {

    enum Admission { ADMITTED, USER_FULL, REPLICA_FULL }

    private final int maxPerUser;
    private final int maxTotal;
    private final Map<String, Integer> perUser = new HashMap<>();
    private int total;

    StreamSlots(int maxPerUser, int maxTotal) {
        this.maxPerUser = maxPerUser;
        this.maxTotal = maxTotal;
    }

    // Opening and closing streams is rare next to sending on them: one lock keeps both counts exact.
    synchronized Admission tryAcquire(String userId) {
        if (total >= maxTotal) {
            return Admission.REPLICA_FULL;
        }
        int held = perUser.getOrDefault(userId, 0);
        if (held >= maxPerUser) {
            return Admission.USER_FULL;
        }
        perUser.put(userId, held + 1);
        total++;
        return Admission.ADMITTED;
    }

    synchronized void release(String userId) {
        Integer held = perUser.get(userId);
        if (held == null) {
            return;
        }
        if (held == 1) {
            perUser.remove(userId);
        } else {
            perUser.put(userId, held - 1);
        }
        total--;
    }

    synchronized int total() {
        return total;
    }

    synchronized int held(String userId) {
        return perUser.getOrDefault(userId, 0);
    }
}
