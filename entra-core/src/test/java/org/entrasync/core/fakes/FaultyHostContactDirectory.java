package org.entrasync.core.fakes;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.entrasync.spi.ContactCreateOutcome;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;

/**
 * A host directory that fails once, at its k-th write call (create, patch, inactivate or
 * reactivate), with a transient {@link EntraUnavailableException}: either before the write
 * (nothing written) or after it (written, but the answer lost, as a timeout after a commit would
 * be). Reads always pass. Every write call is counted, so a test can first count the writes of an
 * uninterrupted run and then fail at each position in turn.
 */
public final class FaultyHostContactDirectory implements HostContactDirectory {
  /** Whether the failing write happened before the error. */
  public enum When {
    BEFORE_WRITE,
    AFTER_WRITE
  }

  private final HostContactDirectory delegate;
  private final AtomicInteger writes = new AtomicInteger();
  private volatile int failAt;
  private volatile When when = When.BEFORE_WRITE;

  /** Counts writes and fails none until {@link #arm}ed. */
  public FaultyHostContactDirectory(HostContactDirectory delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Restarts the count; the {@code failAt}-th write from now (1-based) fails once; 0 fails none. */
  public FaultyHostContactDirectory arm(int failAt, When when) {
    this.when = Objects.requireNonNull(when, "when");
    this.failAt = failAt;
    writes.set(0);
    return this;
  }

  /** Every (position, when) a test should fail at, for {@code writes} write calls: parameterized-test arguments. */
  public static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> everyPosition(int writes) {
    List<org.junit.jupiter.params.provider.Arguments> cases = new java.util.ArrayList<>();
    for (int k = 1; k <= writes; k++) {
      for (When when : When.values()) {
        cases.add(org.junit.jupiter.params.provider.Arguments.of(k, when));
      }
    }
    return cases.stream();
  }

  /** Write calls since the last {@link #arm} (the failed one included). */
  public int writes() {
    return writes.get();
  }

  @Override
  public List<HostContact> findByEmails(MspTenantId tenant, String clientId, Collection<String> normalizedEmails) {
    return delegate.findByEmails(tenant, clientId, normalizedEmails);
  }

  @Override
  public List<HostContact> findByIds(MspTenantId tenant, Collection<String> contactIds) {
    return delegate.findByIds(tenant, contactIds);
  }

  @Override
  public List<ContactCreateOutcome> createContacts(MspTenantId tenant, List<NewContact> contacts) {
    return write(() -> delegate.createContacts(tenant, contacts));
  }

  @Override
  public void applyPatches(MspTenantId tenant, List<ContactPatch> patches) {
    write(() -> {
      delegate.applyPatches(tenant, patches);
      return null;
    });
  }

  @Override
  public void setInactive(MspTenantId tenant, Collection<String> contactIds, String reason) {
    write(() -> {
      delegate.setInactive(tenant, contactIds, reason);
      return null;
    });
  }

  @Override
  public void setActive(MspTenantId tenant, Collection<String> contactIds) {
    write(() -> {
      delegate.setActive(tenant, contactIds);
      return null;
    });
  }

  private <T> T write(java.util.function.Supplier<T> call) {
    boolean fail = writes.incrementAndGet() == failAt;
    if (fail && when == When.BEFORE_WRITE) {
      throw new EntraUnavailableException("The host did not answer (injected before write " + failAt + ")");
    }
    T result = call.get();
    if (fail) {
      throw new EntraUnavailableException("The host's answer was lost (injected after write " + failAt + ")");
    }
    return result;
  }
}
