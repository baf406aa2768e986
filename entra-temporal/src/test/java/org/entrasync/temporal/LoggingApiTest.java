package org.entrasync.temporal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.entrasync.temporal.archfixture.ClassUsingSystemLogger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One logging API in every module: SLF4J. This module's test classpath holds every module's
 * production classes, so the rule is checked here once for all of them.
 */
class LoggingApiTest {

  static final ArchRule ONLY_SLF4J =
      noClasses().that().resideInAPackage("org.entrasync..")
          .should().dependOnClassesThat().belongToAnyOf(System.Logger.class, System.LoggerFinder.class)
          .orShould().dependOnClassesThat().resideInAnyPackage("java.util.logging..", "org.apache.logging..",
              "org.apache.commons.logging..", "ch.qos.logback..")
          .because("the host configures one logging backend through SLF4J; System.Logger or JUL output would bypass it");

  private static JavaClasses production;

  @BeforeAll
  static void importEveryModule() {
    ImportOption noTestJars = location -> !location.contains("-tests.jar");
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(noTestJars)
        .importPackages("org.entrasync");
  }

  @Test
  void everyModuleIsImported() {
    for (String module : new String[] {"org.entrasync.spi", "org.entrasync.core", "org.entrasync.adapters.graph",
        "org.entrasync.adapters.cipp", "org.entrasync.adapters.jdbi", "org.entrasync.temporal"}) {
      assertThat(production.containPackage(module)).as(module).isTrue();
    }
  }

  @Test
  void productionCodeLogsThroughSlf4jOnly() {
    ONLY_SLF4J.check(production);
  }

  @Test
  void theRuleCatchesAViolation() {
    JavaClasses violating = new ClassFileImporter().importClasses(ClassUsingSystemLogger.class);
    assertThatThrownBy(() -> ONLY_SLF4J.check(violating)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("ClassUsingSystemLogger");
  }
}
