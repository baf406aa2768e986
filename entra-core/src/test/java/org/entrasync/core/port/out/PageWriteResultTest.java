package org.entrasync.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.port.out.SyncPageWriter.PageWriteResult;
import org.entrasync.spi.NewContact;
import org.junit.jupiter.api.Test;

/** A page is counted in one place: the plan's counters, less what the writer could not do as planned. */
class PageWriteResultTest {
  private static final EntraTenantId TENANT = EntraTenantId.of("11111111-aaaa-4bbb-8ccc-000000000001");

  private static EntraObjectId user(int n) {
    return EntraObjectId.of(String.format("00000001-0000-4000-8000-%012d", n));
  }

  private static PlannedAction.Create create(int n) {
    return new PlannedAction.Create(user(n), new NewContact(user(n).value(), "client-1", "User " + n,
        "user" + n + "@contoso.example", null, null, List.of()));
  }

  private final SyncPlan plan = new SyncPlan(TENANT, "client-1", List.of(
      create(1), create(2), create(3),
      new PlannedAction.Link(user(4), "c-4", null),
      new PlannedAction.Update(user(5), "c-5", new org.entrasync.spi.ContactPatch("c-5", "User 5", null, null, null, null)),
      new PlannedAction.Inactivate(user(6), "c-6", InactiveReason.DISABLED_UPSTREAM),
      new PlannedAction.PendingRemoval(user(7), "c-7", InactiveReason.DELETED_UPSTREAM),
      new PlannedAction.Skip(user(8), SkipReason.GUEST, null)), Set.of());

  @Test
  void aPageWrittenAsPlannedCountsThePlan() {
    PageWriteResult result = PageWriteResult.of(plan, List.of(), List.of());

    assertThat(result.counters()).isEqualTo(plan.counters())
        .isEqualTo(new SyncCounters(3, 1, 1, 0, 0, 1, 0, 1));
    assertThat(result.refused()).isEmpty();
  }

  @Test
  void refusedIdentitiesCountAsSkippedAndCreatesSatisfiedByALinkAsLinked() {
    List<PlannedAction.Skip> refused = List.of(
        new PlannedAction.Skip(user(1), SkipReason.HOST_REFUSED, "email already used"),
        new PlannedAction.Skip(user(5), SkipReason.HOST_REFUSED, "the contact is already linked to another Entra identity"));

    PageWriteResult result = PageWriteResult.of(plan, refused, List.of(user(2)));

    assertThat(result.counters()).isEqualTo(new SyncCounters(1, 2, 0, 0, 0, 1, 0, 3));
    assertThat(result.counters().total()).as("one bucket per identity, the pending removal in none")
        .isEqualTo(plan.counters().total());
    assertThat(result.refused()).isEqualTo(refused);
  }
}
