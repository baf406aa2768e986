package org.entrasync.adapters.cipp.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A map that keeps at most {@code capacity} entries and drops the least recently used one beyond
 * that: for the adapter's per-URL and per-client caches, which an instance serving every MSP would
 * otherwise grow without end. Thread-safe (one lock; the values are cheap to look up).
 */
public final class BoundedLru<K, V> {
  private final int capacity;
  private final LinkedHashMap<K, V> map;

  public BoundedLru(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > BoundedLru.this.capacity;
      }
    };
  }

  /** The value of {@code key}, computed (under the lock) when absent. */
  public synchronized V computeIfAbsent(K key, Function<? super K, ? extends V> compute) {
    return map.computeIfAbsent(key, compute);
  }

  public synchronized int size() {
    return map.size();
  }
}
