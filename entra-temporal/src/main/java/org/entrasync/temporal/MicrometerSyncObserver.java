package org.entrasync.temporal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.spi.MspTenantId;

/**
 * Publishes what syncs do as Micrometer meters (micrometer-core comes with the Temporal SDK, so a host
 * exporting Micrometer metrics gets these with no other dependency). Install it on the facade
 * builder: {@code .observer(new MicrometerSyncObserver(registry))}. Names and tags (see the root
 * README, "Operating it"):
 *
 * <ul>
 *   <li>{@code entrasync.runs.started} (counter; kind, dry_run)
 *   <li>{@code entrasync.run.duration} (timer, one per finished run; kind, status, dry_run)
 *   <li>{@code entrasync.tenant.sync.duration} (timer, one per finished tenant; status, dry_run)
 *   <li>{@code entrasync.tenant.users} (counter of identities by outcome; action, dry_run)
 *   <li>{@code entrasync.pages.applied} (counter; dry_run)
 *   <li>{@code entrasync.upstream.throttled} (timer of the waits upstreams asked for; scope = tenant or partner)
 *   <li>{@code entrasync.deletions.held} (counter of held inactivations; reason)
 * </ul>
 *
 * No run, workflow or Entra tenant id is ever a tag (unbounded cardinality). The MSP tenant is not a
 * tag either unless {@link #withMspTag} asks for it: a platform hosting thousands of MSPs would
 * multiply every series by their number; a host serving a few MSPs per deployment may want it.
 */
public final class MicrometerSyncObserver implements SyncObserver {
  private final MeterRegistry registry;
  private final boolean mspTag;

  public MicrometerSyncObserver(MeterRegistry registry) {
    this(registry, false);
  }

  private MicrometerSyncObserver(MeterRegistry registry, boolean mspTag) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.mspTag = mspTag;
  }

  /** The same observer with an {@code msp} tag on every meter (mind the cardinality: one series per MSP). */
  public MicrometerSyncObserver withMspTag() {
    return new MicrometerSyncObserver(registry, true);
  }

  @Override
  public void runStarted(RunStarted e) {
    Counter.builder("entrasync.runs.started").description("Sync runs opened")
        .tags(tags(e.msp(), "kind", e.kind().wireName(), "dry_run", Boolean.toString(e.dryRun())))
        .register(registry).increment();
  }

  @Override
  public void runFinished(RunFinished e) {
    Timer.builder("entrasync.run.duration").description("Sync runs closed, by final status, and how long they took")
        .tags(tags(e.msp(), "kind", e.kind().wireName(), "status", e.status().wireName(), "dry_run", Boolean.toString(e.dryRun())))
        .register(registry).record(e.duration());
  }

  @Override
  public void tenantFinished(TenantFinished e) {
    String dryRun = Boolean.toString(e.dryRun());
    Timer.builder("entrasync.tenant.sync.duration").description("Managed tenants synced within runs, by outcome")
        .tags(tags(e.msp(), "status", e.status().wireName(), "dry_run", dryRun))
        .register(registry).record(e.duration());
    SyncCounters c = e.counters();
    users(e.msp(), "created", c.created(), dryRun);
    users(e.msp(), "linked", c.linked(), dryRun);
    users(e.msp(), "updated", c.updated(), dryRun);
    users(e.msp(), "unchanged", c.unchanged(), dryRun);
    users(e.msp(), "ambiguous", c.ambiguous(), dryRun);
    users(e.msp(), "inactivated", c.inactivated(), dryRun);
    users(e.msp(), "reactivated", c.reactivated(), dryRun);
    users(e.msp(), "skipped", c.skipped(), dryRun);
  }

  private void users(MspTenantId msp, String action, int n, String dryRun) {
    if (n > 0) {
      Counter.builder("entrasync.tenant.users").description("Directory identities synced, by what the sync did with them")
          .tags(tags(msp, "action", action, "dry_run", dryRun))
          .register(registry).increment(n);
    }
  }

  @Override
  public void pageApplied(PageApplied e) {
    Counter.builder("entrasync.pages.applied").description("Pages of directory users planned and applied")
        .tags(tags(e.msp(), "dry_run", Boolean.toString(e.dryRun())))
        .register(registry).increment();
  }

  @Override
  public void upstreamThrottled(UpstreamThrottled e) {
    Timer.builder("entrasync.upstream.throttled").description("Upstream throttling, and the waits it asked for")
        .tags(tags(e.msp(), "scope", e.tenantId() == null ? "partner" : "tenant"))
        .register(registry).record(e.retryAfter());
  }

  @Override
  public void deletionsHeld(DeletionsHeld e) {
    Counter.builder("entrasync.deletions.held").description("Inactivations the deletion-safety valve held back")
        .tags(tags(e.msp(), "reason", e.reason().wireName()))
        .register(registry).increment(e.count());
  }

  private Tags tags(MspTenantId msp, String... keysAndValues) {
    Tags tags = Tags.of(keysAndValues);
    return mspTag ? tags.and(Tag.of("msp", msp.value())) : tags;
  }
}
