package dev.ventana.server.identity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps that hold at most a given number of keys and drop the one used least recently: a flood of
 * invented usernames or addresses cannot grow the sign-in limits' memory, while a key that keeps
 * failing stays. Not thread-safe: the sign-in throttle holds the lock.
 */
final class RecentlyUsed {
    private RecentlyUsed() {
    }

    static <V> Map<String, V> atMost(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
