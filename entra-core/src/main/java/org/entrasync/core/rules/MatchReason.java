package org.entrasync.core.rules;

import org.entrasync.core.model.WireNamed;

/** Why {@link TenantMatcher} proposed a client for a tenant. */
public enum MatchReason implements WireNamed {
  /** The tenant's primary domain is one of the client's websites. */
  EXACT_DOMAIN,
  /** The tenant's primary domain is the client's billing email domain or an inbound email domain. */
  SECONDARY_DOMAIN,
  /** The names are similar (bigram Dice coefficient at or above the threshold). */
  FUZZY_NAME
}
