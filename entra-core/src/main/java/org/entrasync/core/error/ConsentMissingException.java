package org.entrasync.core.error;

import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.EntraRejectedException;

/**
 * One customer tenant cannot be read (no consent for the app there, no GDAP role, the tenant is
 * blocked or gone). Only that tenant fails; the connection and the other tenants are fine.
 */
public class ConsentMissingException extends EntraRejectedException {
  private final EntraTenantId tenantId;

  public ConsentMissingException(EntraTenantId tenantId, String message) {
    this(tenantId, message, null);
  }

  public ConsentMissingException(EntraTenantId tenantId, String message, Throwable cause) {
    super(message, cause);
    this.tenantId = tenantId;
  }

  public EntraTenantId tenantId() {
    return tenantId;
  }
}
