package org.entrasync.adapters.cipp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final String[] VENDOR_PACKAGES = {"retrofit2..", "okhttp3..", "okio..", "com.fasterxml.jackson.."};

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.entrasync.adapters.cipp");

  static ArchRule noOtherAdapterOrOuterRing(String... forbidden) {
    return noClasses().that().resideInAPackage("org.entrasync.adapters.cipp..")
        .should().dependOnClassesThat().resideInAnyPackage(forbidden)
        .because("adapters never depend on each other or on the orchestration ring");
  }

  /** Public classes outside {@code .internal} expose no Retrofit, OkHttp, Okio or Jackson type. */
  static ArchRule noVendorTypeInPublicApi() {
    return classes().that().resideInAPackage("org.entrasync.adapters.cipp..")
        .and().resideOutsideOfPackage("..internal..")
        .and().arePublic()
        .should(exposeNoVendorType())
        .because("no vendor type crosses the adapter's public surface");
  }

  private static ArchCondition<JavaClass> exposeNoVendorType() {
    DescribedPredicate<JavaClass> vendor = JavaClass.Predicates.resideInAnyPackage(VENDOR_PACKAGES);
    return new ArchCondition<>("expose no Retrofit/OkHttp/Okio/Jackson type in a public signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        for (JavaCodeUnit unit : c.getCodeUnits()) {
          if (!unit.getModifiers().contains(JavaModifier.PUBLIC) && !unit.getModifiers().contains(JavaModifier.PROTECTED)) {
            continue;
          }
          Set<JavaClass> involved = new LinkedHashSet<>(unit.getReturnType().getAllInvolvedRawTypes());
          unit.getParameterTypes().forEach(t -> involved.addAll(t.getAllInvolvedRawTypes()));
          unit.getThrowsClause().getTypes().forEach(involved::add);
          for (JavaClass t : involved) {
            if (vendor.test(t)) {
              events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes " + t.getName()));
            }
          }
        }
        for (JavaField f : c.getFields()) {
          if (f.getModifiers().contains(JavaModifier.PUBLIC) || f.getModifiers().contains(JavaModifier.PROTECTED)) {
            for (JavaClass t : f.getType().getAllInvolvedRawTypes()) {
              if (vendor.test(t)) {
                events.add(SimpleConditionEvent.violated(f, f.getFullName() + " exposes " + t.getName()));
              }
            }
          }
        }
        JavaClass superclass = c.getRawSuperclass().orElse(null);
        if (superclass != null && vendor.test(superclass)) {
          events.add(SimpleConditionEvent.violated(c, c.getName() + " extends " + superclass.getName()));
        }
        for (JavaClass i : c.getRawInterfaces()) {
          if (vendor.test(i)) {
            events.add(SimpleConditionEvent.violated(c, c.getName() + " implements " + i.getName()));
          }
        }
      }
    };
  }

  @Test
  void dependsOnNoOtherAdapterNorTemporal() {
    noOtherAdapterOrOuterRing("org.entrasync.adapters.graph..", "org.entrasync.adapters.jdbi..",
        "org.entrasync.temporal..").check(MAIN);
  }

  @Test
  void thePublicSurfaceShowsNoVendorType() {
    noVendorTypeInPublicApi().check(MAIN);
  }

  // The rules can fail: proven on classes that break them.

  /** A public class outside .internal that leaks vendor types. */
  public static class LeakyApi {
    public okhttp3.OkHttpClient client() {
      return null;
    }

    public void read(java.util.List<com.fasterxml.jackson.databind.JsonNode> nodes) {}
  }

  @Test
  void theSignatureRuleCatchesALeak() {
    JavaClasses leaky = new ClassFileImporter().importClasses(LeakyApi.class);
    assertThatThrownBy(() -> noVendorTypeInPublicApi().check(leaky))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("okhttp3.OkHttpClient")
        .hasMessageContaining("com.fasterxml.jackson.databind.JsonNode");
  }

  @Test
  void theDependencyRuleCatchesADependency() {
    // the gateway does depend on core; the same rule aimed at core must therefore fail
    assertThatThrownBy(() -> noOtherAdapterOrOuterRing("org.entrasync.core.port..").check(MAIN))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CippDirectoryGateway");
  }
}
