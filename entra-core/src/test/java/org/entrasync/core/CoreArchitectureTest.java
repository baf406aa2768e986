package org.entrasync.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.util.stream.Stream;
import org.entrasync.core.archfixture.CoreClassUsingALibrary;
import org.entrasync.core.rules.archfixture.RuleWithHiddenIo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The hexagon's dependency rules, each shown to fail on a deliberately violating class. */
class CoreArchitectureTest {

  static final ArchRule CORE_USES_ONLY_JDK_INJECT_AND_ENTRASYNC =
      classes().that().resideInAPackage("org.entrasync.core..")
          .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "jakarta.inject..", "org.entrasync..", "org.slf4j..",
              "io.github.resilience4j..")
          .because("entra-core depends only on entra-spi, jakarta.inject-api and slf4j-api; resilience4j serves the one"
              + " upstream retry policy (core.retry) and nothing else");

  static final ArchRule ONLY_THE_RETRY_POLICY_USES_RESILIENCE4J =
      noClasses().that().resideInAPackage("org.entrasync.core..").and().resideOutsideOfPackage("org.entrasync.core.retry..")
          .should().dependOnClassesThat().resideInAPackage("io.github.resilience4j..")
          .because("resilience4j is core's dependency only for the shared upstream retry policy");

  static final ArchRule CORE_NEVER_SEES_AN_ADAPTER =
      noClasses().that().resideInAPackage("org.entrasync.core..")
          .should().dependOnClassesThat().resideInAnyPackage("org.entrasync.adapters..", "org.entrasync.temporal..")
          .because("dependencies point inward: adapters and orchestration depend on core, never the reverse");

  static final ArchRule MODEL_AND_RULES_USE_NO_PORT =
      noClasses().that().resideInAnyPackage("org.entrasync.core.model..", "org.entrasync.core.rules..")
          .should().dependOnClassesThat().resideInAnyPackage("org.entrasync.core.port..", "org.entrasync.core.sync..")
          .because("the model and the rules are pure: they know nothing of storage, gateways or use cases");

  static final ArchRule RULES_DO_NO_IO =
      noClasses().that().resideInAPackage("org.entrasync.core.rules..")
          .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..", "java.sql..")
          .because("rules are pure functions from records to decisions");

  static final ArchRule RULES_READ_NO_CLOCK =
      noClasses().that().resideInAnyPackage("org.entrasync.core.rules..", "org.entrasync.core.model..")
          .should().callMethod(Instant.class, "now")
          .orShould().callMethod(System.class, "currentTimeMillis")
          .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
          .because("rules have no hidden clock: time comes in as data");

  private static JavaClasses production;

  @BeforeAll
  static void importProduction() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.entrasync.core");
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("core uses only JDK, jakarta.inject, entrasync", CORE_USES_ONLY_JDK_INJECT_AND_ENTRASYNC, CoreClassUsingALibrary.class),
        Arguments.of("only the retry policy uses resilience4j", ONLY_THE_RETRY_POLICY_USES_RESILIENCE4J, CoreClassUsingALibrary.class),
        Arguments.of("core never sees an adapter", CORE_NEVER_SEES_AN_ADAPTER, null),
        Arguments.of("model and rules use no port", MODEL_AND_RULES_USE_NO_PORT, RuleWithHiddenIo.class),
        Arguments.of("rules do no I/O", RULES_DO_NO_IO, RuleWithHiddenIo.class),
        Arguments.of("rules read no clock", RULES_READ_NO_CLOCK, RuleWithHiddenIo.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void productionCodeFollowsTheRule(String name, ArchRule rule, Class<?> violator) {
    rule.check(production);
  }

  @ParameterizedTest(name = "{0} fails on a violation")
  @MethodSource("rules")
  void theRuleCatchesAViolation(String name, ArchRule rule, Class<?> violator) {
    if (violator == null) {
      return; // covered below: an adapter class cannot live in core's test sources without a cycle
    }
    JavaClasses violating = new ClassFileImporter().importClasses(violator);
    assertThatThrownBy(() -> rule.check(violating)).isInstanceOf(AssertionError.class)
        .hasMessageContaining(violator.getSimpleName());
  }

  @Test
  void theAdapterRuleCatchesAViolation() {
    // A core class that names a type of an adapter package, imported from a synthetic class file.
    JavaClasses violating = new ClassFileImporter().importClasses(CoreClassNamingAnAdapter.class,
        org.entrasync.adapters.fixture.SomeAdapterType.class);
    assertThatThrownBy(() -> CORE_NEVER_SEES_AN_ADAPTER.check(violating)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("CoreClassNamingAnAdapter");
  }

  /** Lives in org.entrasync.core (test sources) and uses a class from an adapter package. */
  static final class CoreClassNamingAnAdapter {
    org.entrasync.adapters.fixture.SomeAdapterType adapter;
  }
}
