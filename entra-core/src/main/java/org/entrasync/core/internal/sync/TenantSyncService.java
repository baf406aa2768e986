package org.entrasync.core.internal.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entrasync.core.error.CredentialRejectedException;
import org.entrasync.core.error.DeltaCursorExpiredException;
import org.entrasync.core.internal.connection.DirectoryGateways;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.HeldDeletions;
import org.entrasync.core.model.HoldReason;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.Removal;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.port.out.ContactLinkRepository;
import org.entrasync.core.port.out.DirectoryGateway.DirectoryPage;
import org.entrasync.core.port.out.DirectoryGateway.ListingOutcome;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.core.port.out.DirectoryGateway;
import org.entrasync.core.port.out.HeldDeletionRepository;
import org.entrasync.core.port.out.ManagedTenantRepository;
import org.entrasync.core.port.out.ReconciliationQueueRepository;
import org.entrasync.core.observe.LogKeys;
import org.entrasync.core.observe.UpstreamWork;
import org.entrasync.core.port.out.SyncObserver;
import org.entrasync.core.port.out.SyncPageWriter.PageWriteResult;
import org.entrasync.core.port.out.SyncPageWriter;
import org.entrasync.core.port.out.TenantSyncStartState;
import org.entrasync.core.rules.DeletionDecision;
import org.entrasync.core.rules.DeletionSafety;
import org.entrasync.core.rules.DeletionThreshold;
import org.entrasync.core.rules.SyncPlanner;
import org.entrasync.core.sync.SyncCheckpoint;
import org.entrasync.core.sync.SyncProgressListener;
import org.entrasync.core.sync.TenantSyncCommand;
import org.entrasync.core.sync.TenantSyncOutcome;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.HostContactDirectory;
import org.entrasync.spi.MspTenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs one mapped managed tenant: streams its users page by page (a delta round when a cursor
 * exists and the connection supports it, else a full listing), and per page filters, batch-loads
 * links and candidate contacts (one round trip each), plans, and applies the plan in one unit of
 * work. After the listing, the deletion-safety valve decides the round's removals once ({@link
 * #decideDeletions}). A dry run plans everything and writes nothing: its pages go to a {@link
 * DryRunPageWriter} instead of the port's writer ({@link TenantPageWriter}).
 *
 * <p>Eligible users: a full listing counts users that pass the filters. A delta round sees only
 * changes, so it counts what is in sync instead (see {@link #inSyncAfterDelta}).
 *
 * <p>Counters: exclusive buckets, one per identity. A delta round counts the linked identities it
 * did not hear about as {@code unchanged}; held inactivations count as {@code unchanged} too (their
 * contacts were left as they were), never as {@code inactivated}.
 *
 * <p>Resuming: a checkpoint taken after the listing ended resumes at the steps after it (no second
 * listing); one taken after a page resumes at the next page. A listing the gateway starts again (an
 * expired page token, a cursor it no longer accepts) re-delivers its pages from index 0: they are
 * applied again but not counted again. Every step after the listing is idempotent: it recomputes what
 * is still to do from the stored state.
 */
public final class TenantSyncService {
  private static final Logger LOG = LoggerFactory.getLogger(TenantSyncService.class);

  private final DirectoryGateways gateways;
  private final ManagedTenantRepository tenants;
  private final TenantSyncStartState startState;
  private final ContactLinkRepository links;
  private final ReconciliationQueueRepository queue;
  private final HostContactDirectory contacts;
  private final SyncPageWriter writer;
  private final HeldDeletionRepository held;
  private final Clock clock;
  private final int pageSize;
  private final DeletionThreshold deletionThreshold;
  private final SyncObserver observer;

  /**
   * @param pageSize users per page the gateway is asked for
   * @param observer told of each applied page and of held deletions ({@link SyncObserver#NONE} for none)
   */
  public TenantSyncService(
      DirectoryGateways gateways,
      ManagedTenantRepository tenants,
      TenantSyncStartState startState,
      ContactLinkRepository links,
      ReconciliationQueueRepository queue,
      HostContactDirectory contacts,
      SyncPageWriter writer,
      HeldDeletionRepository held,
      Clock clock,
      int pageSize,
      DeletionThreshold deletionThreshold,
      SyncObserver observer) {
    this.observer = SyncObserver.failSafe(observer);
    this.gateways = Objects.requireNonNull(gateways, "gateways");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.startState = Objects.requireNonNull(startState, "startState");
    this.links = Objects.requireNonNull(links, "links");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.contacts = Objects.requireNonNull(contacts, "contacts");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.held = Objects.requireNonNull(held, "held");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pageSize = pageSize;
    this.deletionThreshold = Objects.requireNonNull(deletionThreshold, "deletionThreshold");
  }

  /**
   * Where a round ends: the tenant's round end ({@code end}: its delta cursor and user count; empty for a
   * dry run) with the round's outcome, so both can be written in one step.
   */
  @FunctionalInterface
  public interface RoundEnd {
    void record(ManagedTenantRepository.SyncEnd end, TenantSyncOutcome outcome);
  }

  /** Syncs one tenant; its round end is written on the managed tenant as the round ends. */
  public TenantSyncOutcome sync(TenantSyncCommand command, SyncProgressListener progress) {
    return sync(command, progress, (end, outcome) -> {
      if (!end.isEmpty()) {
        tenants.recordSyncEnd(command.msp(), command.tenantId(), end);
      }
    });
  }

  /** Syncs one tenant and hands its round end and outcome to {@code roundEnd} (the last write of the round). */
  public TenantSyncOutcome sync(TenantSyncCommand command, SyncProgressListener progress, RoundEnd roundEnd) {
    Objects.requireNonNull(roundEnd, "roundEnd");
    // A fresh round's listing starts now; a resumed one keeps its start (its links are not read again).
    Instant since = command.resumeFrom() == null ? clock.instant() : command.resumeFrom().listingStartedAt();
    // everything the round starts with, read once: a round that then hears of no change reads nothing more
    TenantSyncStartState.Start state = startState.read(command.msp(), command.tenantId(), since);
    DirectoryGateways.Work work = gateways.forWork(command.msp(), state.connection()); // the connection this sync works under
    try (LogKeys.Scope scope = LogKeys.put(LogKeys.MSP, command.msp().value(), LogKeys.RUN_ID, command.runId(),
            LogKeys.MANAGED_TENANT_ID, command.tenantId().value());
        // a wait an adapter takes in process is the observer's event (UpstreamRetry logs it)
        UpstreamWork.Scope upstream = UpstreamWork.enter(command.msp(), command.tenantId(), UpstreamWork.reportingTo(observer))) {
      return syncOnce(command, progress, work, state, since, roundEnd);
    } catch (CredentialRejectedException rejected) {
      gateways.recordRejected(command.msp(), work.generation(), rejected);
      throw rejected;
    }
  }

  private TenantSyncOutcome syncOnce(TenantSyncCommand command, SyncProgressListener progress, DirectoryGateways.Work work,
      TenantSyncStartState.Start state, Instant since, RoundEnd roundEnd) {
    MspTenantId msp = command.msp();
    DirectoryGateway gateway = work.gateway();
    SyncSettings config = state.settings();
    ManagedTenant tenant = state.tenant()
        .orElseThrow(() -> new IllegalStateException("Tenant " + command.tenantId() + " was never discovered for " + msp));

    SyncCheckpoint start = command.resumeFrom();
    ContactLinkRepository.TenantLinks linksAtStart = null;
    if (start == null) {
      start = freshCheckpoint(gateway, tenant, since);
      linksAtStart = state.links();
      start = withBase(start, linksAtStart.inSync());
    }
    if (start.activeLinksBefore() < 0) {
      // A checkpoint of an older version: the best base left is the count now.
      start = withBase(start, activeLinks(command));
    }
    // A checkpoint after the last page whose listing end (its new delta cursor) was not recorded has
    // no cursor left: the listing runs again from its first page, and every page of it is a
    // re-delivery (applied again, harmless, but not counted again: see Run.onPage).
    Run run = new Run(command, config, gateway, start, progress, work);
    run.linksAtStart = linksAtStart;
    run.heldAtStart = state.held();
    run.openReviewsAtStart = state.openReviews();
    run.known = new AttemptKnowledge(state.reviewHistory(), state.activeLinks());
    ListingOutcome outcome;
    if (start.listingFinished()) {
      outcome = new ListingOutcome(start.listingEnd().complete(), start.listingEnd().newDeltaCursor());
    } else {
      try {
        outcome = run.list();
      } catch (DeltaCursorExpiredException expired) {
        LOG.info("Delta cursor of tenant {} expired; doing a full listing", command.tenantId());
        if (run.pages.writes()) {
          tenants.saveDeltaCursor(msp, command.tenantId(), null);
        }
        AttemptKnowledge known = run.known;
        run = new Run(command, config, gateway, withBase(fullCheckpoint(null), start.activeLinksBefore()), progress, work);
        run.heldAtStart = state.held();
        run.known = known;
        outcome = run.list();
      }
      run.checkpoint = run.checkpoint.withListingEnd(new SyncCheckpoint.ListingEnd(outcome.complete(), outcome.newDeltaCursor()));
      progress.pageApplied(run.checkpoint);
    }

    Deletions deletions = decideDeletions(command, run, outcome);
    SyncCounters counters = run.counters.plus(deletions.counters);
    if (run.mode == ListingRequest.Mode.DELTA) {
      counters = counters.withUnchanged(counters.unchanged() + deletions.unheard);
      counters = counters.withAmbiguous(ambiguousAfterDelta(command, run, counters));
    }

    Instant observedAt = clock.instant();
    int eligible = run.mode == ListingRequest.Mode.FULL
        ? run.eligible
        : inSyncAfterDelta(command, tenant, run, deletions);
    ManagedTenantRepository.SyncEnd end = new ManagedTenantRepository.SyncEnd(false, null, null, null);
    if (run.pages.writes()) {
      boolean replaceCursor = false;
      String cursor = null;
      if (run.fullListingNext) {
        // A partial entry the plan could not take whole (SyncPlan.listFullyNext): the next round lists everyone.
        replaceCursor = true;
      } else if (!outcome.complete()) {
        // A cursor is taken from a complete listing only. An incomplete full listing inferred no deletion
        // from absence, and a delta round from its cursor (taken before it) would never report the users
        // deleted before it: the next round lists fully again. An incomplete delta round keeps its old
        // cursor, so the changes it did not read are read again.
        replaceCursor = run.mode == ListingRequest.Mode.FULL;
      } else if (outcome.newDeltaCursor() != null && gateway.supportsDelta()) {
        // Safe although some removals may be held: the held set is durable and every later round
        // decides it again with its own removals, so no removal is lost behind the cursor.
        replaceCursor = true;
        cursor = outcome.newDeltaCursor();
      }
      // A listing cut short, or one the deletion-safety rule distrusted, did not see the tenant as it
      // is: keep the last good count.
      boolean countIt = run.mode != ListingRequest.Mode.FULL || (outcome.complete() && !deletions.untrusted);
      // cursor and count in one write (with the run's result, where the caller records it)
      end = new ManagedTenantRepository.SyncEnd(replaceCursor, cursor, countIt ? eligible : null,
          countIt ? observedAt : null);
    }
    String note = joinNotes(deletions.note, skippedNote(run));
    TenantSyncOutcome result = new TenantSyncOutcome(counters, eligible, observedAt, note, run.pages.entries(),
        deletions.held);
    roundEnd.record(end, result);
    return result;
  }

  /**
   * A delta round sees only changes, so it cannot count the tenant's users; it counts what is in
   * sync instead: identities linked to an active contact plus those awaiting review. (Counting from
   * state, not from this round's counters, keeps the figure right when a failed round is replayed.)
   * A dry run wrote nothing, so it adjusts the last count by what it would have done.
   */
  private int inSyncAfterDelta(TenantSyncCommand command, ManagedTenant tenant, Run run, Deletions deletions) {
    if (!run.pages.writes()) {
      int last = tenant.lastSyncEligibleUsers() == null ? 0 : tenant.lastSyncEligibleUsers();
      return Math.max(0, last + run.eligible - deletions.counters.inactivated());
    }
    ContactLinkRepository.TenantLinks unchanged = run.linksUnchanged();
    // a round whose pages wrote nothing queued nothing either: the count it started with still holds
    int awaitingReview = unchanged != null ? run.openReviewsAtStart : queue.countOpen(command.msp(), command.tenantId());
    // a round that wrote nothing and inactivated nothing left the count it started with
    int inSync = unchanged != null && deletions.counters.inactivated() == 0
        ? unchanged.inSync() : links.countInSync(command.msp(), command.tenantId());
    return inSync + awaitingReview;
  }

  /**
   * {@code ambiguous} of a delta round: as in a full listing, every identity with an open
   * reconciliation item after the round, heard about or not (the queued identities a delta round did
   * not hear about are also in its eligible count, {@link #inSyncAfterDelta}), less those this round
   * counted in another bucket. A real round counts from the stored queue (right when a resumed round
   * no longer knows its first pages); a dry run queued nothing, so it adds the open items it did not
   * plan to its own.
   */
  private int ambiguousAfterDelta(TenantSyncCommand command, Run run, SyncCounters counters) {
    // a round whose pages wrote nothing queued nothing either: the count it started with still holds
    int open = run.linksUnchanged() != null ? run.openReviewsAtStart : queue.countOpen(command.msp(), command.tenantId());
    if (run.pages.writes()) {
      return Math.max(0, open - openAmong(command, run.bucketedUnlinked));
    }
    Set<EntraObjectId> planned = new HashSet<>(run.bucketedUnlinked);
    planned.addAll(run.queuedHere);
    return counters.ambiguous() + Math.max(0, open - openAmong(command, planned));
  }

  private int openAmong(TenantSyncCommand command, Set<EntraObjectId> objectIds) {
    if (objectIds.isEmpty()) {
      return 0;
    }
    return (int) queue.findLatestByObjectIds(command.msp(), command.tenantId(), objectIds).values().stream()
        .filter(item -> item.status() == QueueStatus.OPEN)
        .count();
  }

  private int activeLinks(TenantSyncCommand command) {
    return links.countInSync(command.msp(), command.tenantId());
  }

  private SyncCheckpoint freshCheckpoint(DirectoryGateway gateway, ManagedTenant tenant, Instant startedAt) {
    if (gateway.supportsDelta() && tenant.deltaCursor() != null) {
      return new SyncCheckpoint(ListingRequest.Mode.DELTA, tenant.deltaCursor(), null, 0, 0, 0, SyncCounters.ZERO,
          startedAt, -1, null, null, false);
    }
    return new SyncCheckpoint(ListingRequest.Mode.FULL, null, null, 0, 0, 0, SyncCounters.ZERO, startedAt);
  }

  private SyncCheckpoint fullCheckpoint(String pageCursor) {
    return new SyncCheckpoint(ListingRequest.Mode.FULL, null, pageCursor, 0, 0, 0, SyncCounters.ZERO, clock.instant());
  }

  private static SyncCheckpoint withBase(SyncCheckpoint c, int activeLinksBefore) {
    return new SyncCheckpoint(c.mode(), c.deltaCursor(), c.pageCursor(), c.pagesApplied(), c.listedUsers(),
        c.eligibleUsers(), c.counters(), c.listingStartedAt(), activeLinksBefore, c.listingEnd(), c.deletions(),
        c.fullListingNext());
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
    final int activeLinksBefore;
    String pageCursor;
    int pagesApplied;
    int listed;
    int eligible;
    SyncCounters counters;
    /** The latest checkpoint reported. */
    SyncCheckpoint checkpoint;
    /** Where this attempt's pages go: written, or only recorded (a dry run). */
    final TenantPageWriter pages;
    /** Users the writer could not write (host refusals): counted, and the first few named in the note. */
    int refusedCount;
    final List<PlannedAction.Skip> refusedExamples = new ArrayList<>();
    int malformed;
    /** Identities planned without a link by this attempt: queued, or counted in another bucket (for {@code ambiguous}). */
    final Set<EntraObjectId> queuedHere = new HashSet<>();
    final Set<EntraObjectId> bucketedUnlinked = new HashSet<>();
    /** Unlinked identities reported partly (not matchable): the next round must list the tenant fully. */
    int partial;
    boolean fullListingNext;
    /** The tenant's links read as a fresh round started (null when resumed or listing again). */
    ContactLinkRepository.TenantLinks linksAtStart;
    /** What the tenant held back from deletion as the attempt started. */
    Optional<HeldDeletions> heldAtStart = Optional.empty();
    /** The tenant's open reconciliation items as the attempt started. */
    int openReviewsAtStart;
    /** What the attempt knows of the tenant's review queue and links without reading them. */
    AttemptKnowledge known = new AttemptKnowledge(true, true);
    /**
     * The links as this round started, if they are still as they were: a delta round whose pages wrote
     * nothing (a dry run writes nothing either); else null, and they are read again.
     */
    ContactLinkRepository.TenantLinks linksUnchanged() {
      return mode == ListingRequest.Mode.DELTA && !pages.wrote() ? linksAtStart : null;
    }

    /** The connection the work started under (its generation fences the gateway's token requests). */
    final DirectoryGateways.Work work;

    Run(TenantSyncCommand command, SyncSettings config, DirectoryGateway gateway, SyncCheckpoint from, SyncProgressListener progress,
        DirectoryGateways.Work work) {
      this.work = work;
      this.command = command;
      this.config = config;
      this.gateway = gateway;
      this.progress = progress;
      this.mode = from.mode();
      this.deltaCursor = from.deltaCursor();
      this.listingStartedAt = from.listingStartedAt();
      this.activeLinksBefore = from.activeLinksBefore();
      this.pageCursor = from.pageCursor();
      this.pagesApplied = from.pagesApplied();
      this.listed = from.listedUsers();
      this.eligible = from.eligibleUsers();
      this.counters = from.counters();
      this.fullListingNext = from.fullListingNext();
      this.checkpoint = from;
      // per listing attempt: a listing started again after an expired cursor forgets the first one's record
      this.pages = TenantPageWriter.of(command.dryRun(), writer, clock);
    }

    ListingOutcome list() {
      ListingRequest request = mode == ListingRequest.Mode.DELTA
          ? ListingRequest.delta(deltaCursor, pageSize)
          : ListingRequest.full(pageSize);
      if (pageCursor != null) {
        request = request.resumingAt(pageCursor);
      }
      request = request.withPriority(command.priority()).underGeneration(work.generation());
      return gateway.streamUsers(command.msp(), command.tenantId(), request, this::onPage);
    }

    /**
     * Applies one page. Counters are one bucket per identity, so a page is counted once: a page whose
     * index is below the pages already counted is a re-delivery (the gateway started the listing again
     * from its first page after an expired page token or a cursor it no longer accepted, which the
     * port's contract numbers from 0 again). It is planned and applied again, which is harmless and
     * picks up any change since, but its identities, eligible users and notes were counted the first
     * time. (Counting by page position needs no per-identity memory; a user added or removed upstream
     * between the two passes can shift one identity across the boundary, which moves a count, never a
     * write.)
     */
    void onPage(DirectoryPage page) {
      boolean redelivered = page.index() < pagesApplied;
      PlannedPage planned = planPage(command, config, page.changes(), known);
      SyncPlan plan = planned.plan();
      known.planned(plan);
      for (PlannedAction.Skip skip : plan.actionsOf(PlannedAction.Skip.class)) {
        if (skip.reason() == SkipReason.PARTIAL_RECORD) {
          partial += redelivered ? 0 : 1;
        }
      }
      fullListingNext |= plan.listFullyNext();
      if (mode == ListingRequest.Mode.DELTA) {
        for (PlannedAction action : plan.actions()) {
          if (!planned.links().containsKey(action.objectId())) {
            (action instanceof PlannedAction.Queue ? queuedHere : bucketedUnlinked).add(action.objectId());
          }
        }
      }
      PageWriteResult written = pages.apply(command.msp(), plan, planned.links(), page.changes(), redelivered);
      SyncCounters pageCounters = written.counters();
      if (!redelivered) {
        refusedCount += written.refused().size();
        for (PlannedAction.Skip skip : written.refused()) {
          if (refusedExamples.size() < NOTE_EXAMPLES) {
            refusedExamples.add(skip);
          }
        }
      }
      if (!redelivered) {
        listed += plan.seenObjectIds().size();
        if (mode == ListingRequest.Mode.FULL) {
          eligible += plan.eligibleUsers();
        }
        pageCounters = pageCounters.withSkipped(pageCounters.skipped() + page.malformedRecords());
        malformed += page.malformedRecords();
        if (mode == ListingRequest.Mode.DELTA) {
          eligible += pageCounters.created() + pageCounters.linked() + pageCounters.reactivated() - pageCounters.inactivated();
        }
        counters = counters.plus(pageCounters);
        pagesApplied = page.index() + 1;
      }
      pageCursor = page.resumeCursor();
      checkpoint = new SyncCheckpoint(mode, deltaCursor, pageCursor, pagesApplied, listed, eligible, counters,
          listingStartedAt, activeLinksBefore, null, null, fullListingNext);
      progress.pageApplied(checkpoint);
      LOG.debug("Tenant {}: page {} applied ({} entries{}); {}", command.tenantId(), page.index(), page.changes().size(),
          redelivered ? ", re-delivered" : "", SyncRunService.describe(counters));
      observer.pageApplied(new SyncObserver.PageApplied(command.msp(), command.isPreview() ? null : command.runId(),
          command.tenantId(), page.index(), page.changes().size(), command.dryRun()));
    }
  }

  /** A page's plan and the active links it was planned with. */
  private record PlannedPage(SyncPlan plan, Map<EntraObjectId, ContactLink> links) {}

  /** A removal still to decide, with the link it was found on. */
  record Candidate(ContactLink link, Removal removal) {}

  /**
   * What an attempt knows about the tenant's review queue and links without reading them, so that a
   * page is planned without the reads that could not find anything. Only a sync queues items (an
   * operator closes them), one sync per tenant runs at a time, and outside a sync only an operator
   * resolving a queue item links an identity:
   *
   * <ul>
   *   <li>a tenant without any review item as the attempt started has none but those the attempt
   *       queues itself, so until it queues one, its pages need no queue state (no item can be
   *       dismissed, none is open to resolve);
   *   <li>a tenant that had neither an active link nor any review item as the attempt started has
   *       active links only for identities this attempt listed (it linked them, or queued them and an
   *       operator resolved the item), so a page of identities not listed before by this attempt
   *       needs no link read. The identities listed are remembered while that holds (an initial
   *       sync's; about 70 bytes each), and a page repeating one reads as usual.
   * </ul>
   *
   * Whatever is skipped, the page writer still judges every write against the stored rows.
   */
  private static final class AttemptKnowledge {
    private boolean queueMayHaveItems;
    /** The identities this attempt listed, while only they can have links; null when any may. */
    private Set<UUID> listed;

    AttemptKnowledge(boolean reviewHistory, boolean activeLinks) {
      this.queueMayHaveItems = reviewHistory;
      this.listed = reviewHistory || activeLinks ? null : new HashSet<>();
    }

    boolean readQueue() {
      return queueMayHaveItems;
    }

    /** Whether some of {@code ids} may have an active link. */
    boolean mayBeLinked(Set<EntraObjectId> ids) {
      if (listed == null) {
        return true;
      }
      for (EntraObjectId id : ids) {
        if (listed.contains(UUID.fromString(id.value()))) {
          return true;
        }
      }
      return false;
    }

    void planned(SyncPlan plan) {
      if (!plan.actionsOf(PlannedAction.Queue.class).isEmpty()) {
        queueMayHaveItems = true;
      }
      if (listed != null) {
        for (PlannedAction action : plan.actions()) {
          listed.add(UUID.fromString(action.objectId().value()));
        }
      }
    }
  }

  private PlannedPage planPage(TenantSyncCommand command, SyncSettings config, List<DirectoryChange> changes,
      AttemptKnowledge known) {
    MspTenantId msp = command.msp();
    Set<EntraObjectId> ids = new LinkedHashSet<>();
    for (DirectoryChange change : changes) {
      ids.add(change.objectId());
    }
    Map<EntraObjectId, ContactLink> activeLinks = known.mayBeLinked(ids)
        ? links.findActiveByObjectIds(msp, command.tenantId(), ids)
        : Map.of();

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
    if (known.readQueue() && !unlinked.isEmpty()) {
      for (Map.Entry<EntraObjectId, ReconciliationItem> e : queue.findLatestByObjectIds(msp, command.tenantId(), unlinked).entrySet()) {
        queueStatus.put(e.getKey(), e.getValue().status());
      }
    }
    return new PlannedPage(SyncPlanner.plan(new SyncPlanner.PlanInput(
        command.tenantId(), command.clientId(), changes, activeLinks, linkedContacts, candidates, linkedToOthers, queueStatus,
        config)), activeLinks);
  }

  private static Collection<String> ids(List<HostContact> contacts) {
    List<String> ids = new ArrayList<>(contacts.size());
    for (HostContact contact : contacts) {
      ids.add(contact.id());
    }
    return ids;
  }

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
    if (run.partial > 0) {
      parts.add(run.partial + " user(s) not linked yet were reported without their email (only changed properties) and"
          + " could not be matched; the next sync lists the tenant fully.");
    }
    return parts.isEmpty() ? null : String.join(" ", parts);
  }

  private static String joinNotes(String first, String second) {
    if (first == null) {
      return second;
    }
    return second == null ? first : first + " " + second;
  }

  /** What the round's deletion decision did, and the delta round's unheard identities. */
  private record Deletions(SyncCounters counters, int held, String note, boolean untrusted, int unheard) {}

  /**
   * The deletion-safety valve, once per round, after the listing. The round's removals are gathered
   * from the stored state: links with a pending removal (reported {@code @removed} or disabled by
   * this round, or held by an earlier one and not come back since), plus, after a full listing, the
   * links it did not see. Each is compared with its contact's actual state (an inactive contact has
   * nothing left to do). Removals an operator approved (the tenant's approved held set, each still
   * gone or disabled) are applied without the threshold; the rest are decided by {@link
   * DeletionSafety} against the active links held before the sync started. Applied: contact first,
   * link last. Held: nothing is inactivated; the set is stored durably (and marked on its links) and
   * reported. A round that did not see the tenant as it is (incomplete, or an empty full listing)
   * applies nothing, not even an approved set.
   *
   * <p>Idempotent: a retry recomputes what is still to do from the stored state. An approved set is
   * applied before the new held set replaces it, so a crash in between never loses the approval.
   */
  private Deletions decideDeletions(TenantSyncCommand command, Run run, ListingOutcome outcome) {
    MspTenantId msp = command.msp();
    EntraTenantId tenantId = command.tenantId();
    TenantPageWriter pages = run.pages;
    boolean full = run.mode == ListingRequest.Mode.FULL;
    Instant started = run.listingStartedAt;

    Map<EntraObjectId, Candidate> candidates = new LinkedHashMap<>();
    Set<EntraObjectId> dropped = new LinkedHashSet<>();
    ContactLinkRepository.TenantLinks unchanged = run.linksUnchanged();
    for (ContactLink link : unchanged != null ? unchanged.pendingRemovals() : links.findPendingRemovals(msp, tenantId)) {
      if (pages.stillPending(link, started)) {
        candidates.put(link.objectId(), new Candidate(link, new Removal(link.objectId(), link.contactId(), link.pendingRemoval())));
      } else {
        dropped.add(link.objectId());
      }
    }
    candidates.putAll(pages.pendingNotStored());
    int unread = 0;
    if (full && !outcome.complete()) {
      // Absence from an incomplete listing proves nothing: those identities are not removals at all.
      unread = (int) links.findActiveNotSeenSince(msp, tenantId, started).stream()
          .filter(link -> !candidates.containsKey(link.objectId()))
          .filter(link -> !pages.seenNotStored(link.objectId()))
          .count();
    } else if (full) {
      for (ContactLink link : links.findActiveNotSeenSince(msp, tenantId, started)) {
        if (!pages.seenNotStored(link.objectId())) {
          // Missing from a complete listing: deleted, whatever an earlier round held it for.
          candidates.put(link.objectId(),
              new Candidate(link, new Removal(link.objectId(), link.contactId(), InactiveReason.DELETED_UPSTREAM)));
        }
      }
    }
    // Compared with the contacts' actual state; a disabled identity is left alone when the setting says so.
    Map<String, HostContact> byId = contactsOf(msp, candidates.values());
    for (java.util.Iterator<Candidate> it = candidates.values().iterator(); it.hasNext(); ) {
      Candidate c = it.next();
      HostContact contact = byId.get(c.removal().contactId());
      if (contact == null
          || (c.removal().reason() == InactiveReason.DISABLED_UPSTREAM && !run.config.markInactiveWhenDisabled())
          || !SyncPlanner.stillToInactivate(contact, c.link(), c.removal().reason())) {
        it.remove();
        if (c.link().pendingRemoval() != null) {
          dropped.add(c.link().objectId());
        }
      }
    }
    if (pages.writes() && !dropped.isEmpty()) {
      links.clearPendingRemoval(msp, tenantId, dropped);
    }
    int unheard = 0;
    if (!full) {
      unheard = unchanged != null ? unchanged.unheardSince() : links.countUnheardSince(msp, tenantId, started);
      if (!pages.heardNotStored().isEmpty()) {
        // A dry run marked nothing seen and recorded no pending removal: take out what it did hear about.
        for (ContactLink link : links.findActiveByObjectIds(msp, tenantId, pages.heardNotStored()).values()) {
          if (link.pendingRemoval() == null && link.syncInactivated() != InactiveReason.DELETED_UPSTREAM) {
            unheard--;
          }
        }
        unheard = Math.max(0, unheard);
      }
    }

    // Nothing held as the round started: nothing is held now (only a round of this tenant holds, and
    // its rounds never overlap). A held set is read again: an operator may have approved it meanwhile.
    Optional<HeldDeletions> heldBefore = run.heldAtStart.isEmpty() ? Optional.empty() : held.find(msp, tenantId);
    Set<EntraObjectId> approvedIds = new HashSet<>();
    heldBefore.filter(HeldDeletions::approved)
        .ifPresent(h -> h.identities().forEach(i -> approvedIds.add(i.objectId())));
    List<Removal> approved = new ArrayList<>();
    List<Removal> rest = new ArrayList<>();
    for (Candidate c : candidates.values()) {
      (approvedIds.contains(c.removal().objectId()) ? approved : rest).add(c.removal());
    }
    int base = Math.max(0, run.activeLinksBefore);
    boolean untrusted = !outcome.complete() || (full && run.listed == 0 && base > 0);
    List<Removal> toApply;
    List<Removal> toHold;
    DeletionDecision decision;
    if (untrusted) {
      List<Removal> all = new ArrayList<>(approved);
      all.addAll(rest);
      decision = DeletionSafety.decide(new DeletionSafety.DeletionInput(base, all, outcome.complete(), full, run.listed,
          deletionThreshold));
      toApply = List.of();
      toHold = all;
    } else {
      decision = DeletionSafety.decide(new DeletionSafety.DeletionInput(Math.max(0, base - approved.size()), rest, true,
          full, run.listed, deletionThreshold));
      toApply = new ArrayList<>(approved);
      toHold = List.of();
      if (decision instanceof DeletionDecision.Apply) {
        toApply.addAll(rest);
      } else {
        toHold = rest;
      }
    }
    String note = decision instanceof DeletionDecision.Refused refused ? refused.message() : null;
    if (unread > 0) {
      note = joinNotes(DeletionSafety.unreadNote(unread, base), note);
    }
    if (note != null) {
      LOG.warn("Tenant {}: {}", tenantId, note);
    }
    SyncCheckpoint.DeletionStep step = run.checkpoint.deletions() != null
        ? run.checkpoint.deletions()
        : new SyncCheckpoint.DeletionStep(toApply.size(), toHold.size(), note);
    SyncCounters counters = SyncCounters.ZERO.withInactivated(step.inactivated()).withUnchanged(step.held());

    if (!pages.writes()) {
      pages.recordDeletions(toApply, toHold);
      return new Deletions(counters, toHold.size(), note, untrusted || !toHold.isEmpty(), unheard);
    }
    if (run.checkpoint.deletions() == null) {
      run.checkpoint = run.checkpoint.withDeletions(step);
      run.progress.pageApplied(run.checkpoint);
    }
    inactivate(command, toApply);
    Instant now = clock.instant();
    if (!toHold.isEmpty()) {
      Map<EntraObjectId, InactiveReason> marks = new LinkedHashMap<>();
      toHold.forEach(r -> marks.put(r.objectId(), r.reason()));
      links.markPendingRemoval(msp, tenantId, marks, now);
      boolean keepApproved = untrusted && heldBefore.map(HeldDeletions::approved).orElse(false);
      if (!keepApproved) {
        Instant since = heldBefore.filter(h -> !h.approved()).map(HeldDeletions::heldSince).orElse(now);
        HoldReason reason = ((DeletionDecision.Refused) decision).reason();
        held.hold(msp, new HeldDeletions(tenantId, reason,
            toHold.stream().map(r -> new HeldDeletions.HeldIdentity(r.objectId(), r.reason())).toList(),
            base, since, null, null));
        observer.deletionsHeld(new SyncObserver.DeletionsHeld(msp, tenantId, reason, toHold.size()));
      }
    } else if (heldBefore.isPresent()) {
      held.release(msp, tenantId, now);
    }
    return new Deletions(counters, step.held(), step.note(), untrusted || step.held() > 0, unheard);
  }

  /** The contacts of these candidates, by id, read in pages. */
  private Map<String, HostContact> contactsOf(MspTenantId msp, Collection<Candidate> candidates) {
    List<String> ids = candidates.stream().map(c -> c.removal().contactId()).distinct().toList();
    Map<String, HostContact> byId = new HashMap<>();
    for (int from = 0; from < ids.size(); from += pageSize) {
      for (HostContact contact : contacts.findByIds(msp, ids.subList(from, Math.min(ids.size(), from + pageSize)))) {
        byId.put(contact.id(), contact);
      }
    }
    return byId;
  }

  /** Applies decided removals through the page writer (contact first, link last), a page at a time. */
  private void inactivate(TenantSyncCommand command, List<Removal> removals) {
    for (int from = 0; from < removals.size(); from += pageSize) {
      List<PlannedAction> actions = new ArrayList<>();
      for (Removal r : removals.subList(from, Math.min(removals.size(), from + pageSize))) {
        actions.add(new PlannedAction.Inactivate(r.objectId(), r.contactId(), r.reason()));
      }
      writer.apply(command.msp(), new SyncPlan(command.tenantId(), command.clientId(), actions, Set.of()), clock.instant());
    }
  }
}
