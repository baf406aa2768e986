package org.entrasync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entrasync.core.internal.sync.SyncFixture.MSP;
import static org.entrasync.core.internal.sync.SyncFixture.member;
import static org.entrasync.core.internal.sync.SyncFixture.uid;

import java.util.List;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.core.testing.EmulatedUser;
import org.entrasync.spi.FieldLimits;
import org.entrasync.spi.HostContact;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An upstream that sends absurdly long values cannot make us hold or write them, and cannot fail
 * the tenant: names and titles reach the host cut at the Entra limits, a user whose only addresses
 * are over-long is skipped as having no email identity, everyone else syncs.
 */
class OverLongUpstreamValuesTest {

  @ParameterizedTest
  @EnumSource(ConnectionType.class)
  void aTenMillionCharacterDisplayNameReachesTheHostCutAndTheTenantCompletes(ConnectionType connection) {
    SyncFixture f = SyncFixture.on(connection);
    String huge = "D".repeat(10_000_000);
    String tooLongAddress = "a".repeat(FieldLimits.EMAIL_ADDRESS) + "@contoso.example";
    f.contoso
        .upsert(member(1, "Ada Lovelace").withDisplayName(huge).withJobTitle("T".repeat(100_000)))
        .upsert(new EmulatedUser(uid(2), tooLongAddress, tooLongAddress, "Long Address", "Long", "Address", true, "Member",
            null, "9".repeat(1_000), List.of("8".repeat(1_000)), 1, List.of("SMTP:" + tooLongAddress)))
        .upsert(member(3, "Grace Hopper"));
    f.mapped();
    f.settings(new FieldSyncConfig(true, true, true, true, true), true);

    TenantSyncOutcome outcome = f.sync();

    assertThat(outcome.counters().created()).isEqualTo(2);
    assertThat(outcome.counters().skipped()).isEqualTo(1);
    HostContact ada = f.contactOf(1);
    assertThat(ada.fullName()).isEqualTo("D".repeat(FieldLimits.DISPLAY_NAME));
    assertThat(ada.role()).isEqualTo("T".repeat(FieldLimits.JOB_TITLE));
    assertThat(f.contactOf(3).fullName()).isEqualTo("Grace Hopper");
    assertThat(f.app.contacts().all(MSP)).allSatisfy(c -> {
      assertThat(c.fullName().length()).isLessThanOrEqualTo(FieldLimits.DISPLAY_NAME);
      assertThat(c.email()).doesNotContain(tooLongAddress.substring(0, 100));
    });
  }
}
