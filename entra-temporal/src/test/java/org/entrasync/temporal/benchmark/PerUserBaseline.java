package org.entrasync.temporal.benchmark;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.entrasync.adapters.jdbi.testing.StatementCounter;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.rules.FieldOverwritePolicy;
import org.entrasync.core.rules.FilterDecision;
import org.entrasync.core.rules.UserFilter;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.EmailNormalization;
import org.entrasync.spi.NewContact;
import org.jdbi.v3.core.Jdbi;

/**
 * The comparison point, NOT the library: what a naive sync does. It lists the same users through
 * the same Graph adapter, applies the same filter and builds the same new contact, then per user
 * runs one lookup query (the identity's active link, else contacts of the client with one of its
 * emails) and writes the outcome in a transaction of its own, one single-row statement at a time
 * (contact, each phone, link; or a link to the one matching contact; or a last-seen update). Plain
 * JDBI against the same tables, on a fresh database; a contact row includes its matching key, as the
 * library's does. With the {@code entrasync.bench.analyze}
 * diagnostic it runs the same {@code ANALYZE} as the library's phases (after its first page, every
 * page or every tenant), so both sides plan with the same statistics.
 */
final class PerUserBaseline {
  private static final String LOOKUP = """
      -- baseline: lookup (link, else contacts by email)
      select 'link' as kind, l.contact_id as id
        from entra_contact_links l
       where l.msp_tenant_id = :msp and l.entra_tenant_id = :tenantId and l.entra_object_id = :objectId
         and l.status = 'active'
      union all
      select 'contact' as kind, c.id
        from psa_contacts c
       where c.msp_tenant_id = :msp and c.client_id = :clientId and c.email_normalized = any(:emails)
      """;
  private static final String INSERT_CONTACT = """
      -- baseline: insert contact
      insert into psa_contacts (msp_tenant_id, id, client_id, full_name, email, email_normalized, role, upn)
      values (:msp, :id, :clientId, :fullName, :email, :emailKey, :role, :upn)
      """;
  private static final String INSERT_PHONE = """
      -- baseline: insert phone
      insert into psa_contact_phones (msp_tenant_id, contact_id, number, type, is_default, position)
      values (:msp, :contactId, :number, :type, :isDefault, :position)
      """;
  private static final String INSERT_LINK = """
      -- baseline: insert link
      insert into entra_contact_links
        (msp_tenant_id, entra_tenant_id, entra_object_id, contact_id, client_id, status, last_seen_at, last_synced_at)
      values (:msp, :tenantId, :objectId, :contactId, :clientId, 'active', :at, :at)
      """;
  private static final String TOUCH_LINK = """
      -- baseline: touch link
      update entra_contact_links set last_seen_at = :at, last_synced_at = :at, updated_at = now()
       where msp_tenant_id = :msp and entra_tenant_id = :tenantId and entra_object_id = :objectId
      """;

  private PerUserBaseline() {}

  /** Runs the baseline for {@code tenants} on a fresh database and returns its measurement. */
  static PhaseResult run(BenchHost host, List<BenchHost.Tenant> tenants, String analyze) {
    TestDatabase db = BenchHost.freshDatabase(host.databases, "bench_baseline", tenants);
    try {
      TimedDataSource timed = new TimedDataSource(db.dataSource());
      StatementCounter counter = new StatementCounter(timed);
      Jdbi jdbi = Jdbi.create(counter);
      CpuMeter cpu = new CpuMeter(BenchHost.postmasterPid(db.dataSource()));
      SyncSettings settings = host.storage.syncSettings().get(BenchHost.MSP);
      DirectoryGateway gateway = host.graphAdapter.directoryGateway();
      AtomicLong users = new AtomicLong();
      AtomicLong pages = new AtomicLong();
      int[] outcome = new int[4]; // created, linked, unchanged, skipped
      PhaseResult.Running running = new PhaseResult.Running("per-user baseline", counter, timed, cpu);
      for (BenchHost.Tenant t : tenants) {
        gateway.streamUsers(BenchHost.MSP, t.id(), ListingRequest.full(ListingRequest.DEFAULT_PAGE_SIZE), page -> {
          // The same diagnostic as the library's phases (entrasync.bench.analyze), so both see the same statistics.
          if (analyze.equals("page") || analyze.equals("once") && pages.get() == 1) {
            jdbi.useHandle(h -> h.execute(SyncPhases.ANALYZE));
          }
          pages.incrementAndGet();
          for (DirectoryChange change : page.changes()) {
            users.incrementAndGet();
            if (!(change instanceof DirectoryChange.Present)) {
              continue;
            }
            DirectoryChange.Present present = (DirectoryChange.Present) change;
            if (!(UserFilter.evaluate(present.user(), settings.userFilter()) instanceof FilterDecision.Eligible)) {
              outcome[3]++;
              continue;
            }
            outcome[syncOne(jdbi, t, FieldOverwritePolicy.newContact(present.user(), t.clientId()),
                new ArrayList<>(present.user().emailIdentities()))]++;
          }
        });
        if (analyze.equals("tenant")) {
          jdbi.useHandle(h -> h.execute(SyncPhases.ANALYZE));
        }
      }
      SyncCounters counters = new SyncCounters(outcome[0], outcome[1], 0, outcome[2], 0, 0, 0, outcome[3]);
      PhaseResult result = running.stop(users.get(), pages.get(), counters);
      long contacts = jdbi.withHandle(h -> h.createQuery("select count(*) from psa_contacts").mapTo(Long.class).one());
      System.out.printf("    baseline database: %d contacts written%n", contacts);
      return result;
    } finally {
      host.databases.drop(db);
    }
  }

  /** One user: one lookup, then one transaction. Returns the outcome index. */
  static int syncOne(Jdbi jdbi, BenchHost.Tenant t, NewContact contact, List<String> emails) {
    String msp = BenchHost.MSP.value();
    String objectId = contact.requestKey();
    List<String[]> matches = jdbi.withHandle(h -> h.createQuery(LOOKUP)
        .bind("msp", msp)
        .bind("tenantId", t.id().value())
        .bind("objectId", objectId)
        .bind("clientId", t.clientId())
        .bindArray("emails", String.class, emails)
        .map((rs, ctx) -> new String[] {rs.getString("kind"), rs.getString("id")})
        .list());
    Timestamp now = Timestamp.from(Instant.now());
    String linked = null;
    List<String> candidates = new ArrayList<>();
    for (String[] m : matches) {
      if (m[0].equals("link")) {
        linked = m[1];
      } else {
        candidates.add(m[1]);
      }
    }
    if (linked != null) {
      jdbi.useTransaction(h -> h.createUpdate(TOUCH_LINK).bind("msp", msp).bind("tenantId", t.id().value())
          .bind("objectId", objectId).bind("at", now).execute());
      return 2;
    }
    if (candidates.size() > 1) {
      return 3; // ambiguous: a naive sync would queue it; never happens with generated users
    }
    String existing = candidates.isEmpty() ? null : candidates.get(0);
    jdbi.useTransaction(h -> {
      String contactId = existing;
      if (contactId == null) {
        contactId = UUID.randomUUID().toString();
        h.createUpdate(INSERT_CONTACT).bind("msp", msp).bind("id", contactId).bind("clientId", t.clientId())
            .bind("fullName", contact.fullName()).bind("email", contact.email())
            .bind("emailKey", EmailNormalization.normalize(contact.email())).bind("role", contact.role())
            .bind("upn", contact.userPrincipalName()).execute();
        int position = 0;
        for (ContactPhone phone : contact.phones()) {
          h.createUpdate(INSERT_PHONE).bind("msp", msp).bind("contactId", contactId).bind("number", phone.number())
              .bind("type", phone.type().wireName()).bind("isDefault", phone.isDefault()).bind("position", position++)
              .execute();
        }
      }
      h.createUpdate(INSERT_LINK).bind("msp", msp).bind("tenantId", t.id().value()).bind("objectId", objectId)
          .bind("contactId", contactId).bind("clientId", t.clientId()).bind("at", now).execute();
    });
    return existing == null ? 0 : 1;
  }
}
