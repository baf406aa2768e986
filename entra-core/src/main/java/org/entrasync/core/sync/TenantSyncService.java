package org.entrasync.core.sync;

import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.entrasync.core.connection.DirectoryGateways;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingOutcome;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.core.port.out.SyncPageWriter.PageWriteResult;
import org.entrasync.core.port.out.SyncSettingsRepository;
import org.entrasync.core.rules.DeletionDecision;
import org.entrasync.core.rules.DeletionSafety;
import org.entrasync.core.rules.DeletionThreshold;
import org.entrasync.core.rules.SyncPlanner;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;

/**
 * Syncs one mapped managed tenant: streams its users page by page (a delta round when a cursor
 * exists and the connection supports it, else a full listing), and per page filters, batch-loads
 * links and candidate contacts (one round trip each), plans, and applies the plan in one unit of
 * work. After a complete full listing it inactivates identities that vanished, through the
 * deletion-safety rule. A dry run plans everything and writes nothing.
 *
 * <p>Eligible users: a full listing counts users that pass the filters. A delta round sees only
 * changes, so it adjusts the last count: plus created and linked, minus inactivated, plus
 * reactivated.
 */
public final class TenantSyncService {
  private static final System.Logger LOG = System.getLogger(TenantSyncService.class.getName());

  private final DirectoryGateways gateways;
  private final ManagedTenantRepository tenants;
  private final SyncSettingsRepository settings;
  private final ContactLinkRepository links;
  private final ReconciliationQueueRepository queue;
  private final HostContactDirectory contacts;
  private final SyncPageWriter writer;
  private final Clock clock;
  private final int pageSize;
  private final DeletionThreshold deletionThreshold;

  @Inject
  public TenantSyncService(
      DirectoryGateways gateways,
      ManagedTenantRepository tenants,
      SyncSettingsRepository settings,
      ContactLinkRepository links,
      ReconciliationQueueRepository queue,
      HostContactDirectory contacts,
      SyncPageWriter writer,
      Clock clock) {
    this(gateways, tenants, settings, links, queue, contacts, writer, clock,
        ListingRequest.DEFAULT_PAGE_SIZE, DeletionThreshold.DEFAULT);
  }

  public TenantSyncService(
      DirectoryGateways gateways,
      ManagedTenantRepository tenants,
      SyncSettingsRepository settings,
      ContactLinkRepository links,
      ReconciliationQueueRepository queue,
      HostContactDirectory contacts,
      SyncPageWriter writer,
      Clock clock,
      int pageSize,
      DeletionThreshold deletionThreshold) {
    this.gateways = Objects.requireNonNull(gateways, "gateways");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.links = Objects.requireNonNull(links, "links");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.contacts = Objects.requireNonNull(contacts, "contacts");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pageSize = pageSize;
    this.deletionThreshold = Objects.requireNonNull(deletionThreshold, "deletionThreshold");
  }

  public TenantSyncOutcome sync(TenantSyncCommand command, SyncProgressListener progress) {
    OptionalLong generation = gateways.activeGeneration(command.msp()); // the connection this sync works under
    try {
      return syncOnce(command, progress);
    } catch (CredentialRejectedException rejected) {
      gateways.recordRejected(command.msp(), generation, rejected);
      throw rejected;
    }
  }

  private TenantSyncOutcome syncOnce(TenantSyncCommand command, SyncProgressListener progress) {
    MspTenantId msp = command.msp();
    DirectoryGateway gateway = gateways.forTenant(msp);
    SyncSettings config = settings.get(msp);
    ManagedTenant tenant = tenants.find(msp, command.tenantId())
        .orElseThrow(() -> new IllegalStateException("Tenant " + command.tenantId() + " was never discovered for " + msp));

    SyncCheckpoint start = command.resumeFrom() != null
        ? command.resumeFrom()
        : freshCheckpoint(gateway, tenant);
    Run run = new Run(command, config, gateway, start, progress);
    ListingOutcome outcome;
    try {
      outcome = run.list();
    } catch (DeltaCursorExpiredException expired) {
      LOG.log(System.Logger.Level.INFO, "Delta cursor of tenant {0} expired; doing a full listing", command.tenantId());
      if (!command.dryRun()) {
        tenants.saveDeltaCursor(msp, command.tenantId(), null);
      }
      run = new Run(command, config, gateway, fullCheckpoint(null), progress);
      outcome = run.list();
    }

    String note = null;
    SyncCounters counters = run.counters;
    boolean deletionRefused = false;
    if (run.mode == ListingRequest.Mode.FULL) {
      DeletionOutcome deletion = detectDeletions(command, run, outcome.complete());
      counters = counters.plus(deletion.counters);
      note = deletion.note;
      deletionRefused = deletion.note != null;
      run.dryRunEntries.addAll(deletion.dryRun);
    }

    Instant observedAt = clock.instant();
    int eligible = run.mode == ListingRequest.Mode.FULL ? run.eligible : inSyncAfterDelta(command, tenant, run);
    if (!command.dryRun()) {
      if (outcome.newDeltaCursor() != null && gateway.supportsDelta()) {
        tenants.saveDeltaCursor(msp, command.tenantId(), outcome.newDeltaCursor());
      }
      // A listing cut short, or one the deletion-safety rule distrusted, did not see the tenant as it
      // is: keep the last good count.
      if (run.mode != ListingRequest.Mode.FULL || (outcome.complete() && !deletionRefused)) {
        tenants.recordCompletedSync(msp, command.tenantId(), eligible, observedAt);
      }
    }
    note = joinNotes(note, skippedNote(run));
    return new TenantSyncOutcome(counters, eligible, observedAt, note, run.dryRunEntries);
  }

  /**
   * A delta round sees only changes, so it cannot count the tenant's users; it counts what is in
   * sync instead: identities linked to an active contact plus those awaiting review. (Counting from
   * state, not from this round's counters, keeps the figure right when a failed round is replayed.)
   * A dry run wrote nothing, so it adjusts the last count by what it would have done.
   */
  private int inSyncAfterDelta(TenantSyncCommand command, ManagedTenant tenant, Run run) {
    if (command.dryRun()) {
      return Math.max(0, (tenant.lastSyncEligibleUsers() == null ? 0 : tenant.lastSyncEligibleUsers()) + run.eligible);
    }
    long awaitingReview = queue.listOpen(command.msp()).stream()
        .filter(item -> item.tenantId().equals(command.tenantId())).count();
    return links.countInSync(command.msp(), command.tenantId()) + (int) awaitingReview;
  }

  private SyncCheckpoint freshCheckpoint(DirectoryGateway gateway, ManagedTenant tenant) {
    if (gateway.supportsDelta() && tenant.deltaCursor() != null) {
      return new SyncCheckpoint(ListingRequest.Mode.DELTA, tenant.deltaCursor(), null, 0, 0, 0, SyncCounters.ZERO, clock.instant());
    }
    return fullCheckpoint(null);
  }

  private SyncCheckpoint fullCheckpoint(String pageCursor) {
    return new SyncCheckpoint(ListingRequest.Mode.FULL, null, pageCursor, 0, 0, 0, SyncCounters.ZERO, clock.instant());
  }

  /** One listing attempt: its mode, the page loop and what it has done so far. */
  private final class Run {
    final TenantSyncCommand command;
    final SyncSettings config;
    final DirectoryGateway gateway;
    final SyncProgressListener progress;
    final ListingRequest.Mode mode;
    final String deltaCursor;
    final Instant listingStartedAt;
    String pageCursor;
    int pagesApplied;
    int listed;
    int eligible;
    SyncCounters counters;
    final List<DryRunEntry> dryRunEntries = new ArrayList<>();
    /** Users the writer could not write (host refusals): counted, and the first few named in the note. */
    int refusedCount;
    final List<PlannedAction.Skip> refusedExamples = new ArrayList<>();
    int malformed;
    /** A dry run marks nothing as seen, so it remembers the identities it listed instead. */
    final Set<EntraObjectId> dryRunSeen = new HashSet<>();

    Run(TenantSyncCommand command, SyncSettings config, DirectoryGateway gateway, SyncCheckpoint from, SyncProgressListener progress) {
      this.command = command;
      this.config = config;
      this.gateway = gateway;
      this.progress = progress;
      this.mode = from.mode();
      this.deltaCursor = from.deltaCursor();
      this.listingStartedAt = from.listingStartedAt();
      this.pageCursor = from.pageCursor();
      this.pagesApplied = from.pagesApplied();
      this.listed = from.listedUsers();
      this.eligible = from.eligibleUsers();
      this.counters = from.counters();
    }

    ListingOutcome list() {
      ListingRequest request = mode == ListingRequest.Mode.DELTA
          ? ListingRequest.delta(deltaCursor, pageSize)
          : ListingRequest.full(pageSize);
      if (pageCursor != null) {
        request = request.resumingAt(pageCursor);
      }
      request = request.withPriority(command.priority());
      return gateway.streamUsers(command.msp(), command.tenantId(), request, this::onPage);
    }

    void onPage(DirectoryPage page) {
      SyncPlan plan = planPage(command, config, page.changes());
      listed += plan.seenObjectIds().size();
      if (mode == ListingRequest.Mode.FULL) {
        eligible += plan.eligibleUsers();
      }
      SyncCounters pageCounters;
      if (command.dryRun()) {
        pageCounters = plan.counters();
        dryRunEntries.addAll(DryRunReport.entries(plan, page.changes()));
        dryRunSeen.addAll(plan.seenObjectIds());
      } else {
        PageWriteResult written = writer.apply(command.msp(), plan, clock.instant());
        pageCounters = written.counters();
        refusedCount += written.refused().size();
        for (PlannedAction.Skip skip : written.refused()) {
          if (refusedExamples.size() < NOTE_EXAMPLES) {
            refusedExamples.add(skip);
          }
        }
      }
      pageCounters = pageCounters.withSkipped(pageCounters.skipped() + page.malformedRecords());
      malformed += page.malformedRecords();
      if (mode == ListingRequest.Mode.DELTA) {
        eligible += pageCounters.created() + pageCounters.linked() + pageCounters.reactivated() - pageCounters.inactivated();
      }
      counters = counters.plus(pageCounters);
      pagesApplied++;
      pageCursor = page.resumeCursor();
      progress.pageApplied(new SyncCheckpoint(mode, deltaCursor, pageCursor, pagesApplied, listed, eligible, counters, listingStartedAt));
    }
  }

  private SyncPlan planPage(TenantSyncCommand command, SyncSettings config, List<DirectoryChange> changes) {
    MspTenantId msp = command.msp();
    Set<EntraObjectId> ids = new LinkedHashSet<>();
    for (DirectoryChange change : changes) {
      ids.add(change.objectId());
    }
    Map<EntraObjectId, ContactLink> activeLinks = links.findActiveByObjectIds(msp, command.tenantId(), ids);

    Set<String> linkedContactIds = new HashSet<>();
    for (ContactLink link : activeLinks.values()) {
      linkedContactIds.add(link.contactId());
    }
    Map<String, HostContact> linkedContacts = new HashMap<>();
    if (!linkedContactIds.isEmpty()) {
      for (HostContact contact : contacts.findByIds(msp, linkedContactIds)) {
        linkedContacts.put(contact.id(), contact);
      }
    }

    // Only identities without a link need candidates and queue state.
    Set<String> emails = new LinkedHashSet<>();
    Set<EntraObjectId> unlinked = new LinkedHashSet<>();
    for (DirectoryChange change : changes) {
      if (change instanceof DirectoryChange.Present present && !activeLinks.containsKey(change.objectId())) {
        unlinked.add(change.objectId());
        emails.addAll(present.user().emailIdentities());
      }
    }
    List<HostContact> candidates = emails.isEmpty() ? List.of() : contacts.findByEmails(msp, command.clientId(), emails);
    Set<String> linkedToOthers = candidates.isEmpty()
        ? Set.of()
        : links.findLinkedContactIds(msp, ids(candidates));
    Map<EntraObjectId, QueueStatus> queueStatus = new HashMap<>();
    if (!unlinked.isEmpty()) {
      for (Map.Entry<EntraObjectId, ReconciliationItem> e : queue.findLatestByObjectIds(msp, command.tenantId(), unlinked).entrySet()) {
        queueStatus.put(e.getKey(), e.getValue().status());
      }
    }
    return SyncPlanner.plan(new SyncPlanner.PlanInput(
        command.tenantId(), command.clientId(), changes, activeLinks, linkedContacts, candidates, linkedToOthers, queueStatus, config));
  }

  private static Collection<String> ids(List<HostContact> contacts) {
    List<String> ids = new ArrayList<>(contacts.size());
    for (HostContact contact : contacts) {
      ids.add(contact.id());
    }
    return ids;
  }

  private record DeletionOutcome(SyncCounters counters, String note, List<DryRunEntry> dryRun) {}

  /** How many per-user write failures a tenant's note names. */
  private static final int NOTE_EXAMPLES = 5;

  /** Why users were skipped beyond the filters (FORMAT.md: the reason goes in the tenant result). */
  private static String skippedNote(Run run) {
    List<String> parts = new ArrayList<>();
    if (run.refusedCount > 0) {
      StringBuilder note = new StringBuilder()
          .append(run.refusedCount).append(" user(s) could not be written and were skipped: ");
      for (int i = 0; i < run.refusedExamples.size(); i++) {
        PlannedAction.Skip skip = run.refusedExamples.get(i);
        note.append(i == 0 ? "" : "; ").append(skip.objectId()).append(": ")
            .append(skip.detail() == null ? skip.reason().wireName() : skip.detail());
      }
      if (run.refusedCount > run.refusedExamples.size()) {
        note.append("; and ").append(run.refusedCount - run.refusedExamples.size()).append(" more");
      }
      parts.add(note.append('.').toString());
    }
    if (run.malformed > 0) {
      parts.add(run.malformed + " directory record(s) could not be read (missing or invalid fields) and were skipped.");
    }
    return parts.isEmpty() ? null : String.join(" ", parts);
  }

  private static String joinNotes(String first, String second) {
    if (first == null) {
      return second;
    }
    return second == null ? first : first + " " + second;
  }

  /**
   * After a full listing: identities linked before but not seen now are deleted upstream, unless
   * the listing was incomplete or the deletion-safety rule refuses.
   */
  private DeletionOutcome detectDeletions(TenantSyncCommand command, Run run, boolean complete) {
    MspTenantId msp = command.msp();
    int activeLinks = links.countInSync(msp, command.tenantId());
    List<ContactLink> vanished = links.findActiveNotSeenSince(msp, command.tenantId(), run.listingStartedAt);
    if (command.dryRun()) {
      vanished = vanished.stream().filter(link -> !run.dryRunSeen.contains(link.objectId())).toList();
    }
    // A contact the sync already inactivated (disabled upstream, then deleted) has nothing left to
    // change; counting it would trip the safety threshold on every later sync.
    vanished = vanished.stream().filter(link -> link.syncInactivated() == null).toList();
    DeletionDecision decision = DeletionSafety.decide(
        new DeletionSafety.DeletionInput(activeLinks, vanished, complete, run.listed, deletionThreshold));
    if (decision instanceof DeletionDecision.Refused refused) {
      LOG.log(System.Logger.Level.WARNING, "Tenant {0}: {1}", command.tenantId(), refused.message());
      return new DeletionOutcome(SyncCounters.ZERO, refused.message(), List.of());
    }
    List<ContactLink> toInactivate = ((DeletionDecision.InactivateVanished) decision).links();
    if (command.dryRun()) {
      List<DryRunEntry> entries = toInactivate.stream()
          .map(link -> new DryRunEntry(link.objectId(), null, null, DryRunEntry.Bucket.MARK_INACTIVE,
              List.of(link.contactId()), InactiveReason.DELETED_UPSTREAM.wireName()))
          .toList();
      return new DeletionOutcome(SyncCounters.ZERO.withInactivated(entries.size()), null, entries);
    }
    SyncCounters counters = SyncCounters.ZERO;
    for (int from = 0; from < toInactivate.size(); from += pageSize) {
      List<ContactLink> chunk = toInactivate.subList(from, Math.min(toInactivate.size(), from + pageSize));
      Map<String, HostContact> byId = new HashMap<>();
      for (HostContact contact : contacts.findByIds(msp, chunk.stream().map(ContactLink::contactId).toList())) {
        byId.put(contact.id(), contact);
      }
      List<PlannedAction> actions = new ArrayList<>();
      for (ContactLink link : chunk) {
        HostContact contact = byId.get(link.contactId());
        if (contact == null) {
          actions.add(new PlannedAction.Skip(link.objectId(), SkipReason.LINKED_CONTACT_MISSING, null));
        } else if (!contact.inactive()) {
          actions.add(new PlannedAction.Inactivate(link.objectId(), link.contactId(), InactiveReason.DELETED_UPSTREAM));
        }
      }
      if (!actions.isEmpty()) {
        SyncPlan plan = new SyncPlan(command.tenantId(), command.clientId(), actions, Set.of());
        counters = counters.plus(writer.apply(msp, plan, clock.instant()).counters());
      }
    }
    return new DeletionOutcome(counters, null, List.of());
  }
}
