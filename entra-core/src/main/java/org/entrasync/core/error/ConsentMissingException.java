package org.entrasync.core.error;

import java.util.Objects;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.EntraRejectedException;
import org.entrasync.spi.ErrorCode;

/**
 * One customer tenant cannot be read (no consent for the app there, no GDAP role or relationship, a
 * Conditional Access block, a token without the needed scope). Only that tenant fails; the
 * connection and the other tenants are fine. {@link #remedy()} says what an operator does about it;
 * the code is {@link ErrorCode#TENANT_ACCESS_DENIED}.
 */
public class ConsentMissingException extends EntraRejectedException {
  private final EntraTenantId tenantId;
  private final Remedy remedy;

  public ConsentMissingException(EntraTenantId tenantId, String message) {
    this(tenantId, Remedy.GRANT_CONSENT, message, null);
  }

  public ConsentMissingException(EntraTenantId tenantId, String message, Throwable cause) {
    this(tenantId, Remedy.GRANT_CONSENT, message, cause);
  }

  public ConsentMissingException(EntraTenantId tenantId, Remedy remedy, String message, Throwable cause) {
    super(ErrorCode.TENANT_ACCESS_DENIED, message, cause);
    this.tenantId = tenantId;
    this.remedy = Objects.requireNonNull(remedy, "remedy");
  }

  public EntraTenantId tenantId() {
    return tenantId;
  }

  public Remedy remedy() {
    return remedy;
  }

  /** What an operator does so that this one customer tenant can be read again. */
  public enum Remedy {
    /**
     * The app has no service principal or consent in the customer tenant (AADSTS700016, 65001):
     * grant admin consent there, or Partner Center application consent.
     */
    GRANT_CONSENT,
    /**
     * The partner user reaches the customer only through GDAP and has no fitting role there
     * (AADSTS50020, 50177, an ended relationship, CIPP's "Insufficient privileges"): give the
     * partner's security group Directory Readers or User Administrator in an active relationship.
     */
    FIX_GDAP,
    /** A Conditional Access policy of the customer blocks the sign-in (AADSTS53003): exclude the app or partner. */
    CONDITIONAL_ACCESS,
    /**
     * The token lacks a permission the call needs ({@code User.Read.All} for users,
     * {@code DelegatedAdminRelationship.Read.All} for customers): add it to the app and consent again.
     */
    GRANT_SCOPE
  }
}
