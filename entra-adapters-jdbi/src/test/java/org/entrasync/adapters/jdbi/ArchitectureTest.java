package org.entrasync.adapters.jdbi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dependency rules of the storage adapter and its small public surface. */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.entrasync");
  }

  @Test
  void dependsOnNoOtherAdapterNorOnOrchestration() {
    noClasses().that().resideInAPackage("org.entrasync.adapters.jdbi..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.entrasync.adapters.graph..", "org.entrasync.adapters.cipp..", "org.entrasync.temporal..")
        .check(main);
  }

  @Test
  void dependsOnNoInternalPackageOfAnotherModule() {
    noClasses().that().resideInAPackage("org.entrasync.adapters.jdbi..")
        .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.entrasync..internal..")
            .and(JavaClass.Predicates.resideOutsideOfPackage("org.entrasync.adapters.jdbi..")))
        .check(main);
  }

  @Test
  void theCoreAndTheSpiDoNotDependOnTheAdapter() {
    noClasses().that().resideInAnyPackage("org.entrasync.core..", "org.entrasync.spi..")
        .should().dependOnClassesThat().resideInAPackage("org.entrasync.adapters.jdbi..")
        .allowEmptyShould(true)
        .check(main);
  }

  @Test
  void thePublicSurfaceIsSmall() {
    assertThat(main.stream()
        .filter(c -> c.getPackageName().equals("org.entrasync.adapters.jdbi"))
        .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
        .map(c -> c.getName().substring("org.entrasync.adapters.jdbi.".length()))
        .sorted()
        .toList())
        .containsExactly("EntraMigrations", "JdbiStorage", "JdbiStorage$Builder", "ReferenceHostClientDirectory",
            "ReferenceHostContactDirectory", "ReferenceHostIds", "ReferenceHostSeeder");
  }

  @Test
  void everythingElseIsInternal() {
    classes().that().resideInAPackage("org.entrasync.adapters.jdbi..")
        .and().resideOutsideOfPackage("org.entrasync.adapters.jdbi")
        .should().resideInAPackage("org.entrasync.adapters.jdbi.internal..")
        .check(main);
  }
}
