package org.entrasync.core.archfixture;

/** Deliberately breaks "core uses only the JDK, jakarta.inject and entrasync" so the rule is seen to fail. */
public final class CoreClassUsingALibrary {
  public Object leak() {
    return org.assertj.core.api.Assertions.assertThat("x");
  }
}
