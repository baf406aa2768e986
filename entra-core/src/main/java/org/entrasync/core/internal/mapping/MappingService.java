package org.entrasync.core.internal.mapping;

import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.mapping.MappingPreview;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.MappingRepository;
import org.entrasync.core.rules.ClientIndex;
import org.entrasync.core.rules.TenantMatch;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.MspTenantId;

/**
 * Tenant-to-client mapping: a preview that writes nothing, and explicit decision sets confirmed
 * atomically (all or nothing) after validation. Auto-matching proposes; only an operator confirms.
 */
public final class MappingService {
  private final ManagedTenantRepository tenants;
  private final MappingRepository mappings;
  private final HostClientDirectory clients;
  private final Clock clock;

  @Inject
  public MappingService(ManagedTenantRepository tenants, MappingRepository mappings, HostClientDirectory clients, Clock clock) {
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.mappings = Objects.requireNonNull(mappings, "mappings");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The review screen. Reads the tenants, the clients and the decisions once each and indexes the
   * clients once ({@link ClientIndex}), so it costs about one lookup per tenant, not one comparison
   * per tenant and client.
   */
  public MappingPreview preview(MspTenantId msp) {
    return preview(tenants.list(msp), new Matches(clients.listClients(msp)), activeByTenant(msp));
  }

  private static MappingPreview preview(List<ManagedTenant> all, Matches matches, Map<EntraTenantId, TenantMapping> decided) {
    List<MappingPreview.Row> auto = new ArrayList<>();
    List<MappingPreview.Row> review = new ArrayList<>();
    List<MappingPreview.Row> unmatched = new ArrayList<>();
    for (ManagedTenant tenant : all) {
      if (!tenant.present()) {
        continue;
      }
      TenantMatch match = matches.of(tenant);
      MappingPreview.Row row = new MappingPreview.Row(tenant.id(), tenant.displayName(), tenant.primaryDomain(),
          tenant.bestKnownUserCount(), match, decided.get(tenant.id()));
      if (match instanceof TenantMatch.AutoMatched) {
        auto.add(row);
      } else if (match instanceof TenantMatch.NeedsReview) {
        review.add(row);
      } else {
        unmatched.add(row);
      }
    }
    Comparator<MappingPreview.Row> byTenant = Comparator.comparing(r -> r.tenantId().value());
    auto.sort(byTenant);
    review.sort(byTenant);
    unmatched.sort(byTenant);
    return new MappingPreview(auto, review, unmatched);
  }

  /**
   * Confirms one decision set atomically. With {@code acceptAutoMatches}, every auto-matched tenant
   * that neither the set nor an earlier decision covers is mapped to its match.
   *
   * @throws RefusedException VALIDATION for an unknown tenant or client, CONFLICT for a tenant
   *     decided twice in the set; nothing is written then
   */
  public List<TenantMapping> confirm(MspTenantId msp, String decidedBy, List<MappingDecision> decisions, boolean acceptAutoMatches) {
    List<TenantMapping> decided = decide(msp, decidedBy, decisions, acceptAutoMatches);
    mappings.saveDecisions(msp, decided);
    return decided;
  }

  /**
   * Validates a decision set and returns the mappings it would save, writing nothing (so a caller
   * can check more before {@link #save}).
   *
   * @throws RefusedException as {@link #confirm}
   */
  public List<TenantMapping> decide(MspTenantId msp, String decidedBy, List<MappingDecision> decisions, boolean acceptAutoMatches) {
    // Each port read once per call: at MSP scale a read per tenant or per helper adds up.
    List<ManagedTenant> all = tenants.list(msp);
    Map<EntraTenantId, ManagedTenant> known = all.stream()
        .collect(Collectors.toMap(ManagedTenant::id, t -> t, (a, b) -> a, LinkedHashMap::new));
    List<HostClient> hostClients = clients.listClients(msp);
    Set<String> clientIds = hostClients.stream().map(HostClient::id).collect(Collectors.toSet());

    Map<EntraTenantId, MappingDecision> set = new LinkedHashMap<>();
    for (MappingDecision decision : decisions) {
      if (!known.containsKey(decision.tenantId())) {
        throw new RefusedException(Refusal.VALIDATION, "Tenant " + decision.tenantId()
            + " has not been discovered for this MSP. Run discovery, then decide again.");
      }
      if (decision.state() == MappingState.MAPPED && !clientIds.contains(decision.clientId())) {
        throw new RefusedException(Refusal.VALIDATION, "Client " + decision.clientId() + " does not exist.");
      }
      MappingDecision earlier = set.putIfAbsent(decision.tenantId(), decision);
      if (earlier != null && !earlier.equals(decision)) {
        throw new RefusedException(Refusal.CONFLICT, "Tenant " + decision.tenantId()
            + " appears twice in this decision set with different decisions; nothing was saved. Decide each tenant once.");
      }
    }
    Matches matches = new Matches(hostClients);
    if (acceptAutoMatches) {
      Map<EntraTenantId, TenantMapping> decided = activeByTenant(msp);
      for (MappingPreview.Row row : preview(all, matches, decided).autoMatched()) {
        if (!set.containsKey(row.tenantId()) && !decided.containsKey(row.tenantId())) {
          set.put(row.tenantId(), MappingDecision.map(row.tenantId(), ((TenantMatch.AutoMatched) row.match()).clientId()));
        }
      }
    }
    if (set.isEmpty()) {
      throw new RefusedException(Refusal.VALIDATION, "The decision set is empty: decide at least one tenant.");
    }
    Instant now = clock.instant();
    List<TenantMapping> saved = new ArrayList<>();
    for (MappingDecision d : set.values()) {
      double confidence = d.state() == MappingState.MAPPED ? confidence(matches.of(known.get(d.tenantId())), d.clientId()) : 0.0;
      saved.add(new TenantMapping(msp, d.tenantId(), d.state(), d.clientId(), confidence, decidedBy, now));
    }
    return saved;
  }

  /** Saves mappings returned by {@link #decide}, atomically. */
  public void save(MspTenantId msp, List<TenantMapping> decided) {
    mappings.saveDecisions(msp, decided);
  }

  /**
   * How many tenants would have a confirmed decision ({@code mapped} or {@code create_new}) once
   * {@code decided} replaced the active decisions of its tenants.
   */
  public int confirmedAfter(MspTenantId msp, List<TenantMapping> decided) {
    Map<EntraTenantId, TenantMapping> after = activeByTenant(msp);
    for (TenantMapping m : decided) {
      after.put(m.tenantId(), m);
    }
    int confirmed = 0;
    for (TenantMapping m : after.values()) {
      if (m.state() == MappingState.MAPPED || m.state() == MappingState.CREATE_NEW) {
        confirmed++;
      }
    }
    return confirmed;
  }

  /** Ends a tenant's active decision (history kept); its links and contacts stay as they are. */
  public void unmap(MspTenantId msp, EntraTenantId tenantId, String by) {
    if (mappings.findActive(msp, tenantId).isEmpty()) {
      throw new RefusedException(Refusal.VALIDATION, "Tenant " + tenantId + " has no active mapping to remove.");
    }
    mappings.deactivate(msp, tenantId, by, clock.instant());
  }

  public List<TenantMapping> active(MspTenantId msp) {
    return mappings.listActive(msp);
  }

  /** Counts of active decisions by state, and of present tenants still undecided. */
  public Map<String, Integer> summary(MspTenantId msp) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (MappingState state : MappingState.values()) {
      counts.put(state.wireName(), 0);
    }
    Map<EntraTenantId, TenantMapping> decided = activeByTenant(msp);
    for (TenantMapping m : decided.values()) {
      counts.merge(m.state().wireName(), 1, Integer::sum);
    }
    int undecided = 0;
    for (ManagedTenant t : tenants.list(msp)) {
      if (t.present() && !decided.containsKey(t.id())) {
        undecided++;
      }
    }
    counts.put("undecided", undecided);
    return counts;
  }

  private Map<EntraTenantId, TenantMapping> activeByTenant(MspTenantId msp) {
    Map<EntraTenantId, TenantMapping> byTenant = new HashMap<>();
    for (TenantMapping m : mappings.listActive(msp)) {
      byTenant.put(m.tenantId(), m);
    }
    return byTenant;
  }

  /** The matcher's score for the chosen client: 1.0 for the exact domain match, 0 for a manual pick. */
  private static double confidence(TenantMatch match, String clientId) {
    if (match instanceof TenantMatch.AutoMatched auto) {
      return auto.clientId().equals(clientId) ? auto.score() : 0.0;
    }
    if (match instanceof TenantMatch.NeedsReview review) {
      for (TenantMatch.Candidate candidate : review.candidates()) {
        if (candidate.clientId().equals(clientId)) {
          return candidate.score();
        }
      }
    }
    return 0.0;
  }

  /** The host's clients indexed once per call, and each tenant's match computed at most once. */
  private static final class Matches {
    private final ClientIndex index;
    private final Map<EntraTenantId, TenantMatch> byTenant = new HashMap<>();

    Matches(List<HostClient> clients) {
      this.index = ClientIndex.of(clients);
    }

    TenantMatch of(ManagedTenant tenant) {
      return byTenant.computeIfAbsent(tenant.id(), id -> index.match(tenant));
    }
  }
}
