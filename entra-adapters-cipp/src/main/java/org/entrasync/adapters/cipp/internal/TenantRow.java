package org.entrasync.adapters.cipp.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row of CIPP's ListTenants (an Azure Table entity). Only the fields the library uses; every
 * other field is ignored, so new CIPP columns never break discovery.
 *
 * @param results only on CIPP's error row ({@code "Failed to retrieve tenants: ..."})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantRow(
    @JsonProperty("customerId") String customerId,
    @JsonProperty("defaultDomainName") String defaultDomainName,
    @JsonProperty("initialDomainName") String initialDomainName,
    @JsonProperty("displayName") String displayName,
    @JsonProperty("delegatedPrivilegeStatus") String delegatedPrivilegeStatus,
    @JsonProperty("domains") JsonNode domains,
    @JsonProperty("Results") JsonNode results) {}
