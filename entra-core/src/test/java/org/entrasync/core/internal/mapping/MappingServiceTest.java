package org.entrasync.core.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.entrasync.core.fakes.InMemoryHostClientDirectory;
import org.entrasync.core.fakes.InMemoryManagedTenantRepository;
import org.entrasync.core.fakes.InMemoryMappingRepository;
import org.entrasync.core.fakes.MutableClock;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.mapping.MappingPreview;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.MappingState;
import org.entrasync.core.model.TenantMapping;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.MappingRepository;
import org.entrasync.core.rules.MatchReason;
import org.entrasync.core.rules.TenantMatch;
import org.entrasync.core.rules.TenantMatcher;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MappingServiceTest {
  static final MspTenantId MSP = MspTenantId.of("msp-mapping");
  static final EntraTenantId CONTOSO = EntraTenantId.of("33333333-0000-4000-8000-000000000001");
  static final EntraTenantId NORTHWIND = EntraTenantId.of("33333333-0000-4000-8000-000000000002");
  static final EntraTenantId FABRIKAM = EntraTenantId.of("33333333-0000-4000-8000-000000000003");
  static final EntraTenantId TAILSPIN = EntraTenantId.of("33333333-0000-4000-8000-000000000004");
  static final EntraTenantId GONE = EntraTenantId.of("33333333-0000-4000-8000-000000000005");
  static final EntraTenantId WINGTIP = EntraTenantId.of("33333333-0000-4000-8000-000000000006");

  final MutableClock clock = MutableClock.at(Instant.parse("2025-03-01T09:00:00Z"));
  final InMemoryHostClientDirectory clients = new InMemoryHostClientDirectory();
  final InMemoryManagedTenantRepository tenants = new InMemoryManagedTenantRepository();
  final InMemoryMappingRepository mappings = new InMemoryMappingRepository();
  /** Calls per port method, e.g. {@code HostClientDirectory.listClients}. */
  final Map<String, Integer> reads = new TreeMap<>();
  MappingService service;

  @BeforeEach
  void setUp() {
    clients.add(MSP, "client-contoso", "Contoso", "https://www.contoso.example");
    clients.add(MSP, new HostClient("client-northwind", "Northwind Trading Co", List.of(), "billing@nwtrading.example", List.of()));
    clients.add(MSP, "client-tailspin", "Tailspin", null);
    clients.add(MSP, "client-wingtip", "Wingtip Toys", "wingtiptoys.example");
    tenants.recordDiscovery(MSP, List.of(new DiscoveredTenant(GONE, "Gone Ltd", "gone.example", 1)), clock.instant());
    tenants.recordDiscovery(MSP, List.of(
        new DiscoveredTenant(CONTOSO, "Contoso Ltd", "contoso.example", 10),
        new DiscoveredTenant(NORTHWIND, "Northwind Traders", "northwindtraders.example", 20),
        new DiscoveredTenant(FABRIKAM, "Fabrikam Dental", "fabrikamdental.example", null),
        new DiscoveredTenant(TAILSPIN, "Tailspin Toys", "tailspintoys.example", 5),
        new DiscoveredTenant(WINGTIP, "Wingtip Toys", "wingtiptoys.example", 7)), clock.instant());
    mappings.saveDecisions(MSP, List.of(
        new TenantMapping(MSP, TAILSPIN, MappingState.SKIP_FOR_NOW, null, 0.0, "earlier-operator", clock.instant())));
    service = new MappingService(counting(ManagedTenantRepository.class, tenants), counting(MappingRepository.class, mappings),
        counting(HostClientDirectory.class, clients), clock);
  }

  @Test
  void previewGroupsEveryPresentTenantByWhatTheMatcherProposes() {
    MappingPreview preview = service.preview(MSP);

    assertThat(preview.autoMatched()).extracting(MappingPreview.Row::tenantId).containsExactly(CONTOSO, WINGTIP);
    assertThat(preview.needsReview()).extracting(MappingPreview.Row::tenantId).containsExactly(NORTHWIND, TAILSPIN);
    assertThat(preview.unmatched()).extracting(MappingPreview.Row::tenantId).containsExactly(FABRIKAM);
    assertThat(preview.autoMatched().get(0).match())
        .isEqualTo(new TenantMatch.AutoMatched("client-contoso", MatchReason.EXACT_DOMAIN, 1.0));
    assertThat(preview.needsReview().get(1).existingDecision().state()).isEqualTo(MappingState.SKIP_FOR_NOW);
    assertThat(preview.needsReview().get(1).userCount()).isEqualTo(5);
    List<HostClient> hostClients = clients.listClients(MSP);
    for (MappingPreview.Row row : concat(preview)) {
      ManagedTenant tenant = tenants.find(MSP, row.tenantId()).orElseThrow();
      assertThat(row.match()).as(row.displayName()).isEqualTo(TenantMatcher.match(tenant, hostClients));
    }
  }

  @Test
  void confirmMapsUndecidedAutoMatchesAndRecordsTheMatchersScoreAsConfidence() {
    List<TenantMapping> saved = service.confirm(MSP, "operator", List.of(
        MappingDecision.map(NORTHWIND, "client-northwind"),  // the fuzzy candidate: 0.8
        MappingDecision.map(FABRIKAM, "client-tailspin"),    // a manual pick: 0
        MappingDecision.map(GONE, "client-contoso"),         // not present any more, still decidable
        MappingDecision.createNew(WINGTIP)), true);          // decided in the set: not auto-mapped

    assertThat(saved).extracting(TenantMapping::tenantId, TenantMapping::state, TenantMapping::clientId, TenantMapping::confidence)
        .containsExactly(
            tuple(NORTHWIND, MappingState.MAPPED, "client-northwind", 0.8),
            tuple(FABRIKAM, MappingState.MAPPED, "client-tailspin", 0.0),
            tuple(GONE, MappingState.MAPPED, "client-contoso", 0.0),
            tuple(WINGTIP, MappingState.CREATE_NEW, null, 0.0),
            tuple(CONTOSO, MappingState.MAPPED, "client-contoso", 1.0));
    assertThat(mappings.findActive(MSP, TAILSPIN).orElseThrow().state()).isEqualTo(MappingState.SKIP_FOR_NOW);
    assertThat(mappings.listActive(MSP)).hasSize(6);
  }

  /** At MSP scale a port read per tenant, or per call of a helper, is what makes a settings page time out. */
  @Test
  void previewAndConfirmReadTheClientsTheTenantsAndTheDecisionsOnceEach() {
    service.preview(MSP);
    assertThat(reads).containsExactlyInAnyOrderEntriesOf(Map.of(
        "HostClientDirectory.listClients", 1, "ManagedTenantRepository.list", 1, "MappingRepository.listActive", 1));

    reads.clear();
    service.confirm(MSP, "operator", List.of(MappingDecision.map(NORTHWIND, "client-northwind"),
        MappingDecision.map(FABRIKAM, "client-tailspin")), true);
    assertThat(reads).containsExactlyInAnyOrderEntriesOf(Map.of(
        "HostClientDirectory.listClients", 1, "ManagedTenantRepository.list", 1, "MappingRepository.listActive", 1,
        "MappingRepository.saveDecisions", 1));
  }

  private static List<MappingPreview.Row> concat(MappingPreview preview) {
    return Stream.of(preview.autoMatched(), preview.needsReview(), preview.unmatched())
        .flatMap(List::stream).toList();
  }

  /** {@code delegate} behind a proxy that counts the calls of each method in {@link #reads}. */
  private <T> T counting(Class<T> port, T delegate) {
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
      reads.merge(port.getSimpleName() + "." + method.getName(), 1, Integer::sum);
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }));
  }
}
