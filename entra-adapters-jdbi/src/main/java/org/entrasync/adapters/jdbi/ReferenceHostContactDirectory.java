package org.entrasync.adapters.jdbi;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.entrasync.adapters.jdbi.internal.DatabaseErrors;
import org.entrasync.adapters.jdbi.internal.ReferenceHostContacts;
import org.entrasync.adapters.jdbi.internal.ReferenceHostTables;
import org.entrasync.spi.ContactCreateOutcome;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;
import org.jdbi.v3.core.Jdbi;

/**
 * The reference host's contacts ({@code psa_contacts} and {@code psa_contact_phones}, from {@link
 * EntraMigrations#migrateHostReference}). Every method is one statement whatever the batch size.
 *
 * <ul>
 *   <li>Emails are compared by their matching key {@code email_normalized}, the library's one
 *       normalization ({@link org.entrasync.spi.EmailNormalization}: Unicode whitespace and space
 *       separators stripped, lower case), computed in Java and written with every address. Creates
 *       refuse an address another contact of the client uses (with {@code emailUniquePerTenant}, of
 *       any client of the MSP tenant).
 *   <li>{@link #createContacts} refuses, per contact and never by exception, an email the client
 *       already uses ({@value #REFUSED_SAME_CLIENT}), in unique-per-tenant mode an email of another
 *       client's contact ({@value #REFUSED_OTHER_CLIENT}), a second request for the same email in
 *       one batch, and an unknown client; the other contacts of the batch are still created. New
 *       contacts get UUID ids.
 *   <li>{@link #applyPatches}: null fields are left as they are; a phone list replaces the
 *       contact's phones; an email that another contact already uses (of the client, or of the MSP
 *       tenant in unique-per-tenant mode) is left unchanged rather than failing the batch.
 *   <li>Nothing deletes a contact.
 * </ul>
 */
public final class ReferenceHostContactDirectory implements HostContactDirectory {
  public static final String REFUSED_SAME_CLIENT = "email already used by another contact of this client";
  public static final String REFUSED_OTHER_CLIENT = "email already used by a contact of another client";

  private final ReferenceHostContacts store;
  private final HostContactDirectory delegate;

  /** Emails unique per client only. */
  public ReferenceHostContactDirectory(Jdbi jdbi) {
    this(jdbi, false);
  }

  /**
   * @param emailUniquePerTenant also refuse an email that a contact of another client of the same
   *     MSP tenant uses
   */
  public ReferenceHostContactDirectory(Jdbi jdbi, boolean emailUniquePerTenant) {
    this(new ReferenceHostTables(Objects.requireNonNull(jdbi, "jdbi"), emailUniquePerTenant, ReferenceHostIds.RANDOM)
        .contacts());
  }

  ReferenceHostContactDirectory(ReferenceHostContacts store) {
    this.store = store;
    this.delegate = DatabaseErrors.translating(HostContactDirectory.class, store);
  }

  public boolean emailUniquePerTenant() {
    return store.emailUniquePerTenant();
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
    return delegate.createContacts(tenant, contacts);
  }

  @Override
  public void applyPatches(MspTenantId tenant, List<ContactPatch> patches) {
    delegate.applyPatches(tenant, patches);
  }

  @Override
  public void setInactive(MspTenantId tenant, Collection<String> contactIds, String reason) {
    delegate.setInactive(tenant, contactIds, reason);
  }

  @Override
  public void setActive(MspTenantId tenant, Collection<String> contactIds) {
    delegate.setActive(tenant, contactIds);
  }

  /** Every contact of the MSP tenant with its phones, ordered by id (output, tests). */
  public List<HostContact> listContacts(MspTenantId tenant) {
    return translate(() -> store.listContacts(tenant));
  }

  static <T> T translate(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      Throwable translated = DatabaseErrors.translate(e);
      throw translated instanceof RuntimeException ? (RuntimeException) translated : e;
    }
  }
}
