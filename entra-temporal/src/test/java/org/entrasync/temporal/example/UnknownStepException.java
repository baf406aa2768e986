package org.entrasync.temporal.example;

/** A scenario step the runner does not know: the run stops with exit code 2. */
final class UnknownStepException extends RuntimeException {
  UnknownStepException(int index, String step) {
    super("Unknown scenario step #" + (index + 1) + ": \"do\": \"" + step + "\". Known steps: " + ScenarioRunner.KNOWN_STEPS);
  }
}
