package org.entrasync.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.entrasync.core.connection.InMemoryPendingAuthorizationStore;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.fakes.NoLauncher;
import org.entrasync.core.fakes.InMemoryHostContactDirectory;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.plugin.Installation;
import org.entrasync.core.plugin.WorkerUseCases;
import org.entrasync.core.port.out.PendingAuthorizationStore;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.Test;

/** Wiring by installing parts: one build phase, the page writer from what was installed, every gap named. */
class EntraIntegrationBuilderTest {
  private static final MspTenantId MSP = MspTenantId.of("wired-msp");
  private static final String CONTOSO = "2a1c0e55-0000-4a11-8a11-000000000001";

  private final InMemoryEntrasync core = InMemoryEntrasync.create();

  private EntraIntegrationBuilder settings() {
    return EntraIntegration.builder().edition(Edition.ENTERPRISE).secrets(core.secrets()).flags(core.flags())
        .access(StaticAccessPolicy.allowAll()).clock(core.clock());
  }

  private static EntraPlugin launcher() {
    return in -> in.launcher(new NoLauncher());
  }

  @Test
  void anEmptyBuilderNamesEverythingMissingInOneError() {
    assertThatThrownBy(() -> EntraIntegration.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(".edition(")
        .hasMessageContaining(".secrets(")
        .hasMessageContaining(".flags(")
        .hasMessageContaining(".access(")
        .hasMessageContaining("storage (install JdbiStorage")
        .hasMessageContaining("client and contact directories")
        .hasMessageContaining("GraphAdapter.create")
        .hasMessageContaining("EntraTemporal.of");
  }

  @Test
  void aBuilderWithEverythingButTheLauncherNamesOnlyTheLauncher() {
    assertThatThrownBy(() -> settings().install(core.plugin()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("EntraIntegration cannot be built; it needs the workflow launcher (install"
            + " EntraTemporal.of(workflowClient, scheduleClient)).");
  }

  @Test
  void twoPartsContributingOnePortAreNamedBoth() {
    EntraPlugin secondStorage = new EntraPlugin() {
      @Override
      public void install(Installation in) {
        in.storage(core.storagePorts());
      }

      @Override
      public String name() {
        return "SecondStorage";
      }
    };
    assertThatThrownBy(() -> settings().install(core.plugin()).install(secondStorage).install(launcher()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Two parts contribute storage")
        .hasMessageContaining("SecondStorage");
  }

  @Test
  void aPortOtherPartsBuildOnCannotBeContributedInAnAfterInstallStep() {
    EntraPlugin late = in -> in.afterInstall(ports -> in.pendingAuthorizations(new InMemoryPendingAuthorizationStore()));
    assertThatThrownBy(() -> settings().install(core.plugin()).install(late).install(launcher()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("afterInstall");
  }

  @Test
  void anAfterInstallStepSeesThePortsOfPartsInstalledAfterIt() {
    AtomicReference<Installation.InstalledPorts> seen = new AtomicReference<>();
    PendingAuthorizationStore shared = new InMemoryPendingAuthorizationStore();
    EntraPlugin dependent = in -> in.afterInstall(seen::set);
    settings().install(dependent).install(core.plugin()).install(in -> in.pendingAuthorizations(shared))
        .install(launcher()).build();
    assertThat(seen.get().storage().connections()).isSameAs(core.connections());
    assertThat(seen.get().pendingAuthorizations()).isSameAs(shared);
  }

  @Test
  void withoutAContributedStoreSignInsWaitInMemory() {
    AtomicReference<Installation.InstalledPorts> seen = new AtomicReference<>();
    settings().install(core.plugin()).install(in -> in.afterInstall(seen::set)).install(launcher()).build();
    assertThat(seen.get().pendingAuthorizations()).isInstanceOf(InMemoryPendingAuthorizationStore.class);
  }

  @Test
  void directoriesWithoutAWriterAreWrittenThroughTheContactDirectory() {
    WorkerUseCases work = buildAndSync(in -> in.hostDirectories(core.clients(), core.contacts()), null);
    assertThat(core.contacts().all(MSP)).extracting(c -> c.email()).containsExactly("ada@contoso.example");
    assertThat(work.clock()).isSameAs(core.clock());
  }

  @Test
  void aWriterInstalledWithItsDirectoriesWritesThePagesAndTheContactDirectoryIsNotWritten() {
    List<SyncPlan> written = new ArrayList<>();
    SyncPageWriter sameTransaction = (msp, plan, at) -> {
      written.add(plan);
      return new SyncPageWriter.PageWriteResult(plan.counters(), List.of());
    };
    buildAndSync(in -> in.hostDirectories(core.clients(), core.contacts(), sameTransaction), written);
    assertThat(written).hasSize(1);
    assertThat(core.contacts().calls(InMemoryHostContactDirectory.Call.CREATE_CONTACTS)).isZero();
    assertThat(core.contacts().all(MSP)).isEmpty();
  }

  /** Builds over the fakes with these host directories, maps Contoso and syncs it through the workers' entry. */
  private WorkerUseCases buildAndSync(EntraPlugin directories, List<SyncPlan> written) {
    core.directory().addTenant(CONTOSO, "Contoso", "contoso.example")
        .upsert(EmulatedUser.member("aaaaaaaa-0000-4000-8000-000000000001", "ada@contoso.example", "Ada Lovelace"));
    core.clients().add(MSP, "client-contoso", "Contoso", "https://contoso.example");
    AtomicReference<WorkerUseCases> work = new AtomicReference<>();
    settings()
        .install(in -> {
          in.storage(core.storagePorts());
          in.directoryGateway(core.directGateway());
        })
        .install(directories)
        .install(in -> {
          in.launcher(new NoLauncher());
          in.workers(work::set);
        })
        .build();
    core.connect(MSP, ConnectionType.DIRECT);
    core.discover(MSP);
    core.map(MSP, CONTOSO, "client-contoso");
    work.get().syncTenant(new TenantSyncCommand(MSP, EntraTenantId.of(CONTOSO), "client-contoso", "run-1", false, null),
        SyncProgressListener.NONE);
    return work.get();
  }

  @Test
  void closingTheIntegrationClosesWhatThePartsOpenedLastFirst() {
    List<String> closed = new ArrayList<>();
    EntraIntegration entra = settings().install(core.plugin())
        .install(in -> in.onClose(() -> closed.add("first")))
        .install(in -> in.onClose(() -> closed.add("second")))
        .install(launcher()).build();
    entra.close();
    assertThat(closed).containsExactly("second", "first");
  }

  @Test
  void theInstalledPartsAreFoundByType() {
    EntraPlugin storage = core.plugin();
    CountingPart counting = new CountingPart();
    EntraIntegration entra = settings().install(storage).install(counting).install(launcher()).build();
    assertThat(entra.installed(CountingPart.class)).containsSame(counting);
    assertThat(counting.installs).isEqualTo(1);
  }

  private static final class CountingPart implements EntraPlugin {
    int installs;

    @Override
    public void install(Installation installation) {
      installs++;
    }
  }
}
