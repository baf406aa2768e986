package org.entrasync.core.sync;

/**
 * Told after every applied page and after each step that follows the listing; the Temporal activity
 * heartbeats the checkpoint.
 */
@FunctionalInterface
public interface SyncProgressListener {
  SyncProgressListener NONE = checkpoint -> {};

  void pageApplied(SyncCheckpoint checkpoint);
}
