package org.entrasync.core.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.entrasync.spi.FieldLimits;

/**
 * One user of a customer tenant as a directory gateway reports it, whatever the connection type.
 *
 * @param accountEnabled true, false, or null when the source did not say (unknown is never enabled)
 * @param userType {@code Member} or {@code Guest} as Graph spells it; null when unknown
 * @param assignedLicenseCount number of assigned licenses, or null when the source did not say
 */
public record DirectoryUser(
    EntraObjectId id,
    String userPrincipalName,
    String mail,
    List<String> proxyAddresses,
    String displayName,
    String givenName,
    String surname,
    Boolean accountEnabled,
    String userType,
    String jobTitle,
    String mobilePhone,
    List<String> businessPhones,
    Integer assignedLicenseCount) {

  /**
   * Bounds every string to the documented Entra limits ({@link FieldLimits}), so an upstream cannot
   * make the sync hold or write an unbounded value, and never fails for an over-long one: names
   * and the job title are cut at their limit; an over-long address, phone number or user type is
   * dropped (a cut address would be another address: a user whose only addresses are over-long
   * has no email identity and is skipped for that); lists keep at most their documented count.
   */
  public DirectoryUser {
    Objects.requireNonNull(id, "id");
    userPrincipalName = FieldLimits.dropIfLonger(userPrincipalName, FieldLimits.EMAIL_ADDRESS);
    mail = FieldLimits.dropIfLonger(mail, FieldLimits.EMAIL_ADDRESS);
    proxyAddresses = bounded(proxyAddresses, FieldLimits.PROXY_ADDRESS, FieldLimits.MAX_PROXY_ADDRESSES);
    displayName = FieldLimits.truncate(displayName, FieldLimits.DISPLAY_NAME);
    givenName = FieldLimits.truncate(givenName, FieldLimits.GIVEN_NAME);
    surname = FieldLimits.truncate(surname, FieldLimits.SURNAME);
    userType = FieldLimits.dropIfLonger(userType, FieldLimits.USER_TYPE);
    jobTitle = FieldLimits.truncate(jobTitle, FieldLimits.JOB_TITLE);
    mobilePhone = FieldLimits.dropIfLonger(mobilePhone, FieldLimits.PHONE_NUMBER);
    businessPhones = bounded(businessPhones, FieldLimits.PHONE_NUMBER, FieldLimits.MAX_BUSINESS_PHONES);
    if (assignedLicenseCount != null && assignedLicenseCount < 0) {
      throw new IllegalArgumentException("assignedLicenseCount cannot be negative");
    }
  }

  /** The entries that are present and at most {@code maxLength} long, the first {@code maxCount} of them. */
  private static List<String> bounded(List<String> values, int maxLength, int maxCount) {
    if (values == null) {
      return List.of();
    }
    return values.stream().filter(v -> v != null && v.length() <= maxLength).limit(maxCount).toList();
  }

  /** Whether the account is known to be enabled (an unknown state is not enabled). */
  public boolean isKnownEnabled() {
    return Boolean.TRUE.equals(accountEnabled);
  }

  /** Whether the account is known to be disabled. */
  public boolean isKnownDisabled() {
    return Boolean.FALSE.equals(accountEnabled);
  }

  public boolean isGuest() {
    return (userType != null && userType.equalsIgnoreCase("guest"))
        || (userPrincipalName != null && userPrincipalName.toUpperCase(Locale.ROOT).contains("#EXT#"));
  }

  /**
   * Every normalized email identity, primary first: {@code mail}, the {@code userPrincipalName}, then
   * SMTP proxy addresses ({@code SMTP:} primary and {@code smtp:} aliases). Non-email values are
   * left out.
   */
  public Set<String> emailIdentities() {
    Set<String> emails = new LinkedHashSet<>();
    Emails.normalize(mail).ifPresent(emails::add);
    Emails.normalize(userPrincipalName).ifPresent(emails::add);
    for (String proxy : proxyAddresses) {
      if (proxy.regionMatches(true, 0, "smtp:", 0, 5)) {
        Emails.normalize(proxy.substring(5)).ifPresent(emails::add);
      }
    }
    return emails;
  }

  /** The address a new contact gets: {@code mail} if email-shaped, else the UPN; empty if neither. */
  public java.util.Optional<String> primaryEmail() {
    return Emails.normalize(mail).or(() -> Emails.normalize(userPrincipalName));
  }

  public static Builder builder(EntraObjectId id) {
    return new Builder(id);
  }

  public static Builder builder(String id) {
    return new Builder(EntraObjectId.of(id));
  }

  /** For tests and adapters that fill a user field by field. */
  public static final class Builder {
    private final EntraObjectId id;
    private String userPrincipalName;
    private String mail;
    private List<String> proxyAddresses = List.of();
    private String displayName;
    private String givenName;
    private String surname;
    private Boolean accountEnabled = Boolean.TRUE;
    private String userType = "Member";
    private String jobTitle;
    private String mobilePhone;
    private List<String> businessPhones = List.of();
    private Integer assignedLicenseCount;

    private Builder(EntraObjectId id) {
      this.id = id;
    }

    public Builder userPrincipalName(String v) { this.userPrincipalName = v; return this; }
    public Builder mail(String v) { this.mail = v; return this; }
    public Builder proxyAddresses(List<String> v) { this.proxyAddresses = v; return this; }
    public Builder displayName(String v) { this.displayName = v; return this; }
    public Builder givenName(String v) { this.givenName = v; return this; }
    public Builder surname(String v) { this.surname = v; return this; }
    public Builder accountEnabled(Boolean v) { this.accountEnabled = v; return this; }
    public Builder userType(String v) { this.userType = v; return this; }
    public Builder jobTitle(String v) { this.jobTitle = v; return this; }
    public Builder mobilePhone(String v) { this.mobilePhone = v; return this; }
    public Builder businessPhones(List<String> v) { this.businessPhones = v; return this; }
    public Builder assignedLicenseCount(Integer v) { this.assignedLicenseCount = v; return this; }

    /** Sets {@code mail} and {@code userPrincipalName} to the same address. */
    public Builder email(String v) { this.mail = v; this.userPrincipalName = v; return this; }

    public DirectoryUser build() {
      return new DirectoryUser(id, userPrincipalName, mail, proxyAddresses, displayName, givenName,
          surname, accountEnabled, userType, jobTitle, mobilePhone, businessPhones, assignedLicenseCount);
    }
  }
}
