package org.entrasync.core.contract;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.MspTenantId;

/**
 * Test data shared by the storage contracts. Every test makes new MSP tenant ids, so contracts can
 * run against one shared database without cleaning up between tests.
 */
public final class ContractData {
  /** A fixed origin: contracts never read a clock. Whole seconds survive any storage precision. */
  public static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

  private ContractData() {}

  /** A new, unique MSP tenant id. */
  public static MspTenantId newMsp(String label) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return MspTenantId.of((label + "-" + suffix).toLowerCase(Locale.ROOT));
  }

  /** The n-th customer tenant id (the same in every MSP tenant: identical data, isolated rows). */
  public static EntraTenantId tenant(int n) {
    return EntraTenantId.of(String.format(Locale.ROOT, "22222222-0000-4000-8000-%012d", n));
  }

  /** The n-th user object id. */
  public static EntraObjectId user(int n) {
    return EntraObjectId.of(String.format(Locale.ROOT, "c0000000-0000-4000-8000-%012d", n));
  }

  public static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  public static DiscoveredTenant discovered(int n, String name) {
    return new DiscoveredTenant(tenant(n), name, "tenant" + n + ".example", 10 * n);
  }
}
