package org.entrasync.adapters.cipp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;

/**
 * The base URL of an MSP's CIPP-API: the Azure Function App host, for example {@code
 * https://cipp-xxxx.azurewebsites.net}. Endpoints are called at {@code <base>/api/<Name>}.
 *
 * <p>Validation, done before anything is stored:
 *
 * <ul>
 *   <li>an absolute {@code https} URL with a host; plain {@code http} only for a loopback host
 *       ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}), which is what local tests use (and
 *       the gateway refuses loopback unless {@code CippConnectionConfig.allowLoopback} is set);
 *   <li>no user info, no query, no fragment;
 *   <li>not the CIPP front end on Azure Static Web Apps ({@code *.azurestaticapps.net}).
 * </ul>
 *
 * <p>This is the shape of the URL only. Where it leads is checked when it is used: the gateway
 * connects only to public addresses (see {@code CippDirectoryGateway#validate(CippCredentials)}).
 *
 * <p>Normalization: scheme and host in lower case, the default port dropped, trailing slashes and
 * one trailing {@code /api} removed. So {@code https://CIPP-x.azurewebsites.net/api/} becomes {@code
 * https://cipp-x.azurewebsites.net}.
 */
public final class CippBaseUrl {
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
  private static final String WHAT_IT_LOOKS_LIKE =
      " A CIPP-API base URL is the host of CIPP's Azure Function App, for example"
          + " https://cipp-xxxx.azurewebsites.net (CIPP > Integrations > CIPP-API shows it), not the"
          + " address of the CIPP front end you sign in to.";

  private final String value;
  private final String host;

  private CippBaseUrl(String value, String host) {
    this.value = value;
    this.host = host;
  }

  /**
   * Validates and normalizes a base URL as an operator typed it.
   *
   * @throws RefusedException ({@link Refusal#VALIDATION}) naming what is wrong and what a CIPP-API
   *     base URL looks like
   */
  public static CippBaseUrl parse(String raw) {
    if (raw == null || raw.isBlank()) {
      throw refuse("The CIPP-API base URL is missing.");
    }
    String text = raw.strip();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw refuse("'" + shorten(text) + "' is not a valid URL (" + e.getReason() + ").");
    }
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getScheme() == null) {
      throw refuse("'" + shorten(text) + "' is not an absolute URL; it must start with https://.");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw refuse("'" + shorten(text) + "' has no valid host name.");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (uri.getRawUserInfo() != null) {
      throw refuse("The CIPP-API base URL must not contain a user name or password.");
    }
    if (uri.getRawQuery() != null) {
      throw refuse("The CIPP-API base URL must not contain a query ('?...').");
    }
    if (uri.getRawFragment() != null) {
      throw refuse("The CIPP-API base URL must not contain a fragment ('#...').");
    }
    if (scheme.equals("http")) {
      if (!isLoopback(host)) {
        throw refuse("The CIPP-API base URL must use https (plain http is accepted only for localhost).");
      }
    } else if (!scheme.equals("https")) {
      throw refuse("The CIPP-API base URL must use https; got scheme '" + scheme + "'.");
    }
    if (host.endsWith(".azurestaticapps.net")) {
      throw refuse("'" + host + "' is the CIPP front end (an Azure Static Web App), not the CIPP-API.");
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    path = stripTrailingSlashes(path);
    if (path.toLowerCase(Locale.ROOT).endsWith("/api")) {
      path = stripTrailingSlashes(path.substring(0, path.length() - 4));
    }
    String value = scheme + "://" + host + (defaultPort ? "" : ":" + port) + path;
    return new CippBaseUrl(value, host);
  }

  /** {@link #parse} and return the normalized text. */
  public static String normalize(String raw) {
    return parse(raw).value();
  }

  /** Whether {@code raw} would pass {@link #parse}. */
  public static boolean isValid(String raw) {
    try {
      parse(raw);
      return true;
    } catch (RefusedException e) {
      return false;
    }
  }

  /** The normalized URL, without a trailing slash, for example {@code https://cipp-x.azurewebsites.net}. */
  public String value() {
    return value;
  }

  /** The host name (lower case). Not a secret; used in operator messages. */
  public String host() {
    return host;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("[::1]") || host.equals("::1") || IPV4_LOOPBACK.matcher(host).matches();
  }

  private static String stripTrailingSlashes(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }

  /** The URL quoted for a message; never echoes something that may carry a user name or password. */
  private static String shorten(String text) {
    if (text.indexOf('@') >= 0) {
      return "<the URL given>";
    }
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }

  private static RefusedException refuse(String problem) {
    return new RefusedException(Refusal.VALIDATION, problem + WHAT_IT_LOOKS_LIKE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CippBaseUrl && ((CippBaseUrl) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
