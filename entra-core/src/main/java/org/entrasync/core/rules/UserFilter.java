package org.entrasync.core.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.Emails;
import org.entrasync.core.model.SkipReason;
import org.entrasync.core.model.UserFilterConfig;

/**
 * Which directory users a sync considers. The checks run in a fixed order and the first that fails
 * names the reason:
 *
 * <ol>
 *   <li>account state: disabled ({@link SkipReason#DISABLED}) or not reported ({@link
 *       SkipReason#ACCOUNT_STATE_UNKNOWN});
 *   <li>an email identity: {@code mail} or {@code userPrincipalName} must be email-shaped ({@link
 *       SkipReason#NO_EMAIL_IDENTITY});
 *   <li>guests (by {@code userType} or an {@code #EXT#} UPN) unless the tenant includes them ({@link
 *       SkipReason#GUEST});
 *   <li>licensed-only: no assigned license, or an unknown count ({@link SkipReason#UNLICENSED});
 *   <li>default service-account tokens in the local part of {@code mail} / UPN ({@link
 *       SkipReason#SERVICE_ACCOUNT});
 *   <li>the tenant's custom patterns, searched in every normalized email identity ({@link
 *       SkipReason#CUSTOM_PATTERN}), within a per-user {@link MatchBudget} ({@link
 *       SkipReason#PATTERN_BUDGET_EXCEEDED} when it runs out).
 * </ol>
 *
 * <p>Display names are never pattern-matched.
 */
public final class UserFilter {

  /**
   * Local-part tokens that mark a service account. A token matches when one token of the local part
   * (split at {@code . - _ +}), or a run of consecutive tokens written together, equals it: so
   * {@code svc-backup}, {@code no-reply} and {@code shared.mailbox} match, while {@code mary.abbott},
   * {@code sa.nguyen} and {@code systemsengineer} do not.
   */
  public static final List<String> DEFAULT_SERVICE_ACCOUNT_TOKENS =
      List.of(
          "svc",
          "serviceaccount",
          "noreply",
          "donotreply",
          "system",
          "automation",
          "automated",
          "daemon",
          "bot",
          "sharedmailbox");

  private static final Set<String> TOKEN_SET = Set.copyOf(DEFAULT_SERVICE_ACCOUNT_TOKENS);

  private UserFilter() {}

  /** Applies every filter, in order, to one user. */
  public static FilterDecision evaluate(DirectoryUser user, UserFilterConfig config) {
    return evaluate(user, config, config.compiledPatterns());
  }

  /**
   * Applies every filter, in order, to one user, with {@code config}'s custom patterns already
   * compiled ({@link UserFilterConfig#compiledPatterns()}): a caller filtering many users compiles
   * them once.
   */
  public static FilterDecision evaluate(DirectoryUser user, UserFilterConfig config, List<Pattern> patterns) {
    return evaluate(user, config, patterns, MatchBudget.DEFAULT);
  }

  /**
   * Applies every filter, in order, to one user, matching the custom patterns within {@code budget}
   * (for all of the user's patterns and addresses together). A user whose matching runs out of
   * budget is excluded with {@link SkipReason#PATTERN_BUDGET_EXCEEDED}, naming the pattern.
   */
  public static FilterDecision evaluate(DirectoryUser user, UserFilterConfig config, List<Pattern> patterns,
      MatchBudget budget) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(patterns, "patterns");
    Objects.requireNonNull(budget, "budget");

    if (user.isKnownDisabled()) {
      return new FilterDecision.Excluded(SkipReason.DISABLED, "The account is disabled in Entra.");
    }
    if (!user.isKnownEnabled()) {
      return new FilterDecision.Excluded(
          SkipReason.ACCOUNT_STATE_UNKNOWN,
          "The directory did not report whether the account is enabled; it is not treated as enabled.");
    }
    Optional<String> primaryEmail = user.primaryEmail();
    if (primaryEmail.isEmpty()) {
      return new FilterDecision.Excluded(
          SkipReason.NO_EMAIL_IDENTITY, "Neither mail nor userPrincipalName is an email address.");
    }
    if (user.isGuest() && !config.includeGuests()) {
      return new FilterDecision.Excluded(
          SkipReason.GUEST, "Guest account (external user); guests are excluded for this tenant.");
    }
    if (config.licensedOnly()
        && (user.assignedLicenseCount() == null || user.assignedLicenseCount() == 0)) {
      return new FilterDecision.Excluded(
          SkipReason.UNLICENSED,
          user.assignedLicenseCount() == null
              ? "Licensed-only is on and the directory did not report the user's licenses."
              : "Licensed-only is on and the user has no assigned license.");
    }
    for (String identity : serviceAccountCandidates(user)) {
      Optional<String> token = serviceAccountToken(identity);
      if (token.isPresent()) {
        return new FilterDecision.Excluded(
            SkipReason.SERVICE_ACCOUNT,
            "Service-account token '" + token.get() + "' in " + identity + ".");
      }
    }
    return patterns.isEmpty()
        ? new FilterDecision.Eligible(primaryEmail.get())
        : matchCustomPatterns(user, patterns, budget.start()).orElseGet(() -> new FilterDecision.Eligible(primaryEmail.get()));
  }

  /** The first custom pattern that matches an address, or the one that ran out of budget. */
  private static Optional<FilterDecision> matchCustomPatterns(DirectoryUser user, List<Pattern> patterns,
      MatchBudget.Meter meter) {
    for (Pattern pattern : patterns) {
      for (String identity : user.emailIdentities()) {
        try {
          if (pattern.matcher(meter.over(identity)).find()) {
            return Optional.of(new FilterDecision.Excluded(
                SkipReason.CUSTOM_PATTERN,
                "Exclude pattern '" + pattern.pattern() + "' matches " + identity + "."));
          }
        } catch (MatchBudget.Exhausted e) {
          return Optional.of(new FilterDecision.Excluded(
              SkipReason.PATTERN_BUDGET_EXCEEDED,
              "Exclude pattern '" + pattern.pattern() + "' took too long to match " + identity
                  + " (its cost explodes with the input), so the user is skipped. Simplify the pattern: avoid"
                  + " nested repeats such as (a+)+ or (.*a){12}."));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The default service-account token found in the local part of an address, if any (the first by
   * position, the shortest run first).
   */
  public static Optional<String> serviceAccountToken(String email) {
    Optional<String> normalized = Emails.normalize(email);
    if (normalized.isEmpty()) {
      return Optional.empty();
    }
    List<String> tokens = tokens(Emails.localPart(normalized.get()));
    for (int start = 0; start < tokens.size(); start++) {
      StringBuilder run = new StringBuilder();
      for (int end = start; end < tokens.size(); end++) {
        run.append(tokens.get(end));
        if (TOKEN_SET.contains(run.toString())) {
          return Optional.of(run.toString());
        }
      }
    }
    return Optional.empty();
  }

  /** The local part split at runs of {@code . - _ +} (a scan: this runs for every user). */
  private static List<String> tokens(String localPart) {
    List<String> tokens = new ArrayList<>(4);
    int start = 0;
    for (int i = 0; i <= localPart.length(); i++) {
      if (i == localPart.length() || isTokenSeparator(localPart.charAt(i))) {
        if (i > start) {
          tokens.add(localPart.substring(start, i));
        }
        start = i + 1;
      }
    }
    return tokens;
  }

  private static boolean isTokenSeparator(char c) {
    return c == '.' || c == '-' || c == '_' || c == '+';
  }

  private static List<String> serviceAccountCandidates(DirectoryUser user) {
    List<String> identities = new ArrayList<>(2);
    Emails.normalize(user.mail()).ifPresent(identities::add);
    Emails.normalize(user.userPrincipalName())
        .filter(upn -> !identities.contains(upn))
        .ifPresent(identities::add);
    return identities;
  }
}
