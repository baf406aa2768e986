package org.entrasync.core.rules;

import java.util.List;
import java.util.Objects;

/** Every rule family of entrasync, in one place (the README enumerates this list). */
public final class Rules {

  /**
   * One rule family.
   *
   * @param name the family's name (its class's simple name)
   * @param description one line: what it decides
   * @param type the class holding the rule
   */
  public record RuleFamily(String name, String description, Class<?> type) {
    public RuleFamily {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(type, "type");
    }
  }

  public static final List<RuleFamily> ALL =
      List.of(
          new RuleFamily(
              "UserFilter",
              "Which users sync: enabled, with an email identity, no guests by default, optionally licensed-only,"
                  + " no service-account tokens or custom patterns; every exclusion has a reason.",
              UserFilter.class),
          new RuleFamily(
              "TenantMatcher",
              "Proposes a client per tenant: one exact primary domain auto-matches; secondary domains (0.88) and"
                  + " fuzzy names (Dice >= 0.58, top 5) are review candidates only.",
              TenantMatcher.class),
          new RuleFamily(
              "ContactMatcher",
              "Finds a user's contact: an existing link wins, else normalized email among the mapped client's"
                  + " unlinked contacts (one links, several queue, none creates); a name never links.",
              ContactMatcher.class),
          new RuleFamily(
              "FieldOverwritePolicy",
              "Which Entra values reach a contact: all on creation; on update only enabled toggles, and a blank"
                  + " upstream value never erases a local one.",
              FieldOverwritePolicy.class),
          new RuleFamily(
              "SyncPlanner",
              "Turns a page of directory changes into actions (create, link, update, unchanged, queue,"
                  + " inactivate, reactivate, skip); there is no delete action.",
              SyncPlanner.class),
          new RuleFamily(
              "DeletionSafety",
              "Treats identities missing from a listing as deleted only when the listing is complete, not empty,"
                  + " and the share of disappearances stays under the safety threshold.",
              DeletionSafety.class),
          new RuleFamily(
              "WizardState",
              "Setup order Connect -> Discover -> Map -> Initial Sync; each step is gated, and the initial sync"
                  + " needs at least one confirmed mapping.",
              WizardState.class));

  private Rules() {}
}
