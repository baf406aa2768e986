package org.entrasync.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RulesTest {

  @Test
  void everyRuleFamilyIsListedOnceWithADescription() {
    assertThat(Rules.ALL).extracting(Rules.RuleFamily::name).containsExactly(
        "UserFilter", "TenantMatcher", "ContactMatcher", "FieldOverwritePolicy", "SyncPlanner", "DeletionSafety",
        "WizardState");
    assertThat(Rules.ALL).allSatisfy(family -> {
      assertThat(family.type().getSimpleName()).isEqualTo(family.name());
      assertThat(family.description()).isNotBlank().doesNotContain("\n");
    });
  }

  @Test
  void ruleClassesAreFinalWithOnlyStaticFunctions() {
    for (Class<?> type : new Class<?>[] {
      UserFilter.class, TenantMatcher.class, ContactMatcher.class, FieldOverwritePolicy.class, SyncPlanner.class,
      DeletionSafety.class, Rules.class}) {
      assertThat(Modifier.isFinal(type.getModifiers())).as(type.getSimpleName()).isTrue();
      assertThat(type.getDeclaredConstructors()).allMatch(c -> Modifier.isPrivate(((Constructor<?>) c).getModifiers()));
      assertThat(Arrays.stream(type.getDeclaredMethods()).filter(m -> !m.isSynthetic()))
          .as(type.getSimpleName())
          .allMatch(m -> Modifier.isStatic(m.getModifiers()));
    }
  }
}
