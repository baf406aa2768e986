package org.entrasync.adapters.graph;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GraphArchitectureTest {
  private static final String[] VENDOR_PACKAGES = {"com.microsoft.graph", "com.microsoft.kiota", "okhttp3", "okio", "com.azure"};
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.entrasync.adapters.graph");
  }

  @Test
  void theGraphAdapterDependsOnNoOtherAdapterAndNotOnOrchestration() {
    ArchRule rule = noClasses().that().resideInAPackage("org.entrasync.adapters.graph..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.entrasync.adapters.cipp..", "org.entrasync.adapters.jdbi..", "org.entrasync.temporal..");
    rule.check(main);
  }

  @Test
  void noVendorTypeAppearsInThePublicApi() {
    assertThat(main.size()).isGreaterThan(10);
    publicApiLeaksNoVendorTypes("org.entrasync.adapters.graph").check(main);
  }

  @Test
  void theVendorRuleCatchesALeak() {
    JavaClasses fixture = new ClassFileImporter().importClasses(LeakyApi.class);
    EvaluationResult result = publicApiLeaksNoVendorTypes(LeakyApi.class.getPackageName()).evaluate(fixture);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d).contains("http()"))
        .anySatisfy(d -> assertThat(d).contains("clients(")).anySatisfy(d -> assertThat(d).contains("<init>"));
    assertThat(result.getFailureReport().getDetails()).noneSatisfy(d -> assertThat(d).contains("hidden"));
  }

  /**
   * Public methods and constructors of public classes in {@code apiPackage} (not in {@code .internal})
   * mention no Graph SDK, Kiota, OkHttp/Okio or Azure type in their return type, parameters (type
   * arguments included) or declared exceptions.
   */
  static ArchRule publicApiLeaksNoVendorTypes(String apiPackage) {
    return codeUnits().that().arePublic()
        .and().areDeclaredInClassesThat().arePublic()
        .and().areDeclaredInClassesThat().resideInAPackage(apiPackage)
        .should(new ArchCondition<JavaCodeUnit>("mention no vendor type in their signature") {
          @Override
          public void check(JavaCodeUnit unit, ConditionEvents events) {
            List<JavaType> types = new ArrayList<>();
            types.add(unit.getReturnType());
            types.addAll(unit.getParameterTypes());
            unit.getThrowsClause().getTypes().forEach(types::add);
            for (JavaType type : types) {
              Set<JavaClass> involved = type.getAllInvolvedRawTypes();
              for (JavaClass c : involved) {
                if (isVendor(c.getName())) {
                  events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes " + c.getName()));
                }
              }
            }
          }
        });
  }

  private static boolean isVendor(String className) {
    for (String p : VENDOR_PACKAGES) {
      if (className.startsWith(p + ".")) {
        return true;
      }
    }
    return false;
  }

  /** A deliberately bad public API, to prove the rule can fail. */
  public static class LeakyApi {
    public LeakyApi(OkHttpClient client) {}

    public OkHttpClient http() {
      return null;
    }

    public void clients(List<OkHttpClient> clients) {}

    OkHttpClient hidden() {
      return null;
    }
  }
}
