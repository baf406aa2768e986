package org.entrasync.temporal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.entrasync.adapters.cipp.CippAdapter;
import org.entrasync.adapters.graph.GraphAdapter;
import org.entrasync.adapters.jdbi.JdbiStorage;
import org.entrasync.temporal.archfixture.TemporalClassUsingACoreService;
import org.junit.jupiter.api.Test;

/**
 * The adapters and the orchestration see the core through its surface only: the outgoing ports and
 * their values, the plugin SPI (with the workers' entry, {@code WorkerUseCases}) and the facade. The
 * use cases under {@code org.entrasync.core.internal} are wired by the core alone.
 */
class SurfaceArchitectureTest {

  /** What of the core an adapter or the orchestration may name. */
  static final DescribedPredicate<JavaClass> CORE_SURFACE = JavaClass.Predicates.resideInAnyPackage(
      "org.entrasync.core.port..", "org.entrasync.core.plugin..", "org.entrasync.core.model..",
      "org.entrasync.core.error..", "org.entrasync.core.retry..", "org.entrasync.core.connection..",
      "org.entrasync.core.sync..", "org.entrasync.core.mapping..", "org.entrasync.core.queue..",
      "org.entrasync.core.observe..")
      .as("the core's ports, plugin SPI, facade and their values");

  static final ArchRule ADAPTERS_AND_ORCHESTRATION_USE_ONLY_THE_CORES_SURFACE =
      classes().that().resideInAnyPackage("org.entrasync.adapters..", "org.entrasync.temporal..")
          .should().onlyDependOnClassesThat(JavaClass.Predicates.resideOutsideOfPackage("org.entrasync.core..")
              .or(CORE_SURFACE))
          .because("adapters and the orchestration depend on the core's ports, the plugin SPI and the facade; the use"
              + " cases (org.entrasync.core.internal) are the core's own");

  @Test
  void theAdaptersAndTheOrchestrationUseOnlyTheCoresSurface() {
    // The modules' own jars (or class directories), not the whole classpath: fast, and no test-jar.
    JavaClasses production = new ClassFileImporter().importUrls(Stream.of(EntraTemporal.class, GraphAdapter.class,
        CippAdapter.class, JdbiStorage.class).map(type -> type.getProtectionDomain().getCodeSource().getLocation()).toList());
    ADAPTERS_AND_ORCHESTRATION_USE_ONLY_THE_CORES_SURFACE.check(production);
  }

  @Test
  void theRuleCatchesAClassThatCallsAUseCaseDirectly() {
    JavaClasses violating = new ClassFileImporter().importClasses(TemporalClassUsingACoreService.class);
    assertThatThrownBy(() -> ADAPTERS_AND_ORCHESTRATION_USE_ONLY_THE_CORES_SURFACE.check(violating))
        .isInstanceOf(AssertionError.class).hasMessageContaining("TemporalClassUsingACoreService");
  }
}
