package org.entrasync.temporal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import org.junit.jupiter.api.Test;

/** A child that could not start because its tenant is syncing is recognised by the failure's type. */
class AlreadyRunningTest {
  private static final WorkflowExecution CHILD =
      WorkflowExecution.newBuilder().setWorkflowId("entrasync-tenant-msp-1-t1").build();

  private static ChildWorkflowFailure childFailure(Throwable cause) {
    return new ChildWorkflowFailure(1, 0, "TenantSyncWorkflow", CHILD, "default",
        RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, cause);
  }

  @Test
  void aChildCausedByWorkflowExecutionAlreadyStartedIsAlreadyRunning() {
    assertThat(SyncRunner.isAlreadyRunning(childFailure(
        new WorkflowExecutionAlreadyStarted(CHILD, "TenantSyncWorkflow", null)))).isTrue();
  }

  @Test
  void aMessageThatMerelyMentionsAlreadyStartedIsNot() {
    // e.g. an activity failure quoting an upstream text: still a failure of the tenant, not a skip
    ApplicationFailure quoting = ApplicationFailure.newFailure("upstream said: WorkflowExecutionAlreadyStarted",
        "WorkflowExecutionAlreadyStarted");
    assertThat(SyncRunner.isAlreadyRunning(childFailure(quoting))).isFalse();
    assertThat(SyncRunner.isAlreadyRunning(childFailure(null))).isFalse();
  }
}
