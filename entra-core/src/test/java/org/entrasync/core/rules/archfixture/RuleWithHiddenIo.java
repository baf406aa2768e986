package org.entrasync.core.rules.archfixture;

import java.time.Instant;
import org.entrasync.core.port.out.SyncRunRepository;

/** Deliberately breaks the purity rules (a port, a clock, a file) so each rule is seen to fail. */
public final class RuleWithHiddenIo {
  private SyncRunRepository runs;

  public Instant decide() throws java.io.IOException {
    java.nio.file.Files.readString(java.nio.file.Path.of("/tmp/x"));
    return runs == null ? Instant.now() : Instant.EPOCH;
  }
}
