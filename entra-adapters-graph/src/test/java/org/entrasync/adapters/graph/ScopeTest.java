package org.entrasync.adapters.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.entrasync.core.error.ConsentMissingException;
import org.entrasync.core.model.DirectoryChange;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.port.out.DirectoryGateway.ListingRequest;
import org.entrasync.adapters.graph.testing.GraphEmulator;
import org.junit.jupiter.api.Test;

/**
 * Tokens without the permission a call needs: {@code /users} needs {@code User.Read.All} (with only
 * {@code User.ReadBasic.All} Graph answers, but without {@code accountEnabled}, so every user would
 * be "unknown" and nothing created), {@code delegatedAdminCustomers} needs {@code
 * DelegatedAdminRelationship.Read.All}. Each is a clear error naming the missing permission.
 */
class ScopeTest extends GraphTestBase {

  @Test
  void aCustomerConsentedOnlyForBasicProfilesIsThatTenantsScopeErrorNotAListingOfUnknownUsers() {
    connect();
    emulator.consentedScopes(NORTHWIND, "User.Read", "User.ReadBasic.All");
    assertThatThrownBy(() -> list(NORTHWIND, ListingRequest.full(999)))
        .isInstanceOfSatisfying(ConsentMissingException.class, e -> {
          assertThat(e.remedy()).isEqualTo(ConsentMissingException.Remedy.GRANT_SCOPE);
          assertThat(e.tenantId()).isEqualTo(EntraTenantId.of(NORTHWIND));
        })
        .hasMessageContaining("User.Read.All")
        .hasMessageContaining(NORTHWIND);
    assertThat(emulator.requests(c -> c.isGraph() && c.path().equals("/v1.0/users"))).as("nothing listed").isEmpty();
    assertThat(list(FABRIKAM, ListingRequest.full(999)).changes()).hasSize(5);
  }

  @Test
  void aCustomerWithoutAnyUserReadPermissionIsAScopeErrorToo() {
    connect();
    emulator.consentedScopes(CONTOSO, "User.Read");
    assertThatThrownBy(() -> list(CONTOSO, ListingRequest.full(999)))
        .isInstanceOfSatisfying(ConsentMissingException.class,
            e -> assertThat(e.remedy()).isEqualTo(ConsentMissingException.Remedy.GRANT_SCOPE));
    // discovery still lists the tenant (its organization is readable with User.Read)
    assertThat(adapter.directoryGateway().listManagedTenants(MSP)).extracting(t -> t.id().value()).contains(CONTOSO);
  }

  @Test
  void aPartnerSignInWithoutDelegatedAdminRelationshipReadAllIsAScopeError() {
    emulator.consentedScopes("partner", "User.Read", "User.Read.All");
    assertThatThrownBy(this::connect)
        .isInstanceOfSatisfying(ConsentMissingException.class,
            e -> assertThat(e.remedy()).isEqualTo(ConsentMissingException.Remedy.GRANT_SCOPE))
        .hasMessageContaining("DelegatedAdminRelationship.Read.All");
  }

  @Test
  void aStoredPartnerGrantWithoutDelegatedAdminRelationshipReadAllFailsValidationNamingIt() {
    connect();
    emulator.consentedScopes("partner", "User.Read", "User.Read.All");
    emulator.invalidateAccessTokens(); // the next call refreshes, and gets the narrower grant
    assertThatThrownBy(() -> adapter.directoryGateway().validate(MSP))
        .isInstanceOfSatisfying(ConsentMissingException.class,
            e -> assertThat(e.remedy()).isEqualTo(ConsentMissingException.Remedy.GRANT_SCOPE))
        .hasMessageContaining("DelegatedAdminRelationship.Read.All");
  }

  @Test
  void aCustomerListingNeverReadsThePartnersOwnStaff() {
    connect();
    assertThat(list(CONTOSO, ListingRequest.full(999)).changes())
        .extracting(DirectoryChange::objectId)
        .extracting(id -> id.value())
        .doesNotContain(GraphEmulator.PARTNER_ADMIN_OID)
        .hasSize(2);
  }
}
