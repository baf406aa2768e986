package org.entrasync.core.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryField;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.NewContact;

/**
 * Plans one page of one managed tenant: one {@link PlannedAction} per identity, in page order.
 * There is no delete action; deletion upstream becomes, at most, an inactivation with {@code
 * deleted_upstream}, and only through the deletion-safety valve: the planner records a {@code
 * PendingRemoval}, and the valve decides the whole round's removals once, after the listing.
 *
 * <p>Per identity (after de-duplication: when an object id appears more than once in a page, its
 * last entry wins and the action takes the position of that last entry):
 *
 * <ul>
 *   <li><b>Removed</b> (delta {@code @removed}) with an active link: {@code
 *       PendingRemoval(deleted_upstream)} while {@linkplain #stillToInactivate there is still
 *       something to do}, else {@code Unchanged}. A removal without a link yields <em>no action</em>
 *       and is not counted: there is nothing of ours to change and the user was never a contact.
 *   <li><b>Disabled</b>: linked: {@code PendingRemoval(disabled_upstream)} when "mark inactive when
 *       disabled" is on and there is still something to do, else {@code Unchanged}; not linked:
 *       {@code Skip(disabled)} (never created, never linked).
 *   <li><b>Account state unknown</b>: linked: {@code Unchanged}; not linked: {@code
 *       Skip(account_state_unknown)}.
 *   <li><b>Excluded by {@link UserFilter}</b>: {@code Skip(reason)}, even when linked: the contact
 *       is left alone.
 *   <li><b>Eligible and linked</b>: the contact is gone from the host: {@code
 *       Skip(linked_contact_missing)}; {@linkplain #inactivatedBySync inactivated by the sync}
 *       (read from the contact's own state): {@code Reactivate} (with the enabled toggles' patch);
 *       inactive for any other reason (an operator's): never reactivated ({@code Update} if the
 *       toggles change fields, else {@code Unchanged}); active: {@code Update} or {@code Unchanged}.
 *   <li><b>Eligible and not linked</b>: a dismissed reconciliation item: {@code
 *       Skip(reconciliation_dismissed)}; otherwise {@link ContactMatcher}: one contact: {@code Link}
 *       (with the toggles' patch); several: {@code Queue}; none: {@code Create}.
 * </ul>
 *
 * A contact claimed by a {@code Link} earlier in the page counts as linked to another identity for
 * later users of the same page. Two users of one page may both plan to create the same email; the
 * host decides (a refusal is a per-user outcome).
 *
 * <p>A linked identity whose contact is absent from {@link PlanInput#linkedContacts} is skipped with
 * {@code linked_contact_missing} in every branch that would otherwise touch the contact.
 *
 * <p><b>Partial entries</b> (a delta round reporting only changed properties) are merged with what
 * the link and the contact know, see {@link #planPartial}.
 *
 * <p>Whenever a linked contact is seen active while its link still remembers a reason the sync once
 * inactivated it for, the plan's {@link SyncPlan.LinkUpkeep#clearSyncReason()} clears that stale
 * reason (an operator reactivated the contact, or the identity came back). A linked identity
 * reported present and enabled is {@link SyncPlan.LinkUpkeep#returned() returned}: a removal pending
 * or held for it (on its link) is dropped.
 */
public final class SyncPlanner {

  private SyncPlanner() {}

  /**
   * Everything planning one page needs, loaded in batch beforehand.
   *
   * @param changes the page, in order
   * @param activeLinks active links of the page's identities, by object id
   * @param linkedContacts the contacts of those links, by contact id
   * @param candidateContacts contacts of the client whose email matches any identity of the page
   * @param contactIdsLinkedToOthers contacts actively linked to identities (other than the page's)
   * @param queueStatus latest reconciliation item status per identity
   */
  public record PlanInput(
      EntraTenantId tenantId,
      String clientId,
      List<DirectoryChange> changes,
      Map<EntraObjectId, ContactLink> activeLinks,
      Map<String, HostContact> linkedContacts,
      List<HostContact> candidateContacts,
      Set<String> contactIdsLinkedToOthers,
      Map<EntraObjectId, QueueStatus> queueStatus,
      SyncSettings settings) {
    public PlanInput {
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(settings, "settings");
      changes = changes == null ? List.of() : List.copyOf(changes);
      activeLinks = activeLinks == null ? Map.of() : Map.copyOf(activeLinks);
      linkedContacts = linkedContacts == null ? Map.of() : Map.copyOf(linkedContacts);
      candidateContacts = candidateContacts == null ? List.of() : List.copyOf(candidateContacts);
      contactIdsLinkedToOthers = contactIdsLinkedToOthers == null ? Set.of() : Set.copyOf(contactIdsLinkedToOthers);
      queueStatus = queueStatus == null ? Map.of() : Map.copyOf(queueStatus);
    }
  }

  /** Plans one page. Pure: the same input always yields the same plan. */
  public static SyncPlan plan(PlanInput input) {
    Objects.requireNonNull(input, "input");

    // The last entry of an object id wins, at the position of that last entry.
    Map<EntraObjectId, DirectoryChange> latest = new LinkedHashMap<>();
    for (DirectoryChange change : input.changes()) {
      latest.remove(change.objectId());
      latest.put(change.objectId(), change);
    }

    Set<String> claimed = new HashSet<>(input.contactIdsLinkedToOthers());
    for (ContactLink link : input.activeLinks().values()) {
      if (link.active()) {
        claimed.add(link.contactId());
      }
    }

    List<Pattern> patterns = input.settings().userFilter().compiledPatterns();
    Set<EntraObjectId> clearSyncReason = new LinkedHashSet<>();
    Set<EntraObjectId> returned = new LinkedHashSet<>();
    Set<EntraObjectId> heard = new LinkedHashSet<>();
    Map<EntraObjectId, Boolean> accountStates = new LinkedHashMap<>();
    List<PlannedAction> actions = new ArrayList<>();
    Set<EntraObjectId> seen = new LinkedHashSet<>();
    int eligible = 0;
    boolean listFullyNext = false;
    for (DirectoryChange change : latest.values()) {
      ContactLink link = input.activeLinks().get(change.objectId());
      if (link != null && !link.active()) {
        link = null;
      }
      if (link != null && link.syncInactivated() != null) {
        HostContact contact = input.linkedContacts().get(link.contactId());
        if (contact != null && !contact.inactive()) {
          clearSyncReason.add(change.objectId());
        }
      }
      if (change instanceof DirectoryChange.Removed) {
        if (link != null) {
          heard.add(change.objectId());
        }
        planRemoved((DirectoryChange.Removed) change, link, input).ifPresent(actions::add);
      } else if (change instanceof DirectoryChange.Present present && present.isPartial()) {
        seen.add(present.objectId());
        if (present.reported(DirectoryField.ACCOUNT_ENABLED)) {
          recordAccountState(link, present.user(), accountStates);
        }
        if (link != null && link.pendingRemoval() != null && present.reported(DirectoryField.ACCOUNT_ENABLED)
            && present.user().isKnownEnabled()) {
          returned.add(present.objectId());
        }
        listFullyNext |= link == null || enabledAgain(present, link, input);
        actions.add(planPartial(present, link, input));
      } else if (change instanceof DirectoryChange.Present) {
        DirectoryUser user = ((DirectoryChange.Present) change).user();
        seen.add(user.id());
        recordAccountState(link, user, accountStates);
        // The filter's verdict (only enabled accounts reach it; the others are never eligible).
        FilterDecision decision = user.isKnownEnabled()
            ? UserFilter.evaluate(user, input.settings().userFilter(), patterns)
            : null;
        if (decision instanceof FilterDecision.Eligible) {
          eligible++;
        }
        if (link != null && link.pendingRemoval() != null && user.isKnownEnabled()) {
          returned.add(user.id());
        }
        actions.add(planPresent(user, link, input, claimed, decision));
      } else {
        throw new IllegalStateException("Unknown directory change " + change.getClass().getName());
      }
    }
    return new SyncPlan(input.tenantId(), input.clientId(), actions, seen, eligible,
        new SyncPlan.LinkUpkeep(clearSyncReason, returned, heard, accountStates), listFullyNext);
  }

  /**
   * Whether a partial entry reports enabled an account its link or contact knows disabled. What changed
   * while it was disabled was not applied (a disabled account's fields are left alone) and a partial
   * entry resends only what changed since, so only a full listing brings those changes.
   */
  private static boolean enabledAgain(DirectoryChange.Present present, ContactLink link, PlanInput input) {
    if (!present.reported(DirectoryField.ACCOUNT_ENABLED) || !present.user().isKnownEnabled()) {
      return false;
    }
    HostContact contact = input.linkedContacts().get(link.contactId());
    return contact != null && knownDisabled(link, contact);
  }

  /** The account state a link and its contact remember: disabled when either says so. */
  private static boolean knownDisabled(ContactLink link, HostContact contact) {
    return Boolean.FALSE.equals(link.accountEnabled())
        || link.pendingRemoval() == InactiveReason.DISABLED_UPSTREAM
        || (contact.inactive() && InactiveReason.DISABLED_UPSTREAM.wireName().equals(contact.inactiveReason()));
  }

  /**
   * The account state a linked identity was reported in, when its link records another one (enabled
   * is recorded only over a recorded disabled: a link without a state is read as enabled).
   */
  private static void recordAccountState(ContactLink link, DirectoryUser user, Map<EntraObjectId, Boolean> states) {
    if (link == null) {
      return;
    }
    if (user.isKnownDisabled() && !Boolean.FALSE.equals(link.accountEnabled())) {
      states.put(user.id(), false);
    } else if (user.isKnownEnabled() && Boolean.FALSE.equals(link.accountEnabled())) {
      states.put(user.id(), true);
    }
  }

  /**
   * Whether inactivating this linked contact for {@code reason} is still to do, compared with the
   * contact's actual state: it is active; or it is inactive with exactly this reason while its link
   * does not record it yet (the contact was written and the link not, before a failure): then the
   * inactivation is repeated, which changes nothing on the contact and completes the link. A contact
   * inactive for another reason is left alone.
   */
  public static boolean stillToInactivate(HostContact contact, ContactLink link, InactiveReason reason) {
    if (!contact.inactive()) {
      return true;
    }
    return reason.wireName().equals(contact.inactiveReason()) && link.syncInactivated() != reason;
  }

  /**
   * Whether the sync itself made this contact inactive, read from the contact's current state: it is
   * inactive with one of the sync's reasons ({@code disabled_upstream}, {@code deleted_upstream}),
   * and the link does not remember another one. A contact inactive for any other reason (an
   * operator's) is not the sync's to undo, whatever the link remembers.
   */
  public static boolean inactivatedBySync(HostContact contact, ContactLink link) {
    if (!contact.inactive() || contact.inactiveReason() == null) {
      return false;
    }
    for (InactiveReason reason : InactiveReason.values()) {
      if (reason.wireName().equals(contact.inactiveReason())) {
        // A link without a reason: the contact was written and the link not yet (a retry repairs it).
        return link.syncInactivated() == null || link.syncInactivated() == reason;
      }
    }
    return false;
  }

  private static Optional<PlannedAction> planRemoved(
      DirectoryChange.Removed removed, ContactLink link, PlanInput input) {
    if (link == null) {
      return Optional.empty();
    }
    HostContact contact = input.linkedContacts().get(link.contactId());
    if (contact == null) {
      return Optional.of(missing(removed.objectId(), link));
    }
    if (!stillToInactivate(contact, link, InactiveReason.DELETED_UPSTREAM)) {
      return Optional.of(new PlannedAction.Unchanged(removed.objectId(), contact.id()));
    }
    return Optional.of(
        new PlannedAction.PendingRemoval(removed.objectId(), contact.id(), InactiveReason.DELETED_UPSTREAM));
  }

  /**
   * A partial delta entry: a property it does not report is "not changed", so the entry is merged
   * with what the link and the contact know. Not linked: without its email the identity cannot be
   * matched safely, so it is skipped ({@code partial_record}; the tenant sync lists the tenant fully
   * next time). Linked: the filters are not asked again (their inputs may be missing); {@code
   * accountEnabled} not reported keeps the known state: still disabled (the link records the account
   * disabled, or a pending removal stays pending, or an inactive contact stays so; nothing applied) or enabled (fields applied, never a reactivation, which
   * needs the account reported enabled).
   */
  private static PlannedAction planPartial(DirectoryChange.Present present, ContactLink link, PlanInput input) {
    DirectoryUser user = present.user();
    EntraObjectId id = user.id();
    if (link == null) {
      return new PlannedAction.Skip(id, SkipReason.PARTIAL_RECORD,
          "The directory reported only some properties of this user, not its email, so it cannot be matched;"
              + " the next sync lists the tenant fully.");
    }
    HostContact contact = input.linkedContacts().get(link.contactId());
    if (contact == null) {
      return missing(id, link);
    }
    SyncSettings settings = input.settings();
    boolean stateReported = present.reported(DirectoryField.ACCOUNT_ENABLED);
    boolean disabled = stateReported ? user.isKnownDisabled() : knownDisabled(link, contact);
    if (disabled) {
      boolean stillPending = stateReported || link.pendingRemoval() == InactiveReason.DISABLED_UPSTREAM;
      if (stillPending && settings.markInactiveWhenDisabled()
          && stillToInactivate(contact, link, InactiveReason.DISABLED_UPSTREAM)) {
        return new PlannedAction.PendingRemoval(id, contact.id(), InactiveReason.DISABLED_UPSTREAM);
      }
      return new PlannedAction.Unchanged(id, contact.id());
    }
    if (stateReported && !user.isKnownEnabled()) {
      return new PlannedAction.Unchanged(id, contact.id());
    }
    ContactPatch patch = FieldOverwritePolicy.patch(contact, user, settings.fieldSync(), present.reportedFields())
        .orElse(null);
    if (stateReported && inactivatedBySync(contact, link)) {
      return new PlannedAction.Reactivate(id, contact.id(), patch);
    }
    return patch != null ? new PlannedAction.Update(id, contact.id(), patch) : new PlannedAction.Unchanged(id, contact.id());
  }

  /** {@code decision}: the user filter's verdict, null for an account not known to be enabled. */
  private static PlannedAction planPresent(
      DirectoryUser user, ContactLink link, PlanInput input, Set<String> claimed, FilterDecision decision) {
    EntraObjectId id = user.id();
    SyncSettings settings = input.settings();

    if (user.isKnownDisabled()) {
      if (link == null) {
        return new PlannedAction.Skip(id, SkipReason.DISABLED, "The account is disabled in Entra and was never linked.");
      }
      HostContact contact = input.linkedContacts().get(link.contactId());
      if (contact == null) {
        return missing(id, link);
      }
      if (settings.markInactiveWhenDisabled() && stillToInactivate(contact, link, InactiveReason.DISABLED_UPSTREAM)) {
        return new PlannedAction.PendingRemoval(id, contact.id(), InactiveReason.DISABLED_UPSTREAM);
      }
      return new PlannedAction.Unchanged(id, contact.id());
    }
    if (!user.isKnownEnabled()) {
      if (link == null) {
        return new PlannedAction.Skip(
            id, SkipReason.ACCOUNT_STATE_UNKNOWN,
            "The directory did not report whether the account is enabled; it is not treated as enabled.");
      }
      HostContact contact = input.linkedContacts().get(link.contactId());
      return contact == null ? missing(id, link) : new PlannedAction.Unchanged(id, contact.id());
    }

    if (decision instanceof FilterDecision.Excluded) {
      FilterDecision.Excluded excluded = (FilterDecision.Excluded) decision;
      return new PlannedAction.Skip(id, excluded.reason(), excluded.detail());
    }
    String primaryEmail = ((FilterDecision.Eligible) decision).primaryEmail();

    if (link != null) {
      HostContact contact = input.linkedContacts().get(link.contactId());
      if (contact == null) {
        return missing(id, link);
      }
      ContactPatch patch = FieldOverwritePolicy.patch(contact, user, settings.fieldSync()).orElse(null);
      if (inactivatedBySync(contact, link)) {
        return new PlannedAction.Reactivate(id, contact.id(), patch);
      }
      // Active, or inactivated by hand (which the sync never undoes).
      return patch != null
          ? new PlannedAction.Update(id, contact.id(), patch)
          : new PlannedAction.Unchanged(id, contact.id());
    }

    if (input.queueStatus().get(id) == QueueStatus.DISMISSED) {
      return new PlannedAction.Skip(
          id, SkipReason.RECONCILIATION_DISMISSED,
          "An operator dismissed this identity's reconciliation item; it is not queued again.");
    }
    ContactMatch match =
        ContactMatcher.match(user, null, input.clientId(), input.candidateContacts(), claimed);
    if (match instanceof ContactMatch.LinkTo) {
      String contactId = ((ContactMatch.LinkTo) match).contactId();
      claimed.add(contactId);
      ContactPatch patch = null;
      for (HostContact candidate : input.candidateContacts()) {
        if (candidate.id().equals(contactId)) {
          patch = FieldOverwritePolicy.patch(candidate, user, settings.fieldSync()).orElse(null);
          break;
        }
      }
      return new PlannedAction.Link(id, contactId, patch);
    }
    if (match instanceof ContactMatch.Ambiguous) {
      NewContact values = FieldOverwritePolicy.newContact(user, input.clientId());
      return new PlannedAction.Queue(id, primaryEmail, values.fullName(), ((ContactMatch.Ambiguous) match).contactIds(),
          new ReconciliationItem.Values(values.role(), values.userPrincipalName(), values.phones()));
    }
    if (match instanceof ContactMatch.NoMatch) {
      return new PlannedAction.Create(id, FieldOverwritePolicy.newContact(user, input.clientId()));
    }
    throw new IllegalStateException("Unexpected contact match " + match);
  }

  private static PlannedAction missing(EntraObjectId id, ContactLink link) {
    return new PlannedAction.Skip(
        id, SkipReason.LINKED_CONTACT_MISSING,
        "Linked contact " + link.contactId() + " no longer exists in the host; the link is left as is.");
  }
}
