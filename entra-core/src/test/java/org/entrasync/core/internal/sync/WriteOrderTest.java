package org.entrasync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entrasync.core.internal.sync.SyncFixture.CLIENT;
import static org.entrasync.core.internal.sync.SyncFixture.MSP;
import static org.entrasync.core.internal.sync.SyncFixture.TENANT_ID;
import static org.entrasync.core.internal.sync.SyncFixture.member;
import static org.entrasync.core.internal.sync.SyncFixture.uid;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.entrasync.core.fakes.FaultyHostContactDirectory.When;
import org.entrasync.core.fakes.FaultyHostContactDirectory;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.sync.SyncCheckpoint;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.spi.EntraUnavailableException;
import org.entrasync.spi.HostContact;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Write order: a failure between two writes never leaves a wrong state for good. A sync whose page
 * mixes creates, links, updates, inactivations and reactivations runs against a host that fails
 * once at its k-th write, for every k, before or after the write; the retry (resuming from the
 * last checkpoint, as the Temporal activity does) must end in exactly the state of an
 * uninterrupted run.
 */
class WriteOrderTest {

  /** The state everything is compared on: what a host and the library hold. */
  record State(List<HostContact> contacts, List<ContactLink> links, List<ReconciliationItem> queue) {
    static State of(SyncFixture f) {
      List<ContactLink> links = new ArrayList<>();
      // Timestamps differ between runs by design (the retry is later); the rest must not.
      for (ContactLink l : f.app.links().listAll(MSP)) {
        links.add(new ContactLink(l.tenantId(), l.objectId(), l.contactId(), l.clientId(), l.active(),
            l.syncInactivated(), null, null));
      }
      return new State(f.app.contacts().all(MSP), links, f.app.queue().listAll(MSP));
    }
  }

  /**
   * Eight users linked; then, for the sync under test: user 1's job title changes (update), user 2
   * is disabled (inactivate), user 3 comes back enabled after the sync had inactivated it
   * (reactivate), user 4 is deleted (inactivated after the listing), user 9 is new (create) and user
   * 10 matches a contact the host has (link).
   */
  private static SyncFixture prepared(AtomicReference<FaultyHostContactDirectory> faulty) {
    SyncFixture f = SyncFixture.with(InMemoryEntrasync.builder().hostDecorator(h -> {
      faulty.set(new FaultyHostContactDirectory(h));
      return faulty.get();
    }), ConnectionType.CIPP);
    f.settings(new FieldSyncConfig(false, false, false, true, false), true);
    for (int n = 1; n <= 8; n++) {
      f.contoso.upsert(member(n, "Person " + n).withJobTitle("Engineer"));
    }
    f.mapped().sync();
    f.contoso.disable(uid(3));
    f.app.clock().advance(Duration.ofMinutes(10));
    f.sync();
    assertThat(f.contactOf(3).inactive()).isTrue();

    f.contoso.upsert(member(1, "Person 1").withJobTitle("Chief Engineer"));
    f.contoso.disable(uid(2));
    f.contoso.enable(uid(3));
    f.contoso.delete(uid(4));
    f.contoso.upsert(member(9, "Person 9"));
    f.contoso.upsert(member(10, "Person 10"));
    f.seedContact("contact-p10", CLIENT, "P10", "person.10@contoso.example");
    f.app.clock().advance(Duration.ofMinutes(10));
    return f;
  }

  static Stream<Arguments> everyWritePosition() {
    AtomicReference<FaultyHostContactDirectory> faulty = new AtomicReference<>();
    SyncFixture counting = prepared(faulty);
    faulty.get().arm(0, When.BEFORE_WRITE);
    counting.sync();
    int writes = faulty.get().writes();
    assertThat(writes).as("the sync under test writes to the host").isGreaterThanOrEqualTo(5);
    return FaultyHostContactDirectory.everyPosition(writes);
  }

  @ParameterizedTest(name = "host fails at write {0}, {1}")
  @MethodSource("everyWritePosition")
  void aRetryAfterAFailureAtAnyWriteEndsInTheUninterruptedState(int k, When when) {
    AtomicReference<FaultyHostContactDirectory> referenceHost = new AtomicReference<>();
    SyncFixture reference = prepared(referenceHost);
    reference.sync();
    State expected = State.of(reference);

    AtomicReference<FaultyHostContactDirectory> host = new AtomicReference<>();
    SyncFixture f = prepared(host);
    host.get().arm(k, when);
    AtomicReference<SyncCheckpoint> last = new AtomicReference<>();
    assertThatThrownBy(() -> f.app.syncTenant(MSP, TENANT_ID, false, null, last::set))
        .isInstanceOf(EntraUnavailableException.class);
    f.app.clock().advance(Duration.ofSeconds(30));
    f.app.syncTenant(MSP, TENANT_ID, false, last.get(), SyncProgressListener.NONE);

    assertThat(State.of(f)).isEqualTo(expected);
    assertThat(f.contactOf(1).role()).isEqualTo("Chief Engineer");
    assertThat(f.contactOf(2).inactiveReason()).isEqualTo("disabled_upstream");
    assertThat(f.contactOf(3).inactive()).isFalse();
    assertThat(f.contactOf(4).inactiveReason()).isEqualTo("deleted_upstream");
    assertThat(f.contactOf(10).id()).isEqualTo("contact-p10");
  }
}
