package org.entrasync.core.testing;

import java.util.List;
import java.util.Objects;

/**
 * A user of an emulated customer tenant, with the Graph fields the emulators serve. Shared by the
 * Graph and CIPP emulators so one scenario produces the same directory on either connection.
 *
 * @param accountEnabled null means the emulator omits the property
 * @param assignedLicenses how many licenses (the emulators render that many license objects)
 */
public record EmulatedUser(
    String id,
    String userPrincipalName,
    String mail,
    String displayName,
    String givenName,
    String surname,
    Boolean accountEnabled,
    String userType,
    String jobTitle,
    String mobilePhone,
    List<String> businessPhones,
    int assignedLicenses,
    List<String> proxyAddresses) {

  public EmulatedUser {
    Objects.requireNonNull(id, "id");
    businessPhones = businessPhones == null ? List.of() : List.copyOf(businessPhones);
    proxyAddresses = proxyAddresses == null ? List.of() : List.copyOf(proxyAddresses);
    userType = userType == null ? "Member" : userType;
  }

  /** A licensed, enabled member whose mail and UPN are {@code email}. */
  public static EmulatedUser member(String id, String email, String displayName) {
    String[] names = displayName.split(" ", 2);
    return new EmulatedUser(id, email, email, displayName, names[0], names.length > 1 ? names[1] : null,
        true, "Member", null, null, List.of(), 1, List.of("SMTP:" + email));
  }

  public EmulatedUser withAccountEnabled(Boolean enabled) {
    return new EmulatedUser(id, userPrincipalName, mail, displayName, givenName, surname, enabled, userType,
        jobTitle, mobilePhone, businessPhones, assignedLicenses, proxyAddresses);
  }

  public EmulatedUser withJobTitle(String title) {
    return new EmulatedUser(id, userPrincipalName, mail, displayName, givenName, surname, accountEnabled,
        userType, title, mobilePhone, businessPhones, assignedLicenses, proxyAddresses);
  }

  public EmulatedUser withDisplayName(String name) {
    return new EmulatedUser(id, userPrincipalName, mail, name, givenName, surname, accountEnabled, userType,
        jobTitle, mobilePhone, businessPhones, assignedLicenses, proxyAddresses);
  }

  public EmulatedUser withMail(String newMail) {
    return new EmulatedUser(id, userPrincipalName, newMail, displayName, givenName, surname, accountEnabled,
        userType, jobTitle, mobilePhone, businessPhones, assignedLicenses, proxyAddresses);
  }
}
