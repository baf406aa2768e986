package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GraphAdapter#close()} releases pooled connections and promises that the gateways stay
 * usable: a host may close the adapter on a configuration reload while its gateways are still wired.
 */
class AdapterCloseTest extends GraphTestBase {

  @BeforeEach
  void signIn() {
    connect();
  }

  @Test
  void aMultiPageListingStillWorksAfterClose() {
    Listing before = list(FABRIKAM, ListingRequest.full(2));

    adapter.close();

    Listing after = list(FABRIKAM, ListingRequest.full(2));
    assertThat(after.pages()).hasSize(3); // the second and third pages come through the prefetch threads
    assertThat(after.changes()).isEqualTo(before.changes());
    assertThat(after.outcome().complete()).isTrue();
  }

  @Test
  void discoveryStillWorksAfterClose() {
    adapter.close();

    assertThat(adapter.directoryGateway().listManagedTenants(MSP)).extracting(DiscoveredTenant::displayName)
        .containsExactlyInAnyOrder("Fabrikam Dental LLC", "Northwind Plumbing", "Contoso Ltd");
  }

  @Test
  void closingTwiceIsHarmless() {
    adapter.close();
    adapter.close();

    assertThat(list(CONTOSO, ListingRequest.full(1)).changes()).hasSize(2);
  }
}
