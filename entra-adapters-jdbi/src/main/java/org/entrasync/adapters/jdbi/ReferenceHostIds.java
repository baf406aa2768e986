package org.entrasync.adapters.jdbi;

import java.util.UUID;
import org.entrasync.spi.ClientDraft;
import org.entrasync.spi.MspTenantId;
import org.entrasync.spi.NewContact;

/**
 * How the reference host names the clients and contacts it creates. The default gives random UUIDs;
 * {@link #DERIVED} derives them from what they are created for (the Entra tenant of a provisioned
 * client, the Entra object id of a synced contact), so the same scenario yields the same ids on
 * every run (the example host uses it to print reproducible output).
 */
public interface ReferenceHostIds {

  String clientId(MspTenantId tenant, ClientDraft draft);

  String contactId(MspTenantId tenant, NewContact contact);

  ReferenceHostIds RANDOM = new ReferenceHostIds() {
    @Override
    public String clientId(MspTenantId tenant, ClientDraft draft) {
      return UUID.randomUUID().toString();
    }

    @Override
    public String contactId(MspTenantId tenant, NewContact contact) {
      return UUID.randomUUID().toString();
    }
  };

  /**
   * {@code client-<provisioning key>} and {@code contact-<client id>-<request key>}: unique because
   * provisioning is idempotent per key and an identity gets at most one contact per client.
   */
  ReferenceHostIds DERIVED = new ReferenceHostIds() {
    @Override
    public String clientId(MspTenantId tenant, ClientDraft draft) {
      return "client-" + draft.provisioningKey();
    }

    @Override
    public String contactId(MspTenantId tenant, NewContact contact) {
      return "contact-" + contact.clientId() + "-" + contact.requestKey();
    }
  };
}
