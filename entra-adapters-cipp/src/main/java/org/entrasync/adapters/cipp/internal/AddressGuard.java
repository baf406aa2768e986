package org.entrasync.adapters.cipp.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.Dns;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.entrasync.adapters.cipp.HostResolver;

/**
 * Keeps CIPP calls out of the host's own network. As OkHttp's {@link Dns} it resolves a name and
 * hands OkHttp only the addresses that are public, so the connection goes to an address that was
 * checked (a name that resolves differently later, DNS rebinding, gains nothing); as an {@link
 * Interceptor} it checks an address written in the URL itself, which OkHttp does not resolve.
 *
 * <p>Refused: loopback (unless allowed), private (RFC 1918), link-local (cloud metadata at
 * 169.254.169.254), carrier-grade NAT (100.64.0.0/10), unique local IPv6 (fc00::/7), unspecified,
 * multicast and reserved IPv4 ranges, and IPv6 forms that embed such an IPv4 address (mapped,
 * compatible, NAT64 64:ff9b::/96, 6to4 2002::/16).
 */
public final class AddressGuard implements Dns, Interceptor {
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final HostResolver resolver;
  private final boolean allowLoopback;

  public AddressGuard(HostResolver resolver, boolean allowLoopback) {
    this.resolver = resolver;
    this.allowLoopback = allowLoopback;
  }

  /** A host whose every address is inside the host's network: nothing to connect to. */
  public static final class ForbiddenAddress extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    ForbiddenAddress(String host, String why) {
      super(host + " is " + why + ", not a public address");
    }
  }

  @Override
  public List<InetAddress> lookup(String host) throws UnknownHostException {
    List<InetAddress> resolved = resolver.resolve(host);
    List<InetAddress> allowed = new ArrayList<>(resolved.size());
    String why = null;
    for (InetAddress address : resolved) {
      String problem = whyRefused(address);
      if (problem == null) {
        allowed.add(address);
      } else if (why == null) {
        why = problem;
      }
    }
    if (allowed.isEmpty()) {
      throw new ForbiddenAddress(host, why == null ? "without any address" : why);
    }
    return allowed;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    checkLiteral(chain.request().url().host());
    return chain.proceed(chain.request());
  }

  /**
   * Checks {@code host} before anything is sent: an address literal directly, a name by resolving
   * it. A name that does not resolve is left to the call, which reports it as such.
   *
   * @throws ForbiddenAddress when the host is, or resolves only to, addresses inside the network
   */
  public void check(String host) throws ForbiddenAddress {
    String bare = unbracket(host);
    if (isLiteral(bare)) {
      checkLiteral(bare);
      return;
    }
    try {
      lookup(bare);
    } catch (ForbiddenAddress forbidden) {
      throw forbidden;
    } catch (UnknownHostException unresolved) {
      // not ours to judge: the call says the host cannot be resolved
    }
  }

  private void checkLiteral(String host) throws ForbiddenAddress {
    String bare = unbracket(host);
    if (!isLiteral(bare)) {
      return;
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(bare); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      return;
    }
    String why = whyRefused(address);
    if (why != null) {
      throw new ForbiddenAddress(host, why);
    }
  }

  private static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Why {@code address} may not be connected to; null when it is public. */
  String whyRefused(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return allowLoopback ? null : "a loopback address";
    }
    if (address instanceof Inet6Address v6) {
      Inet4Address embedded = embeddedIpv4(v6.getAddress());
      if (embedded != null) {
        return whyRefused(embedded);
      }
      byte[] b = v6.getAddress();
      if ((b[0] & 0xfe) == 0xfc) {
        return "a unique local IPv6 address";
      }
    }
    if (address.isAnyLocalAddress()) {
      return "the unspecified address";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local address (such as a cloud metadata service)";
    }
    if (address.isSiteLocalAddress()) {
      return "a private address";
    }
    if (address.isMulticastAddress()) {
      return "a multicast address";
    }
    if (address instanceof Inet4Address) {
      byte[] b = address.getAddress();
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 100 && second >= 64 && second <= 127) {
        return "a carrier-grade NAT address";
      }
      if (first == 0 || first >= 240) {
        return "a reserved address";
      }
      if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
        return "a reserved address";
      }
      if (first == 198 && (second == 18 || second == 19)) {
        return "a reserved address";
      }
    }
    return null;
  }

  /** The IPv4 address an IPv6 address carries (compatible, NAT64, 6to4), or null. */
  private static Inet4Address embeddedIpv4(byte[] b) {
    try {
      boolean zeroPrefix = true;
      for (int i = 0; i < 12; i++) {
        zeroPrefix &= b[i] == 0;
      }
      if (zeroPrefix && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1))) {
        return (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}); // ::a.b.c.d
      }
      boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
      for (int i = 4; i < 12 && nat64; i++) {
        nat64 = b[i] == 0;
      }
      if (nat64) {
        return (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
        return (Inet4Address) InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4
      }
      return null;
    } catch (UnknownHostException impossible) {
      return null;
    }
  }
}
