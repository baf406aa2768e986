package org.entrasync.spi;

import java.util.List;
import java.util.Objects;

/**
 * A client (customer company) of the host PSA, with the fields tenant matching reads.
 *
 * @param websites URL, website or domain fields of the client: its primary domains
 * @param billingEmail the billing email address, if any: a secondary domain
 * @param inboundEmailDomains domains of the client's inbound email addresses: secondary domains
 */
public record HostClient(
    String id, String name, List<String> websites, String billingEmail, List<String> inboundEmailDomains) {
  public HostClient {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("A host client needs an id");
    }
    name = name == null ? "" : name;
    websites = websites == null ? List.of() : websites.stream().filter(Objects::nonNull).toList();
    inboundEmailDomains =
        inboundEmailDomains == null
            ? List.of()
            : inboundEmailDomains.stream().filter(Objects::nonNull).toList();
  }
}
