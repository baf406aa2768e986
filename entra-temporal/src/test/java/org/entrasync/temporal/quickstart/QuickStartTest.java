package org.entrasync.temporal.quickstart;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.temporal.client.schedules.ScheduleClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.entrasync.adapters.jdbi.JdbiStorage;
import org.entrasync.core.model.RunStatus;
import org.entrasync.core.port.in.ConfirmResult;
import org.entrasync.core.port.in.EntraIntegration;
import org.entrasync.core.port.in.ScheduleOutcome;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.testing.EmulatedTenant;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.Actor;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.MspTenantId;
import org.entrasync.temporal.testing.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The path a new host developer takes, with nothing but the public API and the test kit: the README's
 * quick start ({@link QuickStart}, quoted by the README) wired over the local stack's infrastructure,
 * then a first sync through each emulator. The Temporal test server has no schedules, so keeping the
 * recurring sync fails there: the confirmation reports it and its mappings and initial sync stand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuickStartTest {
  static final MspTenantId DIRECT = MspTenantId.of("msp-quick-direct");
  static final MspTenantId CIPP = MspTenantId.of("msp-quick-cipp");
  static final String CONTOSO = "5a5a5a5a-0000-4000-8000-000000000001";
  static final String FABRIKAM = "5a5a5a5a-0000-4000-8000-000000000002";
  static final Duration WAIT = Duration.ofMinutes(2);

  LocalStack stack;
  EntraIntegration entra;

  @BeforeAll
  void startTheQuickStartOnTheLocalStack() {
    stack = LocalStack.builder().databaseName("quick_start").infrastructureOnly().start();
    addTenant(CONTOSO, "Contoso", "contoso.example", 3);
    addTenant(FABRIKAM, "Fabrikam", "fabrikam.example", 2);
    JdbiStorage seeding = JdbiStorage.create(stack.dataSource());
    for (MspTenantId msp : List.of(DIRECT, CIPP)) {
      stack.flags().enableAllPhase1(msp);
      seeding.referenceHostSeeder().insertClients(msp, List.of(
          new HostClient("client-contoso", "Contoso", List.of("https://contoso.example"), null, List.of()),
          new HostClient("client-fabrikam", "Fabrikam", List.of("https://fabrikam.example"), null, List.of())));
    }

    entra = QuickStart.start(stack.dataSource(), stack.secrets(), stack.flags(), stack.access(), stack.graphConfig(),
        stack.cippConfig(), stack.workflowClient(), ScheduleClient.newInstance(stack.temporal().getWorkflowServiceStubs()),
        stack.workerFactory());
  }

  @AfterAll
  void stop() {
    if (entra != null) {
      entra.close();
    }
    stack.close();
  }

  private void addTenant(String id, String name, String domain, int users) {
    EmulatedTenant tenant = stack.directory().addTenant(id, name, domain);
    for (int i = 0; i < users; i++) {
      tenant.upsert(EmulatedUser.member(id.substring(0, 24) + String.format("%012d", 100 + i),
          "user" + i + "@" + domain, "User" + i + " " + name));
    }
  }

  @Test
  void aFirstSyncThroughGraph() {
    Actor admin = Actor.internal(DIRECT, "alice");
    var start = entra.startDirectConnection(admin, URI.create(GraphEmulator.DEFAULT_REDIRECT_URI));
    entra.completeDirectConnection(admin, stack.graph().authorize(start.authorizationUrl()));

    firstSync(admin);
  }

  @Test
  void aFirstSyncThroughCipp() {
    Actor admin = Actor.internal(CIPP, "bob");
    entra.connectCipp(admin, CippCredentials.withToken(stack.cippBaseUrl(), stack.cippToken()));

    firstSync(admin);
  }

  private void firstSync(Actor admin) {
    assertThat(entra.awaitRun(admin, entra.discoverTenants(admin), WAIT)).contains(RunStatus.COMPLETED);

    ConfirmResult confirmed = entra.confirmMappings(admin, List.of(), true, true);

    assertThat(confirmed.saved()).hasSize(2);
    assertThat(confirmed.initialSync()).as("the initial sync started").isNotNull();
    assertThat(confirmed.schedule().state()).isEqualTo(ScheduleOutcome.State.FAILED);
    assertThat(confirmed.schedule().problem()).contains("does not support schedules");
    assertThat(entra.awaitRun(admin, confirmed.initialSync(), WAIT)).contains(RunStatus.COMPLETED);
    assertThat(entra.run(admin, confirmed.initialSync().runId()).orElseThrow().counters().created()).isEqualTo(5);
    assertThat(entra.activeMappings(admin)).hasSize(2);
  }

  @Test
  void theQuickStartNamesNoInternalType() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("..internal..", "org.entrasync.core.fakes..")
        .because("a host wires the library from its public API")
        .check(new ClassFileImporter().importClasses(QuickStart.class));
  }

  @Test
  void theReadmeQuotesTheQuickStart() throws IOException {
    String source = Files.readString(Path.of("src/test/java/org/entrasync/temporal/quickstart/QuickStart.java"));
    String readme = Files.readString(Path.of("../README.md"));
    assertThat(region(readme).strip()).isEqualTo(unindented(region(source)).strip());
  }

  private static String region(String text) {
    int begin = text.indexOf('\n', text.indexOf("quick-start:begin")) + 1;
    int end = text.lastIndexOf('\n', text.indexOf("quick-start:end"));
    String block = text.substring(begin, end);
    return block.replace("```java\n", "").replace("\n```", "");
  }

  private static String unindented(String block) {
    return block.lines().map(line -> line.startsWith("  ") ? line.substring(2) : line)
        .reduce((a, b) -> a + "\n" + b).orElse("");
  }
}
