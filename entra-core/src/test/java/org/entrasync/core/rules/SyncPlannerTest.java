package org.entrasync.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.entrasync.core.model.ContactLink;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.DirectoryChange.Present;
import org.entrasync.core.model.DirectoryChange.RemovalKind;
import org.entrasync.core.model.DirectoryField;
import org.entrasync.core.model.DirectoryChange.Removed;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.core.model.InactiveReason;
import org.entrasync.core.model.PlannedAction;
import org.entrasync.core.model.PlannedAction.Create;
import org.entrasync.core.model.PlannedAction.Inactivate;
import org.entrasync.core.model.PlannedAction.Link;
import org.entrasync.core.model.PlannedAction.PendingRemoval;
import org.entrasync.core.model.PlannedAction.Queue;
import org.entrasync.core.model.PlannedAction.Reactivate;
import org.entrasync.core.model.PlannedAction.Skip;
import org.entrasync.core.model.PlannedAction.Unchanged;
import org.entrasync.core.model.PlannedAction.Update;
import org.entrasync.core.model.QueueStatus;
import org.entrasync.core.model.ReconciliationItem;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.SyncCounters;
import org.entrasync.core.model.SyncPlan;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.model.UserFilterConfig;
import org.entrasync.core.rules.SyncPlanner.PlanInput;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.HostContact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SyncPlannerTest {

  static final EntraTenantId TENANT = EntraTenantId.of("2a1c0e55-1111-4a11-8a11-000000000001");
  static final String CLIENT = "client-contoso";
  static final EntraObjectId U1 = EntraObjectId.of("a0000001-0000-4000-8000-000000000001");
  static final EntraObjectId U2 = EntraObjectId.of("a0000001-0000-4000-8000-000000000002");
  static final EntraObjectId U3 = EntraObjectId.of("a0000001-0000-4000-8000-000000000003");
  static final EntraObjectId U4 = EntraObjectId.of("a0000001-0000-4000-8000-000000000004");
  static final EntraObjectId OTHER = EntraObjectId.of("a0000001-0000-4000-8000-000000000099");
  static final FieldSyncConfig JOB_TITLE_ONLY = new FieldSyncConfig(false, false, false, true, false);

  // ---- fixtures -------------------------------------------------------------------------------

  static DirectoryUser.Builder user(EntraObjectId id, String email) {
    return DirectoryUser.builder(id).email(email).displayName("User " + email).jobTitle("Engineer");
  }

  static Present present(DirectoryUser.Builder user) {
    return new Present(user.build());
  }

  /** Active, or inactive by an operator's hand (reason "left the company"). */
  static HostContact contact(String id, String email, String role, boolean inactive) {
    return contact(id, email, role, inactive ? "left the company" : null);
  }

  /** Inactive for {@code reason} (null: active). */
  static HostContact contact(String id, String email, String role, String reason) {
    return new HostContact(id, CLIENT, "User " + email, email, role, null, List.of(), reason != null, reason);
  }

  static ContactLink link(EntraObjectId objectId, String contactId, InactiveReason syncInactivated) {
    return new ContactLink(TENANT, objectId, contactId, CLIENT, true, syncInactivated, null, null);
  }

  static SyncSettings settings(FieldSyncConfig fields, boolean markInactive) {
    return new SyncSettings(fields, UserFilterConfig.DEFAULT, markInactive, SyncSettings.DEFAULT_INTERVAL_MINUTES);
  }

  /** A small builder so each case states only what differs. */
  static final class Page {
    final List<DirectoryChange> changes = new ArrayList<>();
    final Map<EntraObjectId, ContactLink> links = new HashMap<>();
    final Map<String, HostContact> linked = new HashMap<>();
    final List<HostContact> candidates = new ArrayList<>();
    final Set<String> linkedToOthers = new java.util.HashSet<>();
    final Map<EntraObjectId, QueueStatus> queue = new HashMap<>();
    SyncSettings settings = SyncPlannerTest.settings(JOB_TITLE_ONLY, true);

    Page change(DirectoryChange c) { changes.add(c); return this; }
    Page linked(EntraObjectId id, HostContact c, InactiveReason syncInactivated) {
      links.put(id, link(id, c.id(), syncInactivated));
      linked.put(c.id(), c);
      return this;
    }
    /** Linked, the link recording the account's last reported state. */
    Page linkedWithState(EntraObjectId id, HostContact c, Boolean accountEnabled) {
      links.put(id, link(id, c.id(), null).withAccountEnabled(accountEnabled));
      linked.put(c.id(), c);
      return this;
    }
    Page linkWithoutContact(EntraObjectId id, String contactId) { links.put(id, link(id, contactId, null)); return this; }
    /** Linked, with a removal pending or held on the link. */
    Page pending(EntraObjectId id, HostContact c, InactiveReason pending) {
      links.put(id, new ContactLink(TENANT, id, c.id(), CLIENT, true, null, null, null, pending, java.time.Instant.EPOCH));
      linked.put(c.id(), c);
      return this;
    }
    Page candidate(HostContact c) { candidates.add(c); return this; }
    Page linkedToOther(String contactId) { linkedToOthers.add(contactId); return this; }
    Page queue(EntraObjectId id, QueueStatus s) { queue.put(id, s); return this; }
    Page settings(SyncSettings s) { settings = s; return this; }

    PlanInput input() {
      return new PlanInput(TENANT, CLIENT, changes, links, linked, candidates, linkedToOthers, queue, settings);
    }

    SyncPlan plan() { return SyncPlanner.plan(input()); }
  }

  static Page page() { return new Page(); }

  // ---- one identity, every branch -------------------------------------------------------------

  /** Each case: a page with one identity, and the single action expected (null: no action). */
  static Stream<Arguments> singleIdentityCases() {
    HostContact active = contact("contact-1", "u1@contoso.example", "Engineer", false);
    HostContact activeOldRole = contact("contact-1", "u1@contoso.example", "Intern", false);
    HostContact inactive = contact("contact-1", "u1@contoso.example", "Engineer", true);
    HostContact inactiveOldRole = contact("contact-1", "u1@contoso.example", "Intern", true);
    HostContact syncDisabled = contact("contact-1", "u1@contoso.example", "Engineer", "disabled_upstream");
    HostContact syncDeletedOldRole = contact("contact-1", "u1@contoso.example", "Intern", "deleted_upstream");
    ContactPatch roleToEngineer = new ContactPatch("contact-1", null, null, "Engineer", null, null);

    return Stream.of(
        // removals
        Arguments.of("removed, linked, active contact",
            page().change(new Removed(U1, RemovalKind.DELETED)).linked(U1, active, null),
            new PendingRemoval(U1, "contact-1", InactiveReason.DELETED_UPSTREAM)),
        Arguments.of("removed (soft), linked, active contact",
            page().change(new Removed(U1, RemovalKind.SOFT_DELETED)).linked(U1, active, null),
            new PendingRemoval(U1, "contact-1", InactiveReason.DELETED_UPSTREAM)),
        Arguments.of("removed, linked, contact already inactive",
            page().change(new Removed(U1, RemovalKind.DELETED)).linked(U1, inactive, null),
            new Unchanged(U1, "contact-1")),
        Arguments.of("removed, linked, contact gone",
            page().change(new Removed(U1, RemovalKind.DELETED)).linkWithoutContact(U1, "contact-gone"),
            new Skip(U1, SkipReason.LINKED_CONTACT_MISSING, null)),
        Arguments.of("removed, not linked: no action",
            page().change(new Removed(U1, RemovalKind.DELETED)).candidate(active),
            null),
        // disabled
        Arguments.of("disabled, linked, mark inactive on",
            page().change(present(user(U1, "u1@contoso.example").accountEnabled(false))).linked(U1, active, null),
            new PendingRemoval(U1, "contact-1", InactiveReason.DISABLED_UPSTREAM)),
        Arguments.of("disabled, linked, mark inactive off",
            page().change(present(user(U1, "u1@contoso.example").accountEnabled(false))).linked(U1, activeOldRole, null)
                .settings(settings(JOB_TITLE_ONLY, false)),
            new Unchanged(U1, "contact-1")),
        Arguments.of("disabled, linked, contact already inactive",
            page().change(present(user(U1, "u1@contoso.example").accountEnabled(false))).linked(U1, inactive, InactiveReason.DISABLED_UPSTREAM),
            new Unchanged(U1, "contact-1")),
        Arguments.of("disabled, contact inactive with the sync's reason but the link without it: inactivated again (repair)",
            page().change(present(user(U1, "u1@contoso.example").accountEnabled(false))).linked(U1, syncDisabled, null),
            new PendingRemoval(U1, "contact-1", InactiveReason.DISABLED_UPSTREAM)),
        Arguments.of("disabled, contact inactive by hand: left alone",
            page().change(present(user(U1, "u1@contoso.example").accountEnabled(false))).linked(U1, inactive, null),
            new Unchanged(U1, "contact-1")),
        Arguments.of("disabled, not linked, matching contact exists: never linked",
            page().change(present(user(U1, "u1@contoso.example").accountEnabled(false))).candidate(active),
            new Skip(U1, SkipReason.DISABLED, null)),
        Arguments.of("disabled, not linked, no contact: never created",
            page().change(present(user(U1, "u1@contoso.example").accountEnabled(false))),
            new Skip(U1, SkipReason.DISABLED, null)),
        // unknown account state
        Arguments.of("state unknown, linked",
            page().change(present(user(U1, "u1@contoso.example").accountEnabled(null))).linked(U1, activeOldRole, null),
            new Unchanged(U1, "contact-1")),
        Arguments.of("state unknown, not linked",
            page().change(present(user(U1, "u1@contoso.example").accountEnabled(null))).candidate(active),
            new Skip(U1, SkipReason.ACCOUNT_STATE_UNKNOWN, null)),
        // filtered out
        Arguments.of("service account, not linked",
            page().change(present(user(U1, "noreply@contoso.example"))),
            new Skip(U1, SkipReason.SERVICE_ACCOUNT, null)),
        Arguments.of("guest, linked: the contact is left alone",
            page().change(present(user(U1, "u1@contoso.example").userType("Guest"))).linked(U1, activeOldRole, null),
            new Skip(U1, SkipReason.GUEST, null)),
        Arguments.of("no email identity",
            page().change(present(user(U1, null).userPrincipalName("u1"))),
            new Skip(U1, SkipReason.NO_EMAIL_IDENTITY, null)),
        // eligible, linked
        Arguments.of("linked, nothing to change",
            page().change(present(user(U1, "u1@contoso.example"))).linked(U1, active, null),
            new Unchanged(U1, "contact-1")),
        Arguments.of("linked, toggle changes the role",
            page().change(present(user(U1, "u1@contoso.example"))).linked(U1, activeOldRole, null),
            new Update(U1, "contact-1", roleToEngineer)),
        Arguments.of("linked, toggles off: local value stays",
            page().change(present(user(U1, "u1@contoso.example"))).linked(U1, activeOldRole, null)
                .settings(settings(FieldSyncConfig.NONE, true)),
            new Unchanged(U1, "contact-1")),
        Arguments.of("linked, contact gone",
            page().change(present(user(U1, "u1@contoso.example"))).linkWithoutContact(U1, "contact-gone"),
            new Skip(U1, SkipReason.LINKED_CONTACT_MISSING, null)),
        Arguments.of("re-enabled, sync had inactivated: reactivate",
            page().change(present(user(U1, "u1@contoso.example"))).linked(U1, syncDisabled, InactiveReason.DISABLED_UPSTREAM),
            new Reactivate(U1, "contact-1", null)),
        Arguments.of("re-enabled after deletion, with a patch",
            page().change(present(user(U1, "u1@contoso.example"))).linked(U1, syncDeletedOldRole, InactiveReason.DELETED_UPSTREAM),
            new Reactivate(U1, "contact-1", roleToEngineer)),
        Arguments.of("the contact carries the sync's reason, the link none yet (a write interrupted): reactivate",
            page().change(present(user(U1, "u1@contoso.example"))).linked(U1, syncDisabled, null),
            new Reactivate(U1, "contact-1", null)),
        Arguments.of("inactivated by hand: stays inactive",
            page().change(present(user(U1, "u1@contoso.example"))).linked(U1, inactive, null),
            new Unchanged(U1, "contact-1")),
        Arguments.of("inactivated by hand, the link remembers a stale sync reason: stays inactive",
            page().change(present(user(U1, "u1@contoso.example"))).linked(U1, inactive, InactiveReason.DISABLED_UPSTREAM),
            new Unchanged(U1, "contact-1")),
        Arguments.of("the contact and the link disagree on the sync's reason: stays inactive",
            page().change(present(user(U1, "u1@contoso.example"))).linked(U1, syncDisabled, InactiveReason.DELETED_UPSTREAM),
            new Unchanged(U1, "contact-1")),
        Arguments.of("inactivated by hand, toggle changes a field: update, no reactivation",
            page().change(present(user(U1, "u1@contoso.example"))).linked(U1, inactiveOldRole, null),
            new Update(U1, "contact-1", roleToEngineer)),
        Arguments.of("linked, the email changed upstream: the link still wins",
            page().change(present(user(U1, "renamed@contoso.example"))).linked(U1, active, null)
                .candidate(contact("contact-9", "renamed@contoso.example", null, false)),
            new Unchanged(U1, "contact-1")),
        // eligible, not linked
        Arguments.of("one matching contact: link, with the toggles' patch",
            page().change(present(user(U1, "u1@contoso.example"))).candidate(activeOldRole),
            new Link(U1, "contact-1", roleToEngineer)),
        Arguments.of("one matching contact, nothing to change: link without patch",
            page().change(present(user(U1, "u1@contoso.example"))).candidate(active),
            new Link(U1, "contact-1", null)),
        Arguments.of("several matching contacts: queue",
            page().change(present(user(U1, "u1@contoso.example")))
                .candidate(contact("contact-b", "U1@contoso.example", null, false))
                .candidate(contact("contact-a", "u1@contoso.example", null, false)),
            new Queue(U1, "u1@contoso.example", "User u1@contoso.example", List.of("contact-a", "contact-b"),
                new ReconciliationItem.Values("Engineer", "u1@contoso.example", List.of()))),
        Arguments.of("several matching, reconciliation dismissed: not queued again",
            page().change(present(user(U1, "u1@contoso.example"))).queue(U1, QueueStatus.DISMISSED)
                .candidate(contact("contact-b", "u1@contoso.example", null, false))
                .candidate(contact("contact-a", "u1@contoso.example", null, false)),
            new Skip(U1, SkipReason.RECONCILIATION_DISMISSED, null)),
        Arguments.of("several matching, open item: queued again",
            page().change(present(user(U1, "u1@contoso.example"))).queue(U1, QueueStatus.OPEN)
                .candidate(contact("contact-b", "u1@contoso.example", null, false))
                .candidate(contact("contact-a", "u1@contoso.example", null, false)),
            new Queue(U1, "u1@contoso.example", "User u1@contoso.example", List.of("contact-a", "contact-b"),
                new ReconciliationItem.Values("Engineer", "u1@contoso.example", List.of()))),
        Arguments.of("matching contact linked to another identity: create",
            page().change(present(user(U1, "u1@contoso.example"))).candidate(active).linkedToOther("contact-1"),
            new Create(U1, FieldOverwritePolicy.newContact(user(U1, "u1@contoso.example").build(), CLIENT))),
        Arguments.of("no matching contact: create",
            page().change(present(user(U1, "u1@contoso.example")))
                .candidate(new HostContact("contact-namesake", CLIENT, "User u1@contoso.example", "other@personal.example",
                    null, null, List.of(), false, null)),
            new Create(U1, FieldOverwritePolicy.newContact(user(U1, "u1@contoso.example").build(), CLIENT))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("singleIdentityCases")
  void plansOneActionPerIdentity(String label, Page page, PlannedAction expected) {
    SyncPlan plan = page.plan();

    if (expected == null) {
      assertThat(plan.actions()).isEmpty();
      assertThat(plan.counters()).isEqualTo(SyncCounters.ZERO);
      return;
    }
    assertThat(plan.actions()).hasSize(1);
    PlannedAction actual = plan.actions().get(0);
    if (expected instanceof Skip) {
      // The detail is prose; the reason is the rule.
      assertThat(actual).isInstanceOf(Skip.class);
      assertThat(((Skip) actual).objectId()).isEqualTo(expected.objectId());
      assertThat(((Skip) actual).reason()).isEqualTo(((Skip) expected).reason());
      assertThat(((Skip) actual).detail()).isNotBlank();
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }

  // ---- partial delta entries -------------------------------------------------------------------

  /** A delta entry reporting only {@code fields} of {@code user} (the others null: not changed). */
  static Present partial(DirectoryUser.Builder user, DirectoryField... fields) {
    DirectoryUser full = user.build();
    Set<DirectoryField> reported = java.util.EnumSet.noneOf(DirectoryField.class);
    reported.addAll(Arrays.asList(fields));
    DirectoryUser.Builder only = DirectoryUser.builder(full.id()).accountEnabled(null).userType(null);
    if (reported.contains(DirectoryField.MAIL)) only.mail(full.mail());
    if (reported.contains(DirectoryField.USER_PRINCIPAL_NAME)) only.userPrincipalName(full.userPrincipalName());
    if (reported.contains(DirectoryField.DISPLAY_NAME)) only.displayName(full.displayName());
    if (reported.contains(DirectoryField.ACCOUNT_ENABLED)) only.accountEnabled(full.accountEnabled());
    if (reported.contains(DirectoryField.USER_TYPE)) only.userType(full.userType());
    if (reported.contains(DirectoryField.JOB_TITLE)) only.jobTitle(full.jobTitle());
    if (reported.contains(DirectoryField.MOBILE_PHONE)) only.mobilePhone(full.mobilePhone());
    if (reported.contains(DirectoryField.BUSINESS_PHONES)) only.businessPhones(full.businessPhones());
    return new Present(only.build(), reported);
  }

  static final FieldSyncConfig ALL_TOGGLES = new FieldSyncConfig(true, true, true, true, true);

  /**
   * A property a delta entry does not report means "not changed": the planner merges the entry with
   * what the link and contact know. A changed job title is applied; a user whose accountEnabled was
   * not resent is neither frozen, nor inactivated, nor reactivated; an unlinked identity without its
   * email cannot be matched and is skipped (the next round lists the tenant fully).
   */
  static Stream<Arguments> partialEntryCases() {
    HostContact active = new HostContact("contact-1", CLIENT, "Ada Lovelace", "u1@contoso.example", "Intern", "u1@contoso.example",
        List.of(), false, null);
    HostContact syncDisabled = new HostContact("contact-1", CLIENT, "Ada Lovelace", "u1@contoso.example", "Intern",
        "u1@contoso.example", List.of(), true, "disabled_upstream");
    ContactPatch roleOnly = new ContactPatch("contact-1", null, null, "Engineer", null, null);
    return Stream.of(
        Arguments.of("linked, only the job title reported: applied, nothing else touched",
            page().settings(settings(ALL_TOGGLES, true)).change(partial(user(U1, "u1@contoso.example"), DirectoryField.JOB_TITLE))
                .linked(U1, active, null),
            new Update(U1, "contact-1", roleOnly)),
        Arguments.of("linked, only the UPN reported: the email toggle does not take the UPN for the mail",
            page().settings(settings(new FieldSyncConfig(true, true, false, false, false), true))
                .change(partial(user(U1, "u1@contoso.example").userPrincipalName("ada@contoso.example"),
                    DirectoryField.USER_PRINCIPAL_NAME))
                .linked(U1, active, null),
            new Unchanged(U1, "contact-1")),
        Arguments.of("linked, only the mail reported: the name is not taken from the mail",
            page().settings(settings(ALL_TOGGLES, true))
                .change(partial(user(U1, "ada.l@contoso.example"), DirectoryField.MAIL))
                .linked(U1, active, null),
            new Update(U1, "contact-1", new ContactPatch("contact-1", null, "ada.l@contoso.example", null, null, null))),
        Arguments.of("linked and sync-inactivated as disabled, accountEnabled not resent: not reactivated",
            page().settings(settings(ALL_TOGGLES, true)).change(partial(user(U1, "u1@contoso.example"), DirectoryField.JOB_TITLE))
                .linked(U1, syncDisabled, InactiveReason.DISABLED_UPSTREAM),
            new Unchanged(U1, "contact-1")),
        Arguments.of("linked and sync-inactivated as disabled, enabled reported: reactivated",
            page().settings(settings(ALL_TOGGLES, true))
                .change(partial(user(U1, "u1@contoso.example"), DirectoryField.ACCOUNT_ENABLED))
                .linked(U1, syncDisabled, InactiveReason.DISABLED_UPSTREAM),
            new Reactivate(U1, "contact-1", null)),
        Arguments.of("linked, disabled reported: a pending removal",
            page().change(partial(user(U1, "u1@contoso.example").accountEnabled(false), DirectoryField.ACCOUNT_ENABLED))
                .linked(U1, active, null),
            new PendingRemoval(U1, "contact-1", InactiveReason.DISABLED_UPSTREAM)),
        Arguments.of("linked, disabled and pending, only the job title resent: still pending, not frozen or applied",
            page().change(partial(user(U1, "u1@contoso.example"), DirectoryField.JOB_TITLE))
                .pending(U1, active, InactiveReason.DISABLED_UPSTREAM),
            new PendingRemoval(U1, "contact-1", InactiveReason.DISABLED_UPSTREAM)),
        Arguments.of("linked, active, accountEnabled not resent, nothing to change: unchanged (not frozen)",
            page().change(partial(user(U1, "u1@contoso.example").jobTitle("Intern"), DirectoryField.JOB_TITLE))
                .linked(U1, active, null),
            new Unchanged(U1, "contact-1")),
        Arguments.of("linked, recorded disabled (mark inactive off: nothing pending), only the mail resent: unchanged",
            page().settings(settings(ALL_TOGGLES, false))
                .change(partial(user(U1, "ada.l@contoso.example"), DirectoryField.MAIL))
                .linkedWithState(U1, active, false),
            new Unchanged(U1, "contact-1")),
        Arguments.of("linked, recorded disabled, mark inactive on, only the job title resent: unchanged, no removal",
            page().settings(settings(ALL_TOGGLES, true)).change(partial(user(U1, "u1@contoso.example"), DirectoryField.JOB_TITLE))
                .linkedWithState(U1, active, false),
            new Unchanged(U1, "contact-1")),
        Arguments.of("linked, recorded enabled, only the mail resent: applied",
            page().settings(settings(ALL_TOGGLES, false))
                .change(partial(user(U1, "ada.l@contoso.example"), DirectoryField.MAIL))
                .linkedWithState(U1, active, true),
            new Update(U1, "contact-1", new ContactPatch("contact-1", null, "ada.l@contoso.example", null, null, null))),
        Arguments.of("linked, recorded disabled, enabled and the mail resent: applied",
            page().settings(settings(ALL_TOGGLES, false))
                .change(partial(user(U1, "ada.l@contoso.example"), DirectoryField.MAIL, DirectoryField.ACCOUNT_ENABLED))
                .linkedWithState(U1, active, false),
            new Update(U1, "contact-1", new ContactPatch("contact-1", null, "ada.l@contoso.example", null, null, null))),
        Arguments.of("not linked, partial: cannot be matched safely, skipped",
            page().change(partial(user(U1, "u1@contoso.example"), DirectoryField.JOB_TITLE))
                .candidate(active),
            new Skip(U1, SkipReason.PARTIAL_RECORD, null)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("partialEntryCases")
  void partialEntriesAreMergedWithWhatTheLinkKnows(String label, Page page, PlannedAction expected) {
    plansOneActionPerIdentity(label, page, expected);
  }

  // ---- link upkeep ------------------------------------------------------------------------------

  @Test
  void aContactSeenActiveWhileItsLinkRemembersASyncReasonHasThatStaleReasonCleared() {
    HostContact active = contact("contact-1", "u1@contoso.example", "Engineer", false);
    HostContact byHand = contact("contact-2", "u2@contoso.example", "Engineer", true);
    HostContact bySync = contact("contact-3", "u3@contoso.example", "Engineer", "disabled_upstream");
    SyncPlan plan = page()
        .change(present(user(U1, "u1@contoso.example")))
        .change(present(user(U2, "u2@contoso.example")))
        .change(present(user(U3, "u3@contoso.example").accountEnabled(false)))
        .linked(U1, active, InactiveReason.DISABLED_UPSTREAM)
        .linked(U2, byHand, InactiveReason.DISABLED_UPSTREAM)
        .linked(U3, bySync, InactiveReason.DISABLED_UPSTREAM)
        .plan();

    assertThat(plan.upkeep().clearSyncReason()).containsExactly(U1);
    assertThat(plan.actions()).containsExactly(new Unchanged(U1, "contact-1"), new Unchanged(U2, "contact-2"),
        new Unchanged(U3, "contact-3"));
  }

  @Test
  void aLinkedIdentityReportedInAnotherAccountStateThanItsLinkRecordsHasTheStateRecorded() {
    SyncPlan plan = page()
        .settings(settings(ALL_TOGGLES, false))
        .change(present(user(U1, "u1@contoso.example").accountEnabled(false)))
        .change(present(user(U2, "u2@contoso.example")))
        .change(present(user(U3, "u3@contoso.example")))
        .change(partial(user(U4, "u4@contoso.example"), DirectoryField.JOB_TITLE))
        .linkedWithState(U1, contact("contact-1", "u1@contoso.example", "Engineer", false), null)
        .linkedWithState(U2, contact("contact-2", "u2@contoso.example", "Engineer", false), false)
        .linkedWithState(U3, contact("contact-3", "u3@contoso.example", "Engineer", false), null)
        .linkedWithState(U4, contact("contact-4", "u4@contoso.example", "Engineer", false), false)
        .plan();

    // U3: enabled over no record (read as enabled): nothing to write; U4: the state not resent
    assertThat(plan.upkeep().accountEnabled()).containsExactly(Map.entry(U1, false), Map.entry(U2, true));
  }

  /** {@code linkState}: the account state the link records (null: none); {@code reported}: the fields the entry resends. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("partialEntriesThatNeedAFullListing")
  void aPartialEntryThePlanCannotTakeWholeHasTheTenantListedFullyNext(
      String why, boolean linked, Boolean linkState, boolean enabled, DirectoryField[] reported, boolean listFullyNext) {
    Page page = page()
        .settings(settings(ALL_TOGGLES, false))
        .change(partial(user(U1, "u1@contoso.example").accountEnabled(enabled), reported));
    if (linked) {
      page.linkedWithState(U1, contact("contact-1", "u1@contoso.example", "Engineer", false), linkState);
    }

    assertThat(page.plan().listFullyNext()).isEqualTo(listFullyNext);
  }

  static Stream<Arguments> partialEntriesThatNeedAFullListing() {
    DirectoryField[] state = {DirectoryField.ACCOUNT_ENABLED};
    DirectoryField[] title = {DirectoryField.JOB_TITLE};
    DirectoryField[] both = {DirectoryField.ACCOUNT_ENABLED, DirectoryField.JOB_TITLE};
    return Stream.of(
        Arguments.of("not linked: cannot be matched", false, null, true, both, true),
        Arguments.of("enabled again over a recorded disabled (chaos-276)", true, false, true, state, true),
        Arguments.of("enabled again, with a changed field", true, false, true, both, true),
        Arguments.of("enabled over a recorded enabled", true, true, true, state, false),
        Arguments.of("enabled over no record (read as enabled)", true, null, true, both, false),
        Arguments.of("disabled over a recorded disabled", true, false, false, state, false),
        Arguments.of("state not resent over a recorded disabled", true, false, true, title, false));
  }

  // ---- a page as a whole -----------------------------------------------------------------------

  @Test
  void aContactClaimedEarlierInThePageIsTakenForLaterUsers() {
    HostContact shared = contact("contact-shared", "team@contoso.example", "Engineer", false);
    // U1's mail and U2's proxy address both point at the same contact.
    SyncPlan plan = page()
        .change(present(user(U1, "team@contoso.example")))
        .change(present(user(U2, "u2@contoso.example").proxyAddresses(List.of("smtp:team@contoso.example"))))
        .candidate(shared)
        .plan();

    assertThat(plan.actions()).hasSize(2);
    assertThat(plan.actions().get(0)).isEqualTo(new Link(U1, "contact-shared", null));
    assertThat(plan.actions().get(1)).isInstanceOf(Create.class);
    assertThat(((Create) plan.actions().get(1)).contact().email()).isEqualTo("u2@contoso.example");
  }

  @Test
  void aContactLinkedToAnIdentityOfThePageIsNotAvailableToOthers() {
    HostContact c1 = contact("contact-1", "u1@contoso.example", "Engineer", false);
    // U2 carries u1's address as an alias; U1 is linked to contact-1 already.
    SyncPlan plan = page()
        .change(present(user(U2, "u2@contoso.example").proxyAddresses(List.of("smtp:u1@contoso.example"))))
        .change(present(user(U1, "u1@contoso.example")))
        .linked(U1, c1, null)
        .candidate(c1)
        .plan();

    assertThat(plan.actions().get(0)).isInstanceOf(Create.class);
    assertThat(plan.actions().get(1)).isEqualTo(new Unchanged(U1, "contact-1"));
  }

  @Test
  void twoUsersOfOnePageMayBothPlanToCreateTheSameEmail() {
    SyncPlan plan = page()
        .change(present(user(U1, "dup@contoso.example")))
        .change(present(user(U2, "dup@contoso.example")))
        .plan();

    assertThat(plan.actionsOf(Create.class)).extracting(c -> c.contact().email())
        .containsExactly("dup@contoso.example", "dup@contoso.example");
  }

  @Test
  void aDuplicateObjectIdYieldsOneActionAndItsLastEntryWins() {
    HostContact c1 = contact("contact-1", "u1@contoso.example", "Engineer", false);
    SyncPlan plan = page()
        .change(present(user(U1, "u1@contoso.example").accountEnabled(false)))
        .change(present(user(U2, "u2@contoso.example")))
        .change(present(user(U1, "u1@contoso.example")))
        .linked(U1, c1, null)
        .plan();

    assertThat(plan.actions()).extracting(PlannedAction::objectId).containsExactly(U2, U1);
    assertThat(plan.actions().get(1)).isEqualTo(new Unchanged(U1, "contact-1"));
    assertThat(plan.counters()).isEqualTo(new SyncCounters(1, 0, 0, 1, 0, 0, 0, 0));
  }

  @Test
  void aRemovalAfterAPresenceOfTheSameIdWinsAndIsNotSeen() {
    HostContact c1 = contact("contact-1", "u1@contoso.example", "Engineer", false);
    SyncPlan plan = page()
        .change(present(user(U1, "u1@contoso.example")))
        .change(new Removed(U1, RemovalKind.DELETED))
        .linked(U1, c1, null)
        .plan();

    assertThat(plan.actions()).containsExactly(new PendingRemoval(U1, "contact-1", InactiveReason.DELETED_UPSTREAM));
    assertThat(plan.seenObjectIds()).isEmpty();
  }

  @Test
  void actionsKeepPageOrderAndSeenIdsArePresentEntriesOnly() {
    HostContact c3 = contact("contact-3", "u3@contoso.example", "Engineer", false);
    SyncPlan plan = page()
        .change(present(user(U3, "u3@contoso.example")))
        .change(new Removed(OTHER, RemovalKind.DELETED))
        .change(present(user(U1, "noreply@contoso.example")))
        .change(present(user(U2, "u2@contoso.example")))
        .linked(U3, c3, null)
        .plan();

    assertThat(plan.actions()).extracting(PlannedAction::objectId).containsExactly(U3, U1, U2);
    assertThat(plan.seenObjectIds()).containsExactly(U3, U1, U2);
    assertThat(plan.tenantId()).isEqualTo(TENANT);
    assertThat(plan.clientId()).isEqualTo(CLIENT);
  }

  @Test
  void countersOfAMixedPage() {
    HostContact linkedActive = contact("contact-1", "u1@contoso.example", "Intern", false);
    HostContact free = contact("contact-2", "u2@contoso.example", "Engineer", false);
    SyncPlan plan = page()
        .change(present(user(U1, "u1@contoso.example")))                          // update
        .change(present(user(U2, "u2@contoso.example")))                          // link
        .change(present(user(U3, "u3@contoso.example")))                          // create
        .change(present(user(OTHER, "svc-backup@contoso.example")))               // skip
        .linked(U1, linkedActive, null)
        .candidate(free)
        .plan();

    assertThat(plan.counters()).isEqualTo(new SyncCounters(1, 1, 1, 0, 0, 0, 0, 1));
  }

  @Test
  void anIdentityReportedPresentAndEnabledLeavesTheRemovalPendingOrHeldForIt() {
    HostContact c1 = contact("contact-1", "u1@contoso.example", "Engineer", false);
    HostContact c2 = contact("contact-2", "u2@contoso.example", "Engineer", false);
    HostContact c3 = contact("contact-3", "u3@contoso.example", "Engineer", false);
    SyncPlan plan = page()
        .change(present(user(U1, "u1@contoso.example")))
        .change(present(user(U2, "u2@contoso.example").accountEnabled(false)))
        .change(present(user(U3, "u3@contoso.example")))
        .pending(U1, c1, InactiveReason.DELETED_UPSTREAM)
        .pending(U2, c2, InactiveReason.DISABLED_UPSTREAM)
        .linked(U3, c3, null)
        .plan();

    // U1 came back; U2 is still disabled (reported again); U3 had nothing pending
    assertThat(plan.upkeep().returned()).containsExactly(U1);
    assertThat(plan.actions()).contains(new PendingRemoval(U2, "contact-2", InactiveReason.DISABLED_UPSTREAM));
  }

  @Test
  void aPendingRemovalIsCountedByTheDeletionDecisionNotByThePage() {
    SyncPlan plan = page()
        .change(new Removed(U1, RemovalKind.DELETED))
        .change(present(user(U2, "u2@contoso.example").accountEnabled(false)))
        .linked(U1, contact("contact-1", "u1@contoso.example", "Engineer", false), null)
        .linked(U2, contact("contact-2", "u2@contoso.example", "Engineer", false), null)
        .plan();

    assertThat(plan.actions()).containsExactly(new PendingRemoval(U1, "contact-1", InactiveReason.DELETED_UPSTREAM),
        new PendingRemoval(U2, "contact-2", InactiveReason.DISABLED_UPSTREAM));
    assertThat(plan.counters()).isEqualTo(SyncCounters.ZERO);
    assertThat(plan.upkeep().returned()).isEmpty();
  }

  @Test
  void anEmptyPagePlansNothing() {
    SyncPlan plan = page().plan();
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.seenObjectIds()).isEmpty();
  }

  @Test
  void planningIsDeterministic() {
    Page page = page()
        .change(present(user(U1, "u1@contoso.example")))
        .change(present(user(U2, "u2@contoso.example")))
        .candidate(contact("contact-b", "u1@contoso.example", null, false))
        .candidate(contact("contact-a", "u1@contoso.example", null, false));

    assertThat(SyncPlanner.plan(page.input())).isEqualTo(SyncPlanner.plan(page.input()));
  }

  @Test
  void thereIsNoDeleteAction() {
    Class<?>[] permitted = PlannedAction.class.getPermittedSubclasses();

    assertThat(permitted).isNotEmpty();
    assertThat(Arrays.stream(permitted).map(Class::getSimpleName))
        .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("delete"))
        .containsExactlyInAnyOrder("Create", "Link", "Update", "Unchanged", "Queue", "PendingRemoval", "Inactivate",
            "Reactivate", "Skip");
  }

  @Test
  void planInputDefaultsMissingCollections() {
    PlanInput input = new PlanInput(TENANT, CLIENT, null, null, null, null, null, null, SyncSettings.DEFAULT);
    assertThat(SyncPlanner.plan(input).actions()).isEmpty();
  }

  // ---- eligible users ---------------------------------------------------------------------------

  static Stream<Arguments> eligibilityCases() {
    HostContact active = contact("contact-1", "u1@contoso.example", "Engineer", false);
    SyncSettings withPattern = new SyncSettings(JOB_TITLE_ONLY, new UserFilterConfig(false, false, List.of("^u1@")),
        true, SyncSettings.DEFAULT_INTERVAL_MINUTES);
    return Stream.of(
        Arguments.of("enabled member, unlinked", page().change(present(user(U1, "u1@contoso.example"))), 1),
        Arguments.of("enabled member, linked", page().change(present(user(U1, "u1@contoso.example")))
            .linked(U1, active, null), 1),
        Arguments.of("disabled, linked", page().change(present(user(U1, "u1@contoso.example").accountEnabled(false)))
            .linked(U1, active, null), 0),
        Arguments.of("enabled state unknown", page().change(present(user(U1, "u1@contoso.example").accountEnabled(null))), 0),
        Arguments.of("guest", page().change(present(user(U1, "u1@contoso.example").userType("Guest"))), 0),
        Arguments.of("service account", page().change(present(user(U1, "svc-backup@contoso.example"))), 0),
        Arguments.of("no email identity", page().change(present(user(U1, "not an email"))), 0),
        Arguments.of("custom pattern", page().settings(withPattern).change(present(user(U1, "u1@contoso.example"))), 0),
        Arguments.of("removal", page().change(new Removed(U1, RemovalKind.DELETED)).linked(U1, active, null), 0),
        Arguments.of("one identity twice in the page", page().change(present(user(U1, "u1@contoso.example")))
            .change(present(user(U1, "u1@contoso.example").jobTitle("Lead"))), 1),
        Arguments.of("three users, one disabled", page().change(present(user(U1, "u1@contoso.example")))
            .change(present(user(U2, "u2@contoso.example").accountEnabled(false)))
            .change(present(user(U3, "u3@contoso.example"))), 2));
  }

  @ParameterizedTest(name = "{0}: {2} eligible")
  @MethodSource("eligibilityCases")
  void thePlanCountsTheUsersThatPassTheFilter(String name, Page page, int eligible) {
    SyncPlan plan = page.plan();
    assertThat(plan.eligibleUsers()).isEqualTo(eligible);
    // The definition: the latest entry of each present identity that the user filter lets through.
    Map<EntraObjectId, DirectoryUser> latest = new java.util.LinkedHashMap<>();
    for (DirectoryChange change : page.changes) {
      latest.remove(change.objectId());
      if (change instanceof Present) {
        latest.put(change.objectId(), ((Present) change).user());
      }
    }
    assertThat(latest.values().stream()
        .filter(u -> UserFilter.evaluate(u, page.settings.userFilter()) instanceof FilterDecision.Eligible)
        .count()).isEqualTo(eligible);
  }
}
