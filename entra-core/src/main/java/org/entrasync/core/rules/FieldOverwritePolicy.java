package org.entrasync.core.rules;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entrasync.core.model.DirectoryField;
import org.entrasync.core.model.DirectoryUser;
import org.entrasync.core.model.Emails;
import org.entrasync.core.model.FieldSyncConfig;
import org.entrasync.spi.ContactPatch;
import org.entrasync.spi.ContactPhone;
import org.entrasync.spi.HostContact;
import org.entrasync.spi.NewContact;

/**
 * Which Entra values reach a host contact.
 *
 * <p>A contact the sync creates takes every value from Entra ({@link #newContact}); that is creation,
 * not overwrite. For an existing contact ({@link #patch}) the five toggles of {@link FieldSyncConfig}
 * decide, field by field: toggle off, the local value is authoritative; toggle on, the upstream value
 * overwrites when it is non-blank and differs from the local one. A blank upstream value never
 * erases a local one.
 *
 * <table>
 *   <caption>Toggles</caption>
 *   <tr><th>toggle</th><th>Entra</th><th>contact</th><th>compared</th></tr>
 *   <tr><td>displayName</td><td>{@link #upstreamFullName full name}</td><td>fullName</td><td>trimmed</td></tr>
 *   <tr><td>email</td><td>mail, else UPN</td><td>email</td><td>normalized ({@link org.entrasync.spi.EmailNormalization})</td></tr>
 *   <tr><td>phone</td><td>{@link #upstreamPhones business + mobile phones}</td><td>phones, {@link #mergePhones merged by
 *       type}</td><td>as sets of (number, type)</td></tr>
 *   <tr><td>jobTitle</td><td>jobTitle</td><td>role</td><td>trimmed</td></tr>
 *   <tr><td>upn</td><td>userPrincipalName</td><td>userPrincipalName</td><td>trimmed</td></tr>
 * </table>
 */
public final class FieldOverwritePolicy {

  private FieldOverwritePolicy() {}

  /**
   * The contact to create for an eligible user under a client: request key = the object id, email =
   * the primary email, every other value from Entra (blank values left out).
   *
   * @throws IllegalArgumentException when the user has no email identity (the filter excludes such
   *     users before this is called)
   */
  public static NewContact newContact(DirectoryUser user, String clientId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(clientId, "clientId");
    String email =
        user.primaryEmail()
            .orElseThrow(() -> new IllegalArgumentException("User " + user.id() + " has no email identity"));
    return new NewContact(
        user.id().value(),
        clientId,
        upstreamFullName(user).orElseThrow(),
        email,
        nonBlank(user.jobTitle()),
        nonBlank(user.userPrincipalName()),
        upstreamPhones(user));
  }

  /**
   * The changes enabled toggles make to an existing contact; empty when nothing changes (every
   * toggle off, every upstream value blank, or equal to the local one).
   */
  public static Optional<ContactPatch> patch(HostContact contact, DirectoryUser user, FieldSyncConfig config) {
    return patch(contact, user, config, DirectoryField.all());
  }

  /**
   * The same for a directory entry that reported only {@code reported} properties (a partial delta
   * entry): a property not reported is "not changed", so a toggle whose source was not reported
   * changes nothing. The name needs {@code displayName} reported (not a fallback built from other
   * properties), the email needs {@code mail} reported (not the UPN standing in for it).
   */
  public static Optional<ContactPatch> patch(HostContact contact, DirectoryUser user, FieldSyncConfig config,
      Set<DirectoryField> reported) {
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(config, "config");
    if (!reported.containsAll(DirectoryField.all())) {
      config = new FieldSyncConfig(
          config.displayName() && reported.contains(DirectoryField.DISPLAY_NAME),
          config.email() && reported.contains(DirectoryField.MAIL),
          config.phone() && (reported.contains(DirectoryField.BUSINESS_PHONES) || reported.contains(DirectoryField.MOBILE_PHONE)),
          config.jobTitle() && reported.contains(DirectoryField.JOB_TITLE),
          config.upn() && reported.contains(DirectoryField.USER_PRINCIPAL_NAME));
    }

    String fullName = null;
    if (config.displayName()) {
      Optional<String> upstream = upstreamFullName(user);
      if (upstream.isPresent() && !upstream.get().equals(nonBlank(contact.fullName()))) {
        fullName = upstream.get();
      }
    }
    String email = null;
    if (config.email()) {
      Optional<String> upstream = user.primaryEmail();
      String local = org.entrasync.spi.EmailNormalization.normalize(contact.email());
      if (upstream.isPresent() && !upstream.get().equals(local)) {
        email = upstream.get();
      }
    }
    List<ContactPhone> phones = null;
    if (config.phone()) {
      List<ContactPhone> merged = mergePhones(contact.phones(), upstreamPhones(user));
      if (!phoneSet(merged).equals(phoneSet(contact.phones()))) {
        phones = merged;
      }
    }
    String role = null;
    if (config.jobTitle()) {
      String upstream = nonBlank(user.jobTitle());
      if (upstream != null && !upstream.equals(nonBlank(contact.role()))) {
        role = upstream;
      }
    }
    String upn = null;
    if (config.upn()) {
      String upstream = nonBlank(user.userPrincipalName());
      if (upstream != null && !upstream.equals(nonBlank(contact.userPrincipalName()))) {
        upn = upstream;
      }
    }
    ContactPatch patch = new ContactPatch(contact.id(), fullName, email, role, upn, phones);
    return patch.isEmpty() ? Optional.empty() : Optional.of(patch);
  }

  /**
   * The user's full name: the display name if not blank, else given name and surname, else the local
   * part of the primary email; empty only when the user has none of these.
   */
  public static Optional<String> upstreamFullName(DirectoryUser user) {
    String displayName = nonBlank(user.displayName());
    if (displayName != null) {
      return Optional.of(displayName);
    }
    String given = nonBlank(user.givenName());
    String surname = nonBlank(user.surname());
    String joined = ((given == null ? "" : given) + " " + (surname == null ? "" : surname)).strip();
    if (!joined.isEmpty()) {
      return Optional.of(joined);
    }
    return user.primaryEmail().map(Emails::localPart).filter(s -> !s.isBlank());
  }

  /**
   * The user's phones as a contact gets them: each non-blank business phone as {@code WORK} (the
   * first is the default), then the mobile phone as {@code MOBILE} (the default when there is no
   * business phone). Duplicates of the same (number, type) are dropped.
   */
  public static List<ContactPhone> upstreamPhones(DirectoryUser user) {
    List<ContactPhone> phones = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String number : user.businessPhones()) {
      String n = nonBlank(number);
      if (n != null && seen.add(ContactPhone.Type.WORK + "|" + n)) {
        phones.add(new ContactPhone(n, ContactPhone.Type.WORK, phones.isEmpty()));
      }
    }
    String mobile = nonBlank(user.mobilePhone());
    if (mobile != null) {
      phones.add(new ContactPhone(mobile, ContactPhone.Type.MOBILE, phones.isEmpty()));
    }
    return List.copyOf(phones);
  }

  /**
   * The contact's phones after the phone toggle: Entra knows business ({@code WORK}) and mobile
   * numbers, so each of those two types that Entra has a number for is replaced by Entra's numbers,
   * at the place of the first local number of that type (or appended, work before mobile); a type
   * Entra leaves blank keeps its local numbers, and {@code OTHER} is never touched. The local
   * default stays where its number stays; a replaced default passes to the first new number of its
   * type; a list without a default gets its first phone as default.
   */
  public static List<ContactPhone> mergePhones(List<ContactPhone> local, List<ContactPhone> upstream) {
    Map<ContactPhone.Type, List<ContactPhone>> replacing = new EnumMap<>(ContactPhone.Type.class);
    for (ContactPhone phone : upstream) {
      if (phone.type() != ContactPhone.Type.OTHER) {
        replacing.computeIfAbsent(phone.type(), t -> new ArrayList<>()).add(phone);
      }
    }
    List<ContactPhone> merged = new ArrayList<>();
    Set<ContactPhone.Type> placed = EnumSet.noneOf(ContactPhone.Type.class);
    Set<ContactPhone.Type> defaultReplaced = EnumSet.noneOf(ContactPhone.Type.class);
    boolean keptDefault = false;
    for (ContactPhone phone : local) {
      List<ContactPhone> replacement = replacing.get(phone.type());
      if (replacement == null) {
        merged.add(phone);
        keptDefault |= phone.isDefault();
        continue;
      }
      if (phone.isDefault()) {
        defaultReplaced.add(phone.type());
      }
      if (placed.add(phone.type())) {
        replacement.forEach(p -> merged.add(new ContactPhone(p.number(), p.type(), false)));
      }
    }
    for (ContactPhone.Type type : List.of(ContactPhone.Type.WORK, ContactPhone.Type.MOBILE)) {
      if (replacing.containsKey(type) && placed.add(type)) {
        replacing.get(type).forEach(p -> merged.add(new ContactPhone(p.number(), p.type(), false)));
      }
    }
    int defaultAt = -1;
    if (keptDefault) {
      return List.copyOf(merged);
    }
    for (int i = 0; i < merged.size() && defaultAt < 0; i++) {
      if (defaultReplaced.contains(merged.get(i).type())) {
        defaultAt = i;
      }
    }
    if (defaultAt < 0 && !merged.isEmpty()) {
      defaultAt = 0;
    }
    if (defaultAt >= 0) {
      ContactPhone first = merged.get(defaultAt);
      merged.set(defaultAt, new ContactPhone(first.number(), first.type(), true));
    }
    return List.copyOf(merged);
  }

  private static Set<String> phoneSet(List<ContactPhone> phones) {
    Set<String> set = new LinkedHashSet<>();
    for (ContactPhone phone : phones) {
      set.add(phone.type() + "|" + phone.number());
    }
    return set;
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
