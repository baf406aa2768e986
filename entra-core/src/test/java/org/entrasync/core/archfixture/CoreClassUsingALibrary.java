package org.entrasync.core.archfixture;

/** Deliberately breaks "core uses only the JDK, jakarta.inject and entrasync" so the rule is seen to fail. */
public final class CoreClassUsingALibrary {
  public Object leak() {
    return org.assertj.core.api.Assertions.assertThat("x");
  }

  /** Outside core.retry, resilience4j is off limits too. */
  public Object retryOutsideThePolicy() {
    return io.github.resilience4j.retry.RetryConfig.ofDefaults();
  }
}
