package org.entrasync.core.port.in;

import java.util.Objects;

/**
 * What became of the MSP tenant's recurring sync after a call that keeps it (the initial sync of
 * {@code confirmMappings}). Keeping the schedule is best effort: the call's own work (mappings saved,
 * sync started) stands whatever the schedule does, and a failure is reported here, not thrown.
 *
 * @param intervalMinutes the schedule's interval when {@link State#SCHEDULED}, else null
 * @param problem the operator message when {@link State#FAILED} (cause and remedy), else null
 */
public record ScheduleOutcome(State state, Integer intervalMinutes, String problem) {

  public enum State {
    /** The schedule runs every {@code intervalMinutes}. */
    SCHEDULED,
    /** The call did not touch the schedule. */
    UNCHANGED,
    /** No schedule gateway is installed: the host starts every sync itself. */
    NOT_CONFIGURED,
    /** The schedule could not be kept; {@code problem} says why and what to do. */
    FAILED
  }

  public ScheduleOutcome {
    Objects.requireNonNull(state, "state");
    if ((state == State.SCHEDULED) != (intervalMinutes != null)) {
      throw new IllegalArgumentException("An interval goes with a SCHEDULED outcome, and only with it");
    }
    if ((state == State.FAILED) != (problem != null && !problem.isBlank())) {
      throw new IllegalArgumentException("A problem goes with a FAILED outcome, and only with it");
    }
  }

  public static ScheduleOutcome scheduled(int intervalMinutes) {
    return new ScheduleOutcome(State.SCHEDULED, intervalMinutes, null);
  }

  public static ScheduleOutcome unchanged() {
    return new ScheduleOutcome(State.UNCHANGED, null, null);
  }

  public static ScheduleOutcome notConfigured() {
    return new ScheduleOutcome(State.NOT_CONFIGURED, null, null);
  }

  public static ScheduleOutcome failed(String problem) {
    return new ScheduleOutcome(State.FAILED, null, problem);
  }
}
