/**
 * In-memory fakes of every SPI interface and storage port of the core, and a bundle that wires them
 * with the use cases ({@link org.entrasync.core.fakes.InMemoryEntrasync}). Shipped in the core's
 * test-jar so other modules' tests can use them.
 *
 * <p>Every fake is thread-safe, deterministic (generated ids come from per-instance sequences, never
 * from randomness or the wall clock) and scoped by MSP tenant: one MSP never sees another's data.
 */
package org.entrasync.core.fakes;
