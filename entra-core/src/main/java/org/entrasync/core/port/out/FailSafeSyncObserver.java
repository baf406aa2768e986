package org.entrasync.core.port.out;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drops (and logs) what a host's observer throws, so a metrics bug never fails a sync. */
final class FailSafeSyncObserver implements SyncObserver {
  private static final Logger LOG = LoggerFactory.getLogger(FailSafeSyncObserver.class);

  private final SyncObserver delegate;

  FailSafeSyncObserver(SyncObserver delegate) {
    this.delegate = delegate;
  }

  private <E> void tell(String what, E event, Consumer<E> call) {
    try {
      call.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("The sync observer {} failed on {}; the sync goes on without it: {}",
          delegate.getClass().getName(), what, e.toString());
    }
  }

  @Override public void runStarted(RunStarted e) { tell("runStarted", e, delegate::runStarted); }
  @Override public void runFinished(RunFinished e) { tell("runFinished", e, delegate::runFinished); }
  @Override public void tenantFinished(TenantFinished e) { tell("tenantFinished", e, delegate::tenantFinished); }
  @Override public void pageApplied(PageApplied e) { tell("pageApplied", e, delegate::pageApplied); }
  @Override public void upstreamThrottled(UpstreamThrottled e) { tell("upstreamThrottled", e, delegate::upstreamThrottled); }
  @Override public void deletionsHeld(DeletionsHeld e) { tell("deletionsHeld", e, delegate::deletionsHeld); }
}
