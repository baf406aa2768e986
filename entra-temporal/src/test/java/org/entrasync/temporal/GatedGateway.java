package org.entrasync.temporal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.spi.MspTenantId;

/** A gateway that holds listings of chosen tenants until released, so tests can catch a run in flight. */
final class GatedGateway implements DirectoryGateway {
  private final DirectoryGateway delegate;
  private final Set<EntraTenantId> gated = ConcurrentHashMap.newKeySet();
  private final CountDownLatch entered = new CountDownLatch(1);
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final java.util.Map<EntraTenantId, RuntimeException> failing = new ConcurrentHashMap<>();
  private final java.util.Map<EntraTenantId, java.util.concurrent.atomic.AtomicInteger> listings = new ConcurrentHashMap<>();
  private volatile long firstByteDelayMillis;

  GatedGateway(DirectoryGateway delegate) {
    this.delegate = delegate;
  }

  /** Listings of {@code tenant} wait until {@link #release()}. */
  GatedGateway hold(EntraTenantId tenant) {
    gated.add(tenant);
    gate = new CountDownLatch(1);
    return this;
  }

  /** Every listing of {@code tenant} fails with {@code error}. */
  GatedGateway failTenant(EntraTenantId tenant, RuntimeException error) {
    failing.put(tenant, error);
    return this;
  }

  /** Every listing waits this long before its first page, as CIPP does while it gathers a tenant. */
  GatedGateway firstByteDelay(java.time.Duration delay) {
    firstByteDelayMillis = delay.toMillis();
    return this;
  }

  /** How many listings of {@code tenant} were started (a retried activity starts another). */
  int listingsOf(EntraTenantId tenant) {
    java.util.concurrent.atomic.AtomicInteger n = listings.get(tenant);
    return n == null ? 0 : n.get();
  }

  void release() {
    gate.countDown();
  }

  /** Waits until a held listing has started. */
  boolean awaitHeld() throws InterruptedException {
    return entered.await(30, TimeUnit.SECONDS);
  }

  @Override
  public ConnectionType type() {
    return delegate.type();
  }

  @Override
  public int validate(MspTenantId msp) {
    return delegate.validate(msp);
  }

  @Override
  public List<DiscoveredTenant> listManagedTenants(MspTenantId msp) {
    return delegate.listManagedTenants(msp);
  }

  @Override
  public boolean supportsDelta() {
    return delegate.supportsDelta();
  }

  @Override
  public ListingOutcome streamUsers(MspTenantId msp, EntraTenantId tenant, ListingRequest request, PageSink sink) {
    listings.computeIfAbsent(tenant, t -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    if (firstByteDelayMillis > 0) {
      try {
        Thread.sleep(firstByteDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    RuntimeException failure = failing.get(tenant);
    if (failure != null) {
      throw failure;
    }
    if (gated.contains(tenant)) {
      entered.countDown();
      try {
        if (!gate.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("gate never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return delegate.streamUsers(msp, tenant, request, sink);
  }
}
