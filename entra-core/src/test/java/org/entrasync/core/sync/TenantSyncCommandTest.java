package org.entrasync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.api.Test;

/** A preview is a typed command, not a run id spelled at the call site. */
class TenantSyncCommandTest {
  private static final MspTenantId MSP = MspTenantId.of("msp-1");
  private static final EntraTenantId TENANT = EntraTenantId.of("11111111-aaaa-4bbb-8ccc-000000000001");

  @Test
  void aPreviewIsADryRunOfNoRunAtNormalPriority() {
    TenantSyncCommand preview = TenantSyncCommand.preview(MSP, TENANT, "client-1");

    assertThat(preview.isPreview()).isTrue();
    assertThat(preview.dryRun()).isTrue();
    assertThat(preview.runId()).isEqualTo(TenantSyncCommand.PREVIEW_RUN_ID);
    assertThat(preview.resumeFrom()).isNull();
    assertThat(preview.priority()).isEqualTo(ListingRequest.Priority.NORMAL);
  }

  @Test
  void aDryRunOfARunIsNoPreview() {
    assertThat(new TenantSyncCommand(MSP, TENANT, "client-1", "run-7", true, null).isPreview()).isFalse();
    assertThat(new TenantSyncCommand(MSP, TENANT, "client-1", "run-7", false, null).isPreview()).isFalse();
  }
}
