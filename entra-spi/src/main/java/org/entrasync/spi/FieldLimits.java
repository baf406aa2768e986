package org.entrasync.spi;

/**
 * How long a value from a directory may be, so an upstream (or a bug) can never make the library
 * hold or hand a host an unbounded string. The limits are Microsoft Entra's documented ones (Graph
 * {@code user} resource) where Entra documents one, and the mail standards' otherwise. Names and
 * titles longer than their limit are cut (see {@link #truncate}); identifiers (addresses, phone
 * numbers) longer than theirs are not values at all: a directory user drops them, a contact record
 * refuses them, because a cut identifier would be another one.
 */
public final class FieldLimits {
  private FieldLimits() {}

  /** Entra {@code displayName}: 256 characters. Also a contact's full name. */
  public static final int DISPLAY_NAME = 256;
  /** Entra {@code givenName}: 64 characters. */
  public static final int GIVEN_NAME = 64;
  /** Entra {@code surname}: 64 characters. */
  public static final int SURNAME = 64;
  /** Entra {@code jobTitle}: 128 characters. Also a contact's role. */
  public static final int JOB_TITLE = 128;
  /** Entra {@code mobilePhone}: 64 characters; the same bound for each business phone. */
  public static final int PHONE_NUMBER = 64;
  /**
   * An email address ({@code mail}, {@code userPrincipalName}, an SMTP proxy address, a contact's
   * email or UPN): 254 characters, the longest address SMTP can carry (RFC 5321's 256-octet path
   * less its angle brackets). Entra's own UPNs are shorter still.
   */
  public static final int EMAIL_ADDRESS = 254;
  /** A proxy address entry: a type prefix such as {@code smtp:} and an address. */
  public static final int PROXY_ADDRESS = 5 + EMAIL_ADDRESS;
  /** Proxy addresses kept per user: Exchange Online allows a recipient at most 400. */
  public static final int MAX_PROXY_ADDRESSES = 400;
  /**
   * Business phones kept per user. Entra sets only one number in this collection; the sync handles
   * several (each becomes a work phone), so a few are kept and the rest of a flood is dropped.
   */
  public static final int MAX_BUSINESS_PHONES = 5;
  /** Phones of one contact record (a sync sets the business phone and the mobile phone). */
  public static final int MAX_CONTACT_PHONES = 10;
  /** Entra {@code userType} ({@code Member}, {@code Guest}): not documented; bounded generously. */
  public static final int USER_TYPE = 64;

  /**
   * {@code value} cut to at most {@code max} characters without splitting a character outside the
   * Basic Multilingual Plane (a surrogate pair); null stays null.
   */
  public static String truncate(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    int end = max;
    if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end);
  }

  /** {@code value} when it is at most {@code max} characters long, else null. */
  public static String dropIfLonger(String value, int max) {
    return value == null || value.length() <= max ? value : null;
  }

  /** Throws unless {@code value} (may be null) is at most {@code max} characters long. */
  static String requireAtMost(String value, int max, String what) {
    if (value != null && value.length() > max) {
      throw new IllegalArgumentException(what + " is " + value.length() + " characters long; at most " + max
          + " are allowed");
    }
    return value;
  }
}
