package org.entrasync.adapters.cipp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The bounds of what the adapter reads from CIPP-API (whatever answers at an operator's URL). Sized
 * far above real payloads, so that only garbage meets them, and so that one over-long value, which
 * core truncates per user, never fails a tenant.
 */
final class JsonLimits {
  /** One string value: a real user property is at most a few hundred characters; a 10 M name still passes. */
  static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;
  /** Real rows nest five levels at most ({@code assignedLicenses[].disabledPlans[]}). */
  static final int MAX_NESTING_DEPTH = 64;
  /** Real numbers are counts. */
  static final int MAX_NUMBER_LENGTH = 64;
  /** Real field names are short. */
  static final int MAX_NAME_LENGTH = 1024;
  /** ListTenants is read whole: 2,000 customers are about 1.5 MB. */
  static final long MAX_TENANT_LIST_BYTES = 32L * 1024 * 1024;
  /** No MSP manages this many tenants through one CIPP. */
  static final int MAX_TENANT_ROWS = 50_000;

  private JsonLimits() {}

  /**
   * A mapper with these bounds; {@code maxDocumentBytes} bounds a whole answer (for answers read
   * whole), or -1 for answers read as a stream (user pages are handed on as they arrive).
   */
  static ObjectMapper mapper(long maxDocumentBytes) {
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxStringLength(MAX_STRING_LENGTH)
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxNameLength(MAX_NAME_LENGTH)
        .maxDocumentLength(maxDocumentBytes)
        .build();
    JsonFactory factory = JsonFactory.builder().streamReadConstraints(constraints).build();
    return new ObjectMapper(factory).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }
}
