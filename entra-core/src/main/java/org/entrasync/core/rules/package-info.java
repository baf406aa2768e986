/**
 * The pure domain rules of entrasync: functions from model records to decision records. Nothing
 * here performs I/O, reads a clock or depends on iteration order of unordered collections; the same
 * input always yields the same decision. {@link org.entrasync.core.rules.Rules#ALL} lists every rule
 * family.
 */
package org.entrasync.core.rules;
