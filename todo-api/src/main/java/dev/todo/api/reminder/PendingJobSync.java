package dev.todo.api.reminder;

import java.time.Instant;

/**
 * A row of {@code reminder_jobs} a worker claimed: the job to schedule ({@code remindAt}) or to remove
 * ({@code remindAt} null). {@code claim} is the lease the worker set, its token for writing the outcome back;
 * {@code traceparent} the trace context of the task change that wanted it (null: none), carried into the job.
 */
record PendingJobSync(long taskId, Instant remindAt, int attempts, Instant claim, String traceparent) {
}
