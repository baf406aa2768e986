package org.entrasync.core.internal.wiring;

import java.util.List;

/** What the installed parts opened (HTTP clients, thread pools), closed last opened first. */
public final class Resources implements AutoCloseable {
  private final List<AutoCloseable> opened;

  public Resources(List<AutoCloseable> opened) {
    this.opened = List.copyOf(opened);
  }

  /** Closes every resource, even when one fails; the first failure is thrown with the others suppressed. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException r ? r : new IllegalStateException("Closing a part failed", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
