package org.entrasync.spi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.entrasync.spi.archfixture.SpiClassUsingALibrary;
import org.junit.jupiter.api.Test;

class SpiArchitectureTest {

  /** The SPI is what every host implements: JDK only, so it never drags a library into a host. */
  static final ArchRule SPI_IS_JDK_ONLY =
      classes()
          .that().resideInAPackage("org.entrasync.spi..")
          .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.entrasync.spi..")
          .because("entra-spi has no dependencies: hosts implement it with the JDK alone");

  @Test
  void productionClassesAreJdkOnly() {
    JavaClasses production =
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.entrasync.spi");
    SPI_IS_JDK_ONLY.check(production);
  }

  @Test
  void theRuleCatchesAViolation() {
    JavaClasses violating = new ClassFileImporter().importClasses(SpiClassUsingALibrary.class);
    assertThatThrownBy(() -> SPI_IS_JDK_ONLY.check(violating))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SpiClassUsingALibrary");
  }
}
