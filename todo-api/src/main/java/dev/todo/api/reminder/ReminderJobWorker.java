package dev.todo.api.reminder;

import dev.todo.common.lifecycle.BackgroundWorker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Converges {@code reminder_jobs} with the Dapr Scheduler, apart from the outbox relay: while the Scheduler is
 * down task events still flow, and the jobs catch up once it is back. Every replica runs one worker; claims
 * ({@link ReminderJobStore#claim}) keep them off each other's rows.
 *
 * <p>A commit in this replica wakes the worker at once; other replicas' commits and rows whose back-off ended
 * are picked up by a short poll. A failed call stops the pass and backs the whole worker off (a Scheduler outage
 * costs one probe per interval, not one failed call per row), and backs the failing row off on its own, so one
 * job the Scheduler keeps refusing does not hold back the others.
 */
@Component
@EnableConfigurationProperties(ReminderJobProperties.class)
public class ReminderJobWorker extends BackgroundWorker {

    private static final Logger log = LoggerFactory.getLogger(ReminderJobWorker.class);

    private final ReminderJobStore store;
    private final ReminderJobs jobs;
    private final Clock clock;
    private final ReminderJobProperties properties;
    private final ExponentialBackOff backOff;
    private final Semaphore wakeUps = new Semaphore(0);

    ReminderJobWorker(ReminderJobStore store, ReminderJobs jobs, Clock clock, ReminderJobProperties properties,
            MeterRegistry meters) {
        super("reminder-jobs", Duration.ofSeconds(15));
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
        this.properties = properties;
        this.backOff = new ExponentialBackOff(properties.initialBackoff().toMillis(), 2.0);
        this.backOff.setMaxInterval(properties.maxBackoff().toMillis());
        Gauge.builder("todo.reminder.jobs.pending", store, ReminderJobStore::pendingCount)
                .description("Reminder jobs not yet in step with their task (to schedule or to remove)")
                .register(meters);
    }

    /** Something committed that may need a Scheduler call. */
    void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    @Override
    protected boolean enabled() {
        return properties.enabled();
    }

    @Override
    protected void work() {
        BackOffExecution outage = null;
        while (isRunning()) {
            Pass pass;
            try {
                pass = convergeOnce();
            } catch (RuntimeException e) {
                // the database itself failed: nothing was called, the claims expire with their lease
                log.atWarn().setMessage("reminder job sync failed").addKeyValue("event", "reminder_job_sync_error")
                        .addKeyValue("error", e.toString()).log();
                pass = Pass.FAILED;
            }
            if (pass == Pass.FAILED) {
                outage = outage == null ? backOff.start() : outage;
                await(Duration.ofMillis(outage.nextBackOff()), true);
            } else {
                outage = null;
                if (pass == Pass.IDLE) {
                    await(properties.pollInterval(), false);
                }
            }
        }
    }

    /** One claimed batch, in order; the first failed call gives the rest back untried. */
    Pass convergeOnce() {
        Instant now = clock.instant();
        List<PendingJobSync> claimed = store.claim(properties.batchSize(), now, now.plus(properties.lease()));
        for (int i = 0; i < claimed.size(); i++) {
            PendingJobSync job = claimed.get(i);
            try {
                if (job.remindAt() != null) {
                    jobs.schedule(job.taskId(), job.remindAt(), clock.instant(), job.traceparent());
                } else {
                    jobs.cancel(job.taskId());
                }
                store.confirm(job, clock.instant());
            } catch (RuntimeException e) {
                Duration retryIn = rowBackoff(job.attempts() + 1);
                log.atWarn().setMessage("reminder job not in step with its task, retrying")
                        .addKeyValue("event", "reminder_job_sync_failed").addKeyValue("task_id", job.taskId())
                        .addKeyValue("job", ReminderJobs.jobName(job.taskId())).addKeyValue("attempts", job.attempts() + 1)
                        .addKeyValue("retry_in_ms", retryIn.toMillis()).addKeyValue("error", e.toString()).log();
                store.recordFailure(job, e.toString(), clock.instant().plus(retryIn));
                store.release(claimed.subList(i + 1, claimed.size()), clock.instant());
                return Pass.FAILED;
            }
        }
        if (claimed.isEmpty()) {
            return Pass.IDLE;
        }
        return claimed.size() == properties.batchSize() ? Pass.MORE : Pass.IDLE;
    }

    /** The back-off after a row's {@code attempts}-th failed call. */
    private Duration rowBackoff(int attempts) {
        BackOffExecution execution = backOff.start();
        long interval = 0;
        for (int i = 0; i < attempts; i++) {
            interval = execution.nextBackOff();
        }
        return Duration.ofMillis(interval);
    }

    /**
     * Waits for a wake-up or the timeout. During a back-off ({@code fullWait}) wake-ups are taken but the wait is
     * kept, so a Scheduler outage does not turn every commit into a failed call.
     */
    private void await(Duration timeout, boolean fullWait) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long remaining;
        try {
            while ((remaining = deadline - System.nanoTime()) > 0 && isRunning()) {
                if (wakeUps.tryAcquire(remaining, TimeUnit.NANOSECONDS) && !fullWait) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wakeUps.drainPermits();
    }

    enum Pass { IDLE, MORE, FAILED }
}
