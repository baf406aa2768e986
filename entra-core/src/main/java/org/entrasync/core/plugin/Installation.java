package org.entrasync.core.plugin;

import java.time.Clock;
import java.util.function.Consumer;
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
 * What an {@link EntraPlugin} sees while the integration is built: the host's settings, and the
 * ports it contributes. Each port has one contributor (a second one is an error naming both);
 * directory gateways (one per connection type) and resources to close may come from several parts.
 * What is missing once every part is installed is named, all at once, by {@code build()}.
 */
public interface Installation {

  /** The host's secret store. */
  SecretProvider secrets();

  /** The clock of the whole integration (use cases and workers share it). */
  Clock clock();

  /** Every storage repository. */
  void storage(StoragePorts storage);

  /**
   * The host's clients and contacts; a page of synced users is applied through {@code contacts}, a few
   * short steps per page (the contacts live apart from the library's tables).
   */
  void hostDirectories(HostClientDirectory clients, HostContactDirectory contacts);

  /**
   * The host's clients and contacts, with the page writer that writes exactly these contacts in the
   * storage's own transaction (one transaction per page). The writer comes with the directories it
   * writes, so it can never write contacts a host keeps elsewhere.
   */
  void hostDirectories(HostClientDirectory clients, HostContactDirectory contacts, SyncPageWriter sameTransactionWriter);

  /** Where started partner sign-ins wait for their callback (default: in memory, single node). */
  void pendingAuthorizations(PendingAuthorizationStore store);

  /** The gateway of one connection type (direct or CIPP). */
  void directoryGateway(DirectoryGateway gateway);

  /** The direct connection's partner sign-in. */
  void directAuth(DirectAuthGateway auth);

  /** The CIPP connection's check of typed credentials. */
  void cippValidator(CippConnectionValidator validator);

  /** The operator read models' storage (tenant list, run progress); optional: without it those reads are refused. */
  void operatorViews(OperatorViewRepository views);

  /** Starts and awaits workflows. */
  void launcher(SyncLauncher launcher);

  /** The recurring sync of each MSP tenant (optional: without one, the host starts syncs itself). */
  void schedules(ScheduleGateway schedules);

  /** Receives the use cases the library's workers call, once the integration is built. */
  void workers(Consumer<WorkerUseCases> hook);

  /** A resource {@code EntraIntegration.close()} closes (in reverse order of contribution). */
  void onClose(AutoCloseable resource);

  /**
   * Runs {@code step} once every part has been installed, with the storage and pending-sign-in ports
   * they contributed: for a part built on another part's ports (the Graph adapter on the connection
   * store and the pending sign-ins). A step may contribute gateways, validators and the rest, but not
   * the ports it is handed.
   */
  void afterInstall(Consumer<InstalledPorts> step);

  /** The ports a part may build on, read in an {@link #afterInstall} step. */
  interface InstalledPorts {
    StoragePorts storage();

    /** The contributed store, or the in-memory one when no part contributed a store. */
    PendingAuthorizationStore pendingAuthorizations();
  }
}
