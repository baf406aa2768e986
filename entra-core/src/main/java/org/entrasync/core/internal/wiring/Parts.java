package org.entrasync.core.internal.wiring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.entrasync.core.connection.InMemoryPendingAuthorizationStore;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.plugin.Installation;
import org.entrasync.core.plugin.WorkerUseCases;
import org.entrasync.core.port.out.CippConnectionValidator;
import org.entrasync.core.port.out.DirectAuthGateway;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.port.out.OperatorViewRepository;
import org.entrasync.core.port.out.PendingAuthorizationStore;
import org.entrasync.core.port.out.ScheduleGateway;
import org.entrasync.core.port.out.StoragePorts;
import org.entrasync.core.port.out.SyncLauncher;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.SecretProvider;

/**
 * The ports the installed parts contribute, collected in one build phase: every part's {@code install},
 * then every {@code afterInstall} step, then one check that names everything missing.
 */
public final class Parts implements Installation, Installation.InstalledPorts {
  private final SecretProvider secrets;
  private final Clock clock;
  /** Which part is being installed, to name it when two parts contribute the same port. */
  private String installing = "the host";
  private boolean afterInstall;
  private final Map<String, String> contributors = new LinkedHashMap<>();

  private StoragePorts storage;
  private HostClientDirectory clients;
  private HostContactDirectory contacts;
  private SyncPageWriter sameTransactionWriter;
  private PendingAuthorizationStore pendingAuthorizations;
  private final List<DirectoryGateway> gateways = new ArrayList<>();
  private DirectAuthGateway directAuth;
  private CippConnectionValidator cippValidator;
  private OperatorViewRepository operatorViews;
  private SyncLauncher launcher;
  private ScheduleGateway schedules;
  private final List<Consumer<WorkerUseCases>> workerHooks = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<Step> steps = new ArrayList<>();

  private record Step(String part, Consumer<InstalledPorts> step) {}

  public Parts(SecretProvider secrets, Clock clock) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Installs every part, runs their {@code afterInstall} steps, and checks nothing required is missing. */
  public Parts installAll(List<EntraPlugin> plugins) {
    for (EntraPlugin plugin : plugins) {
      installing = plugin.name();
      plugin.install(this);
    }
    if (pendingAuthorizations == null) {
      pendingAuthorizations = new InMemoryPendingAuthorizationStore(clock);
    }
    afterInstall = true;
    for (Step step : steps) {
      installing = step.part();
      if (storage == null) {
        break; // reported below; a step cannot build on storage that is not there
      }
      step.step().accept(this);
    }
    installing = "the host";
    return this;
  }

  /** The parts not contributed that the integration cannot work without, as the host would install them. */
  public List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (storage == null) {
      missing.add("storage (install JdbiStorage.create(dataSource).withReferenceHost() or .withHostContacts(clients, contacts))");
    }
    if (clients == null) {
      missing.add("the host's client and contact directories (JdbiStorage ... .withReferenceHost() or"
          + " .withHostContacts(clients, contacts))");
    }
    if (gateways.isEmpty()) {
      missing.add("a connection type (install GraphAdapter.create(graphConfig) and/or CippAdapter.create(cippConfig))");
    }
    if (launcher == null) {
      missing.add("the workflow launcher (install EntraTemporal.of(workflowClient, scheduleClient))");
    }
    return missing;
  }

  private void once(String port, Object current) {
    String earlier = contributors.putIfAbsent(port, installing);
    if (current != null || earlier != null) {
      throw new IllegalStateException("Two parts contribute " + port + ": " + earlier + " and " + installing
          + "; install only one of them.");
    }
  }

  private void beforeSteps(String port) {
    if (afterInstall) {
      throw new IllegalStateException(installing + " contributes " + port + " in an afterInstall step; contribute it"
          + " in install(), so the other parts' steps can build on it.");
    }
  }

  // ---- Installation --------------------------------------------------------------------------

  @Override
  public SecretProvider secrets() {
    return secrets;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void storage(StoragePorts value) {
    beforeSteps("storage");
    once("storage", storage);
    storage = Objects.requireNonNull(value, "storage");
  }

  @Override
  public void hostDirectories(HostClientDirectory clientDirectory, HostContactDirectory contactDirectory) {
    beforeSteps("the host directories");
    once("the host directories", clients);
    clients = Objects.requireNonNull(clientDirectory, "clients");
    contacts = Objects.requireNonNull(contactDirectory, "contacts");
  }

  @Override
  public void hostDirectories(HostClientDirectory clientDirectory, HostContactDirectory contactDirectory,
      SyncPageWriter writer) {
    hostDirectories(clientDirectory, contactDirectory);
    sameTransactionWriter = Objects.requireNonNull(writer, "sameTransactionWriter");
  }

  @Override
  public void pendingAuthorizations(PendingAuthorizationStore store) {
    beforeSteps("the pending sign-in store");
    once("the pending sign-in store", pendingAuthorizations);
    pendingAuthorizations = Objects.requireNonNull(store, "store");
  }

  @Override
  public void directoryGateway(DirectoryGateway gateway) {
    Objects.requireNonNull(gateway, "gateway");
    once("the " + gateway.type().wireName() + " directory gateway", null);
    gateways.add(gateway);
  }

  @Override
  public void directAuth(DirectAuthGateway auth) {
    once("the direct sign-in", directAuth);
    directAuth = Objects.requireNonNull(auth, "auth");
  }

  @Override
  public void cippValidator(CippConnectionValidator validator) {
    once("the CIPP validator", cippValidator);
    cippValidator = Objects.requireNonNull(validator, "validator");
  }

  @Override
  public void operatorViews(OperatorViewRepository views) {
    once("the operator views", operatorViews);
    operatorViews = Objects.requireNonNull(views, "views");
  }

  @Override
  public void launcher(SyncLauncher value) {
    once("the workflow launcher", launcher);
    launcher = Objects.requireNonNull(value, "launcher");
  }

  @Override
  public void schedules(ScheduleGateway value) {
    once("the schedule gateway", schedules);
    schedules = Objects.requireNonNull(value, "schedules");
  }

  @Override
  public void workers(Consumer<WorkerUseCases> hook) {
    workerHooks.add(Objects.requireNonNull(hook, "hook"));
  }

  @Override
  public void onClose(AutoCloseable resource) {
    closeables.add(Objects.requireNonNull(resource, "resource"));
  }

  @Override
  public void afterInstall(Consumer<InstalledPorts> step) {
    if (afterInstall) {
      throw new IllegalStateException(installing + " registers an afterInstall step inside another one.");
    }
    steps.add(new Step(installing, Objects.requireNonNull(step, "step")));
  }

  // ---- InstalledPorts and what the wiring reads --------------------------------------------------

  @Override
  public StoragePorts storage() {
    return storage;
  }

  @Override
  public PendingAuthorizationStore pendingAuthorizations() {
    return pendingAuthorizations;
  }

  public HostClientDirectory clients() { return clients; }
  public HostContactDirectory contacts() { return contacts; }
  /** The writer that came with the host directories, or null: then pages go through the contact directory. */
  public SyncPageWriter sameTransactionWriter() { return sameTransactionWriter; }
  public List<DirectoryGateway> gateways() { return List.copyOf(gateways); }
  public DirectAuthGateway directAuth() { return directAuth; }
  public CippConnectionValidator cippValidator() { return cippValidator; }
  /** The operator read models' storage, or null: then those reads are refused, saying what to install. */
  public OperatorViewRepository operatorViews() { return operatorViews; }
  public SyncLauncher launcher() { return launcher; }
  public ScheduleGateway schedules() { return schedules; }
  public List<Consumer<WorkerUseCases>> workerHooks() { return List.copyOf(workerHooks); }
  public List<AutoCloseable> closeables() { return List.copyOf(closeables); }
}
