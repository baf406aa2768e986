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
   * Streams one tenant's users page by page into {@code sink}, never holding the whole directory.
   * Each page carries a cursor from which a later call can resume after a crash. If the sink throws,
   * streaming stops and the exception propagates.
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
   */
  record ListingRequest(Mode mode, String deltaCursor, String resumeCursor, int pageSize) {
    public static final int DEFAULT_PAGE_SIZE = 999;

    public ListingRequest {
      Objects.requireNonNull(mode, "mode");
      if (mode == Mode.DELTA && (deltaCursor == null || deltaCursor.isBlank())) {
        throw new IllegalArgumentException("A delta listing needs a delta cursor");
      }
      if (pageSize < 1 || pageSize > 999) {
        throw new IllegalArgumentException("Page size must be between 1 and 999; got " + pageSize);
      }
    }

    public static ListingRequest full(int pageSize) {
      return new ListingRequest(Mode.FULL, null, null, pageSize);
    }

    public static ListingRequest delta(String deltaCursor, int pageSize) {
      return new ListingRequest(Mode.DELTA, deltaCursor, null, pageSize);
    }

    public ListingRequest resumingAt(String cursor) {
      return new ListingRequest(mode, deltaCursor, cursor, pageSize);
    }

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
   * @param index 0-based page number within this listing (counting resumed pages too)
   * @param resumeCursor where to resume to get the pages after this one, or null if this is the last
   * @param malformedRecords entries of this page the gateway could not read (no valid id, broken
   *     fields); they are counted as skipped, never guessed at
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
   * @param newDeltaCursor the cursor for the next delta round, or null if the source has none
   */
  record ListingOutcome(boolean complete, String newDeltaCursor) {}
}
