package org.entrasync.core.fakes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.entrasync.spi.ClientDraft;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.MspTenantId;

/**
 * The host's clients in memory, per MSP tenant, listed in the order they were added. Provisioning
 * is idempotent by {@link ClientDraft#provisioningKey()} within an MSP tenant; provisioned clients
 * get ids {@code client-new-1}, {@code client-new-2}, ... from one sequence for all MSP tenants. Thread-safe.
 */
public final class InMemoryHostClientDirectory implements HostClientDirectory {
  private final Map<MspTenantId, Map<String, HostClient>> clients = new HashMap<>();
  private final Map<MspTenantId, Map<String, String>> clientByProvisioningKey = new HashMap<>();
  private int sequence;
  private final AtomicInteger provisionCalls = new AtomicInteger();

  /** Adds a client as the host had it before anything ran. */
  public synchronized HostClient add(MspTenantId tenant, HostClient client) {
    Map<String, HostClient> byId = clients.computeIfAbsent(Objects.requireNonNull(tenant, "tenant"), t -> new LinkedHashMap<>());
    if (byId.containsKey(client.id())) {
      throw new IllegalArgumentException("Client " + client.id() + " exists already in " + tenant);
    }
    byId.put(client.id(), client);
    return client;
  }

  /** Adds a client with a website and nothing else. */
  public HostClient add(MspTenantId tenant, String id, String name, String website) {
    return add(tenant, new HostClient(id, name, website == null ? List.of() : List.of(website), null, List.of()));
  }

  @Override
  public synchronized List<HostClient> listClients(MspTenantId tenant) {
    return new ArrayList<>(clients.getOrDefault(Objects.requireNonNull(tenant, "tenant"), Map.of()).values());
  }

  @Override
  public synchronized Optional<HostClient> findClient(MspTenantId tenant, String clientId) {
    return Optional.ofNullable(clients.getOrDefault(Objects.requireNonNull(tenant, "tenant"), Map.of()).get(clientId));
  }

  @Override
  public synchronized HostClient provisionClient(MspTenantId tenant, ClientDraft draft) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(draft, "draft");
    provisionCalls.incrementAndGet();
    Map<String, String> byKey = clientByProvisioningKey.computeIfAbsent(tenant, t -> new HashMap<>());
    String existing = byKey.get(draft.provisioningKey());
    if (existing != null) {
      return clients.get(tenant).get(existing);
    }
    Map<String, HostClient> byId = clients.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
    String id;
    do {
      id = "client-new-" + (++sequence);
    } while (byId.containsKey(id));
    HostClient client = new HostClient(id, draft.name(),
        draft.primaryDomain() == null ? List.of() : List.of(draft.primaryDomain()), null, List.of());
    byId.put(id, client);
    byKey.put(draft.provisioningKey(), id);
    return client;
  }

  /** The provisioning key a client was created for, if {@link #provisionClient} created it. */
  public synchronized Optional<String> provisioningKeyOf(MspTenantId tenant, String clientId) {
    return clientByProvisioningKey.getOrDefault(tenant, Map.of()).entrySet().stream()
        .filter(e -> e.getValue().equals(clientId))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** How many times {@link #provisionClient} was called (any tenant, including idempotent repeats). */
  public int provisionCalls() {
    return provisionCalls.get();
  }
}
