package org.entrasync.adapters.jdbi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entrasync.adapters.jdbi.internal.DatabaseErrors;
import org.entrasync.adapters.jdbi.internal.ReferenceHostClients;
import org.entrasync.spi.ClientDraft;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.MspTenantId;
import org.jdbi.v3.core.Jdbi;

/**
 * The reference host's clients ({@code psa_clients}, from {@link
 * EntraMigrations#migrateHostReference}).
 *
 * <ul>
 *   <li>{@code url} is the client's website (its primary domain for tenant matching); {@code
 *       billing_email} and {@code inbound_domains} are its secondary domains.
 *   <li>{@link #provisionClient} is idempotent through {@code provisioning_key} (the Entra tenant
 *       id, unique per MSP tenant): a second call returns the client of the first. New clients get a
 *       UUID id and {@code https://<primary domain>} as their URL.
 * </ul>
 */
public final class ReferenceHostClientDirectory implements HostClientDirectory {
  private final HostClientDirectory delegate;

  public ReferenceHostClientDirectory(Jdbi jdbi) {
    this(new ReferenceHostClients(Objects.requireNonNull(jdbi, "jdbi"), ReferenceHostIds.RANDOM));
  }

  ReferenceHostClientDirectory(ReferenceHostClients clients) {
    this.delegate = DatabaseErrors.translating(HostClientDirectory.class, clients);
  }

  @Override
  public List<HostClient> listClients(MspTenantId tenant) {
    return delegate.listClients(tenant);
  }

  @Override
  public Optional<HostClient> findClient(MspTenantId tenant, String clientId) {
    return delegate.findClient(tenant, clientId);
  }

  @Override
  public HostClient provisionClient(MspTenantId tenant, ClientDraft draft) {
    return delegate.provisionClient(tenant, draft);
  }
}
