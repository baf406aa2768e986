package org.entrasync.core.queue;

import java.util.List;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.spi.HostContact;

/** An open reconciliation item with its candidate contacts, for the review screen. */
public record QueueEntry(ReconciliationItem item, List<HostContact> candidates) {
  public QueueEntry {
    candidates = List.copyOf(candidates);
  }
}
