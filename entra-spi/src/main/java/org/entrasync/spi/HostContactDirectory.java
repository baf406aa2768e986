package org.entrasync.spi;

import java.util.Collection;
import java.util.List;

/**
 * The host's contacts. Every method is batched on purpose: the sync calls it once per page of
 * users, never once per user. There is deliberately no delete: the library never deletes a contact.
 */
public interface HostContactDirectory {

  /**
   * Contacts of one client whose email, normalized by {@link EmailNormalization#normalize} (Unicode
   * whitespace and space separators stripped, lower case in {@code Locale.ROOT}), is one of {@code
   * normalizedEmails} (normalized the same way). Not SQL's {@code lower(btrim(...))}: see {@link
   * EmailNormalization}.
   */
  List<HostContact> findByEmails(MspTenantId tenant, String clientId, Collection<String> normalizedEmails);

  /** Contacts with these ids; ids that do not exist (or belong to another tenant) are left out. */
  List<HostContact> findByIds(MspTenantId tenant, Collection<String> contactIds);

  /**
   * Creates contacts; returns one outcome per request, in any order. A contact the host refuses is
   * a {@link ContactCreateOutcome.Refused}, not an exception.
   */
  List<ContactCreateOutcome> createContacts(MspTenantId tenant, List<NewContact> contacts);

  void applyPatches(MspTenantId tenant, List<ContactPatch> patches);

  /** Marks contacts inactive, recording why (for example {@code deleted_upstream}). */
  void setInactive(MspTenantId tenant, Collection<String> contactIds, String reason);

  /** Marks contacts active again and clears the inactive reason. */
  void setActive(MspTenantId tenant, Collection<String> contactIds);
}
