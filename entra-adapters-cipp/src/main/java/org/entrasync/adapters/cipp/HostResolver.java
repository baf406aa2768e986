package org.entrasync.adapters.cipp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to its addresses, for the CIPP connection (default: the JVM's resolver). A
 * host may supply its own (a DNS-over-HTTPS client, a test double). Whatever it answers goes through
 * the adapter's address check: addresses inside the host's own network are never connected to.
 */
@FunctionalInterface
public interface HostResolver {

  /** The JVM's resolver ({@link InetAddress#getAllByName}). */
  HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /** The addresses of {@code host}; throws when it has none. */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
