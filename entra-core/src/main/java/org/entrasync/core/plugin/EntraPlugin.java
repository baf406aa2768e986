package org.entrasync.core.plugin;

/**
 * A part of the library a host installs on {@link org.entrasync.core.port.in.EntraIntegrationBuilder}:
 * the storage ({@code JdbiStorage.create(dataSource).withReferenceHost()}), a connection type ({@code
 * GraphAdapter.create(config)}, {@code CippAdapter.create(config)}), the orchestration ({@code
 * EntraTemporal.of(workflowClient, scheduleClient)}). Each contributes the ports it implements when the
 * integration is built; it depends on entra-core only, never on another part.
 */
@FunctionalInterface
public interface EntraPlugin {

  /**
   * Contributes this part's ports. Called once, by {@code build()}, in installation order, with the
   * host's settings already known ({@link Installation#secrets()}, {@link Installation#clock()}); a
   * part that needs another part's ports reads them in {@link Installation#afterInstall}.
   */
  void install(Installation installation);

  /** How build errors name this part (two parts contributing one port, a misplaced contribution). */
  default String name() {
    Class<?> type = getClass();
    return type.isSynthetic() || type.isAnonymousClass() ? "a part installed as a lambda" : type.getSimpleName();
  }
}
