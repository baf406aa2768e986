package org.entrasync.core.port.in;

import java.time.Instant;
import org.entrasync.core.model.ConnectionStatus;
import org.entrasync.core.model.ConnectionType;

/**
 * The connection panel: what is connected, how it is, and what it has done.
 *
 * @param type null when the tenant never connected
 * @param lastDiscoveryAt when discovery last saw a tenant, or null
 * @param nextScheduledSync when the recurring sync runs next, or null without a schedule
 * @param scheduleProblem why the recurring sync is not scheduled although tenants are mapped (the
 *     schedule gateway's operator message), or null
 */
public record ConnectionView(
    ConnectionType type,
    ConnectionStatus status,
    Instant connectedAt,
    Instant lastValidatedAt,
    String lastValidationError,
    Instant lastDiscoveryAt,
    int mappedTenants,
    Instant nextScheduledSync,
    String scheduleProblem) {}
