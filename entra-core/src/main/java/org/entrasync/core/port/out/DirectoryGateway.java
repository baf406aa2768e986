package org.entrasync.core.port.out;

import java.util.List;
import java.util.Objects;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.spi.MspTenantId;

/**
 * Reads managed tenants and their users, whatever the connection (Graph or CIPP). Credentials are
 * resolved by the implementation through the SecretProvider; no vendor type or exception crosses
 * this port: failures are {@code EntraUnavailableException} (retry helps) or {@code
 * EntraRejectedException} subtypes such as {@code CredentialRejectedException} (whole connection)
 * and {@code ConsentMissingException} (one tenant).
 */
public interface DirectoryGateway {

  ConnectionType type();

  /**
   * Proves the stored credentials can list managed tenants. Throws when they cannot; returns the
   * number of tenants visible.
   */
  int validate(MspTenantId msp);

  /** Every managed customer tenant visible to the connection (all pages). */
  List<DiscoveredTenant> listManagedTenants(MspTenantId msp);

  /** Whether {@link ListingRequest.Mode#DELTA} is supported (Graph yes, CIPP no). */
  boolean supportsDelta();

  /**
   * The MSP tenant's connection was disconnected or replaced (a reconnect, a switch): forget what this
   * gateway keeps in memory for it (tokens, clients), so nothing obtained with the old credentials is
   * used again. Called after the connection store no longer has that connection active and before its
   * secrets are removed. Default: nothing is kept.
   */
  default void connectionEnded(MspTenantId msp) {}

  /**
   * Streams one tenant's users page by page into {@code sink}, never holding the whole directory.
   * Each page carries a cursor from which a later call can resume after a crash. If the sink throws,
   * streaming stops and the exception propagates.
   *
   * <p>Every implementation keeps the same contract (the {@code DirectoryGatewayContract} test in
   * core's test-jar runs it against each):
   *
   * <ul>
   *   <li><b>Complete</b> means every entry of the tenant was delivered or counted: the listing ran to
   *       its last page and no entry was dropped without its object id. Only a complete full listing
   *       may imply deletions by absence.
   *   <li><b>A malformed entry with a readable object id</b> is delivered as {@link
   *       DirectoryChange.Present} with the properties that could be read (a property of another JSON
   *       type than documented is null, never coerced; an unreadable {@code accountEnabled} is null, so
   *       the user is neither enabled nor disabled); it is seen, so the listing stays complete, and
   *       the planner decides about it like any other entry.
   *   <li><b>An entry without a readable object id</b> is dropped, counted in {@link
   *       DirectoryPage#malformedRecords()} (the sync counts it as skipped), and makes the listing
   *       incomplete (absence proves nothing then).
   *   <li><b>A resume cursor</b> this gateway did not issue for this tenant and mode (another
   *       tenant's, another mode's, a bare upstream link, garbage), or one the source no longer
   *       accepts (an expired page token), restarts the same listing from its first page; so does a
   *       page token that expires in the middle of a listing: applying a page twice is harmless,
   *       skipping one is not. An expired <em>delta</em> cursor is {@link
   *       org.entrasync.core.error.DeltaCursorExpiredException}; so is any delta request to a gateway
   *       that does not {@linkplain #supportsDelta() support delta}.
   *   <li><b>Page indexes</b> number the pages from the listing's first entry: a resumed listing goes
   *       on from its cursor's page, and a listing that starts again delivers its first page as index
   *       0 again. A page whose index is below the pages already applied is therefore a re-delivery
   *       (the tenant sync applies it again but does not count its identities again).
   *   <li><b>An empty tenant</b> is a complete listing that delivers no entry (one empty last page, or
   *       none).
   *   <li><b>Resuming</b> at page n's {@link DirectoryPage#resumeCursor()} delivers exactly the
   *       entries of the pages after n.
   *   <li><b>Partial entries</b> (a delta round that reports only changed properties) say so in
   *       {@link DirectoryChange.Present#reportedFields()}; a full listing always reports every field.
   * </ul>
   *
   * @throws org.entrasync.core.error.DeltaCursorExpiredException when a delta cursor is no longer
   *     accepted; the caller then asks for a full listing
   */
  ListingOutcome streamUsers(MspTenantId msp, EntraTenantId tenant, ListingRequest request, PageSink sink);

  /** Receives pages in order. */
  @FunctionalInterface
  interface PageSink {
    void accept(DirectoryPage page);
  }

  /**
   * What to list.
   *
   * @param deltaCursor the tenant's stored delta cursor (required for DELTA, ignored for FULL)
   * @param resumeCursor a page cursor from an earlier, interrupted call of the same request, or null
   *     to start at the beginning
   * @param pageSize the largest page to hand to the sink (Graph caps at 999)
   * @param priority how urgently the listing is wanted; a source that can be told (Graph's {@code
   *     x-ms-throttle-priority}) throttles a {@link Priority#LOW} listing before anyone's interactive work
   * @param connectionGeneration the generation of the connection the work started under, read from the
   *     connection store before any of its credentials, or null when unknown: a gateway that fences its
   *     token requests with the stored generation may take it as its mark instead of reading it again
   */
  record ListingRequest(Mode mode, String deltaCursor, String resumeCursor, int pageSize, Priority priority,
      Long connectionGeneration) {
    public static final int DEFAULT_PAGE_SIZE = 999;

    public ListingRequest {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(priority, "priority");
      if (mode == Mode.DELTA && (deltaCursor == null || deltaCursor.isBlank())) {
        throw new IllegalArgumentException("A delta listing needs a delta cursor");
      }
      if (pageSize < 1 || pageSize > 999) {
        throw new IllegalArgumentException("Page size must be between 1 and 999; got " + pageSize);
      }
    }

    /** At {@link Priority#NORMAL}. */
    public ListingRequest(Mode mode, String deltaCursor, String resumeCursor, int pageSize) {
      this(mode, deltaCursor, resumeCursor, pageSize, Priority.NORMAL);
    }

    /** Without a known connection generation. */
    public ListingRequest(Mode mode, String deltaCursor, String resumeCursor, int pageSize, Priority priority) {
      this(mode, deltaCursor, resumeCursor, pageSize, priority, null);
    }

    public static ListingRequest full(int pageSize) {
      return new ListingRequest(Mode.FULL, null, null, pageSize);
    }

    public static ListingRequest delta(String deltaCursor, int pageSize) {
      return new ListingRequest(Mode.DELTA, deltaCursor, null, pageSize);
    }

    public ListingRequest resumingAt(String cursor) {
      return new ListingRequest(mode, deltaCursor, cursor, pageSize, priority, connectionGeneration);
    }

    public ListingRequest withPriority(Priority newPriority) {
      return new ListingRequest(mode, deltaCursor, resumeCursor, pageSize, newPriority, connectionGeneration);
    }

    /** Under the connection of {@code generation} (see {@link #connectionGeneration}); empty: unknown. */
    public ListingRequest underGeneration(java.util.OptionalLong generation) {
      return new ListingRequest(mode, deltaCursor, resumeCursor, pageSize, priority,
          generation.isPresent() ? generation.getAsLong() : null);
    }

    /** How urgently a listing is wanted. */
    public enum Priority {
      /** Someone started it (an operator's sync): throttled like any other work. */
      NORMAL,
      /** Background work nobody waits on (a scheduled sync): the first to be throttled. */
      LOW
    }

    /** Which users a listing returns: all of them, or the changes since a delta cursor. */
    public enum Mode {
      /** Every user of the tenant; absence from a complete full listing can imply deletion. */
      FULL,
      /** Only changes since the delta cursor; removals arrive as {@link DirectoryChange.Removed}. */
      DELTA
    }
  }

  /**
   * One page.
   *
   * @param index 0-based position of the page in the listing, counted from its first entry (a resumed
   *     listing goes on counting; a restarted one starts at 0 again)
   * @param resumeCursor where to resume to get the pages after this one, or null if this is the last
   * @param malformedRecords entries of this page the gateway dropped because it could not read
   *     their object id; counted as skipped, never guessed at
   */
  record DirectoryPage(int index, List<DirectoryChange> changes, String resumeCursor, int malformedRecords) {
    public DirectoryPage {
      changes = List.copyOf(changes);
      if (index < 0 || malformedRecords < 0) {
        throw new IllegalArgumentException("index and malformedRecords cannot be negative");
      }
    }

    public DirectoryPage(int index, List<DirectoryChange> changes, String resumeCursor) {
      this(index, changes, resumeCursor, 0);
    }

    public boolean isLast() {
      return resumeCursor == null;
    }
  }

  /**
   * How a listing ended.
   *
   * @param complete true when the listing ran to its natural end; false when the source ended early
   *     (then no deletion may be inferred from absence)
   * @param newDeltaCursor the cursor for the next delta round, or null if the source has none (the sync
   *     takes it from a complete listing only: after an incomplete full listing it lists fully again)
   */
  record ListingOutcome(boolean complete, String newDeltaCursor) {}
}
