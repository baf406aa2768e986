package org.entrasync.temporal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.entrasync.temporal.archfixture.TemporalClassUsingAnAdapter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Orchestration sits on the core alone: no adapter, no other module's internals. */
class TemporalArchitectureTest {

  static final ArchRule NO_ADAPTER =
      noClasses().that().resideInAPackage("org.entrasync.temporal..")
          .should().dependOnClassesThat().resideInAPackage("org.entrasync.adapters..")
          .because("the Temporal module depends on entra-core only; the host wires adapters in");

  static final ArchRule NO_FOREIGN_INTERNALS =
      noClasses().that().resideInAPackage("org.entrasync.temporal..")
          .should().dependOnClassesThat().resideInAnyPackage("org.entrasync.core..internal..", "org.entrasync.spi..internal..")
          .because("other modules' .internal packages are not part of their surface");

  private static JavaClasses production;

  @BeforeAll
  static void importProduction() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.entrasync.temporal");
  }

  @Test
  void productionCodeUsesNoAdapter() {
    NO_ADAPTER.check(production);
  }

  @Test
  void productionCodeUsesNoOtherModulesInternals() {
    NO_FOREIGN_INTERNALS.allowEmptyShould(true).check(production);
  }

  @Test
  void theAdapterRuleCatchesAViolation() {
    JavaClasses violating = new ClassFileImporter().importClasses(TemporalClassUsingAnAdapter.class);
    assertThatThrownBy(() -> NO_ADAPTER.check(violating)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("TemporalClassUsingAnAdapter");
  }
}
