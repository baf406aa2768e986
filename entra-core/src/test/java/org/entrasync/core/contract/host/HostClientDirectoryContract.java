package org.entrasync.core.contract.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.entrasync.spi.ClientDraft;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HostClientDirectory} must do: list and find the MSP's clients with the fields
 * tenant matching reads, provision a client for a {@code create_new} decision idempotently (keyed by
 * the provisioning key, even under concurrent calls), keep two MSP tenants apart, and offer no way
 * to delete a client.
 */
public abstract class HostClientDirectoryContract {
  protected static final MspTenantId MSP_A = MspTenantId.of("contract-msp-a");
  protected static final MspTenantId MSP_B = MspTenantId.of("contract-msp-b");
  protected static final String TENANT_1 = "22222222-2222-4222-8222-222222222222";
  protected static final String TENANT_2 = "33333333-3333-4333-8333-333333333333";

  private static final Pattern DESTRUCTIVE = Pattern.compile("(?i)^(delete|remove|purge|destroy|drop|erase|truncate).*");

  protected HostClientDirectory directory;

  /** A directory holding no client of {@link #MSP_A} or {@link #MSP_B}; called once before each test. */
  protected abstract HostClientDirectory newDirectory();

  /**
   * Adds a client to the host as an MSP user would (outside the SPI); returns its id.
   *
   * @param websites the client's URL / website / domain fields
   */
  protected abstract String seedClient(MspTenantId msp, String name, List<String> websites, String billingEmail,
      List<String> inboundEmailDomains);

  @BeforeEach
  void createDirectory() {
    directory = newDirectory();
  }

  @Test
  void listsTheClientsWithTheFieldsMatchingReads() {
    String contoso = seedClient(MSP_A, "Contoso", List.of("https://www.contoso.example"), "ap@contoso.example",
        List.of("contoso-mail.example"));
    String fabrikam = seedClient(MSP_A, "Fabrikam", List.of(), null, List.of());

    List<HostClient> clients = directory.listClients(MSP_A);

    assertThat(clients).extracting(HostClient::id).containsExactlyInAnyOrder(contoso, fabrikam);
    HostClient c = clients.stream().filter(x -> x.id().equals(contoso)).findFirst().orElseThrow();
    assertThat(c.name()).isEqualTo("Contoso");
    assertThat(c.websites()).anySatisfy(w -> assertThat(w).containsIgnoringCase("contoso.example"));
    assertThat(c.billingEmail()).isEqualToIgnoringCase("ap@contoso.example");
    assertThat(c.inboundEmailDomains()).anySatisfy(d -> assertThat(d).containsIgnoringCase("contoso-mail.example"));
  }

  @Test
  void findsAClientByIdAndNothingForAnUnknownId() {
    String contoso = seedClient(MSP_A, "Contoso", List.of("contoso.example"), null, List.of());

    assertThat(directory.findClient(MSP_A, contoso)).get().extracting(HostClient::name).isEqualTo("Contoso");
    assertThat(directory.findClient(MSP_A, "no-such-client")).isEmpty();
  }

  @Test
  void provisioningCreatesAClientWithTheTenantsNameAndDomain() {
    HostClient created = directory.provisionClient(MSP_A, new ClientDraft(TENANT_1, "Contoso Ltd", "contoso.example"));

    assertThat(created.id()).isNotBlank();
    assertThat(created.name()).isEqualTo("Contoso Ltd");
    assertThat(created.websites()).anySatisfy(w -> assertThat(w).containsIgnoringCase("contoso.example"));
    assertThat(directory.findClient(MSP_A, created.id())).get().extracting(HostClient::name).isEqualTo("Contoso Ltd");
    assertThat(directory.listClients(MSP_A)).extracting(HostClient::id).containsExactly(created.id());
  }

  @Test
  void provisioningWithoutADomainWorks() {
    HostClient created = directory.provisionClient(MSP_A, new ClientDraft(TENANT_1, "Contoso Ltd", null));

    assertThat(directory.findClient(MSP_A, created.id())).isPresent();
  }

  @Test
  void provisioningTwiceWithTheSameKeyReturnsTheFirstClient() {
    seedClient(MSP_A, "Existing", List.of(), null, List.of());
    HostClient first = directory.provisionClient(MSP_A, new ClientDraft(TENANT_1, "Contoso Ltd", "contoso.example"));

    HostClient again = directory.provisionClient(MSP_A, new ClientDraft(TENANT_1, "Contoso Ltd", "contoso.example"));

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(directory.listClients(MSP_A)).hasSize(2);
  }

  @Test
  void differentKeysMakeDifferentClientsEvenWithTheSameName() {
    HostClient one = directory.provisionClient(MSP_A, new ClientDraft(TENANT_1, "Contoso", null));
    HostClient two = directory.provisionClient(MSP_A, new ClientDraft(TENANT_2, "Contoso", null));

    assertThat(one.id()).isNotEqualTo(two.id());
    assertThat(directory.listClients(MSP_A)).hasSize(2);
  }

  @Test
  void concurrentProvisioningOfOneKeyMakesOneClient() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        calls.add(() -> {
          start.await();
          return directory.provisionClient(MSP_A, new ClientDraft(TENANT_1, "Contoso Ltd", "contoso.example")).id();
        });
      }
      List<Future<String>> futures = new ArrayList<>();
      for (Callable<String> call : calls) {
        futures.add(pool.submit(call));
      }
      start.countDown();
      Set<String> ids = new java.util.HashSet<>();
      for (Future<String> f : futures) {
        ids.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(ids).hasSize(1);
      assertThat(directory.listClients(MSP_A)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoMspTenantsWithIdenticalDataAreKeptApart() {
    String a = seedClient(MSP_A, "Contoso", List.of("contoso.example"), null, List.of());
    String b = seedClient(MSP_B, "Contoso", List.of("contoso.example"), null, List.of());
    HostClient provisionedA = directory.provisionClient(MSP_A, new ClientDraft(TENANT_1, "Fabrikam", "fabrikam.example"));

    // The same provisioning key in another MSP tenant is another client.
    HostClient provisionedB = directory.provisionClient(MSP_B, new ClientDraft(TENANT_1, "Fabrikam", "fabrikam.example"));

    assertThat(directory.listClients(MSP_A)).extracting(HostClient::id).containsExactlyInAnyOrder(a, provisionedA.id());
    assertThat(directory.listClients(MSP_B)).extracting(HostClient::id).containsExactlyInAnyOrder(b, provisionedB.id());
    Set<String> idsOfB = Set.of(b, provisionedB.id());
    // Looking up A's ids through B finds nothing of A (or B's own client, if the host reuses ids across tenants).
    for (String idOfA : List.of(a, provisionedA.id())) {
      directory.findClient(MSP_B, idOfA).ifPresent(found -> assertThat(idsOfB).contains(found.id()));
    }
  }

  @Test
  void noMethodCanDeleteAClient() {
    List<Method> methods = new ArrayList<>(Arrays.asList(HostClientDirectory.class.getMethods()));
    methods.addAll(Arrays.asList(directory.getClass().getMethods()));
    assertThat(methods).extracting(Method::getName).noneMatch(name -> DESTRUCTIVE.matcher(name).matches());
  }
}
