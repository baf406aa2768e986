package org.entrasync.spi.archfixture;

/** Deliberately breaks the SPI rule (it uses a library type) so the rule is shown to fail. */
public final class SpiClassUsingALibrary {
  public Object leak() {
    return org.assertj.core.api.Assertions.assertThat(1);
  }
}
