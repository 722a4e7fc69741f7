package dev.todo.api.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.todo.common.events.TaskData;
import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.TaskEventType;
import dev.todo.api.support.FreshDatabase;
import dev.todo.common.tracing.TraceParents;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code reminder_jobs} and its worker on a real PostgreSQL (issue 12): the wanted job is written in the task's
 * transaction, and the worker converges it with the Scheduler. The Dapr Jobs API is replaced by a recording
 * Scheduler here; system-tests' {@code SchedulerOutageIT} runs the real one.
 */
class ReminderJobWorkerIT {

    private static final Instant REMIND_AT = Instant.parse("2026-06-01T08:45:00Z");
    private static final TraceParents NO_TRACING = new TraceParents(Tracer.NOOP, Propagator.NOOP);

    private final List<ReminderJobWorker> workers = new ArrayList<>();
    private final RecordingScheduler scheduler = new RecordingScheduler();
    private JdbcClient jdbc;
    private TransactionTemplate transaction;
    private ReminderJobStore store;

    @BeforeEach
    void migrateFreshDatabase() {
        PGSimpleDataSource dataSource = FreshDatabase.migrated("jobs");
        jdbc = JdbcClient.create(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        store = new ReminderJobStore(jdbc);
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(ReminderJobWorker::stop);
    }

    @Test
    void aCommittedReminderIsScheduledPromptlyWithoutPolling() {
        // a poll of an hour: only the wake-up at commit can schedule the job within the wait below
        ReminderJobWorker worker = startWorker(Duration.ofHours(1));
        ReminderJobListener listener = new ReminderJobListener(store, worker, Clock.systemUTC(), NO_TRACING);

        transaction.executeWithoutResult(status -> listener.taskChanged(event(7, TaskEventType.CREATED, REMIND_AT, 0)));

        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.calls().equals(List.of(schedule(7, REMIND_AT))));
        assertThat(store.pendingCount()).isZero();
    }

    @Test
    void aRolledBackChangeWantsNoJob() {
        ReminderJobWorker worker = idleWorker();
        ReminderJobListener listener = new ReminderJobListener(store, worker, Clock.systemUTC(), NO_TRACING);

        transaction.executeWithoutResult(status -> {
            listener.taskChanged(event(8, TaskEventType.CREATED, REMIND_AT, 0));
            status.setRollbackOnly();
        });

        assertThat(jdbc.sql("select count(*) from reminder_jobs").query(Long.class).single()).isZero();
        assertNothingToCall(worker);
    }

    @Test
    void aTaskThatNeverHadAJobCausesNoSchedulerCall() {
        ReminderJobWorker worker = idleWorker();
        ReminderJobListener listener = new ReminderJobListener(store, worker, Clock.systemUTC(), NO_TRACING);

        transaction.executeWithoutResult(status -> {
            listener.taskChanged(event(9, TaskEventType.CREATED, null, 0));
            listener.taskChanged(event(9, TaskEventType.UPDATED, null, 1));
            listener.taskChanged(event(9, TaskEventType.COMPLETED, null, 2));
            listener.taskChanged(event(9, TaskEventType.DELETED, null, 2));
        });

        assertNothingToCall(worker);
    }

    private void assertNothingToCall(ReminderJobWorker worker) {
        assertThat(worker.convergeOnce()).isEqualTo(ReminderJobWorker.Pass.IDLE);
        assertThat(scheduler.calls()).isEmpty();
    }

    @Test
    void theLastStateWinsOverAChangeDuringTheSchedulerCall() throws Exception {
        ReminderJobWorker worker = idleWorker();
        Instant moved = REMIND_AT.plusSeconds(3600);
        store.want(10, REMIND_AT, 0, Instant.now(), null);
        CountDownLatch callStarted = new CountDownLatch(1);
        CountDownLatch changeCommitted = new CountDownLatch(1);
        scheduler.holdNextCall(callStarted, changeCommitted);

        Thread firstPass = new Thread(worker::convergeOnce);
        firstPass.start();
        assertThat(callStarted.await(5, TimeUnit.SECONDS)).isTrue();
        // the user moves the reminder while the Scheduler is still taking the old one: no lock held, no wait
        store.want(10, moved, 1, Instant.now(), null);
        changeCommitted.countDown();
        firstPass.join(5000);
        assertThat(store.pendingCount()).isEqualTo(1);

        assertThat(worker.convergeOnce()).isEqualTo(ReminderJobWorker.Pass.IDLE);
        assertThat(scheduler.calls()).containsExactly(schedule(10, REMIND_AT), schedule(10, moved));
        assertThat(store.pendingCount()).isZero();
        // an event of an older version arriving late changes nothing
        store.want(10, null, 0, Instant.now(), null);
        assertThat(store.pendingCount()).isZero();
    }

    @Test
    void keepsRetryingWhileTheSchedulerFailsAndConvergesOnceItIsBack() {
        scheduler.failNextCalls(4);
        ReminderJobWorker worker = startWorker(Duration.ofMillis(50));
        store.want(11, REMIND_AT, 0, Instant.now(), null);
        store.want(12, REMIND_AT, 0, Instant.now(), null);
        worker.wake();

        await().atMost(Duration.ofSeconds(10)).until(() -> store.pendingCount() == 0);
        assertThat(scheduler.failures()).isEqualTo(4);
        assertThat(scheduler.calls()).containsExactlyInAnyOrder(schedule(11, REMIND_AT), schedule(12, REMIND_AT));
        assertThat(jdbc.sql("select count(*) from reminder_jobs where attempts > 0 or last_error is not null")
                .query(Long.class).single()).isZero();
    }

    @Test
    void aRemovedJobThatIsNoLongerWantedLeavesNoRow() {
        ReminderJobWorker worker = idleWorker();
        store.want(13, REMIND_AT, 0, Instant.now(), null);
        worker.convergeOnce();

        store.want(13, null, 1, Instant.now(), null);
        assertThat(store.pendingCount()).isEqualTo(1);
        worker.convergeOnce();

        assertThat(scheduler.calls()).containsExactly(schedule(13, REMIND_AT), "cancel 13");
        assertThat(jdbc.sql("select count(*) from reminder_jobs").query(Long.class).single()).isZero();
    }

    @Test
    void severalReplicasCallTheSchedulerOncePerTask() {
        for (long task = 1; task <= 300; task++) {
            store.want(task, REMIND_AT, 0, Instant.now(), null);
        }
        for (int replica = 0; replica < 3; replica++) {
            startWorker(Duration.ofMillis(20));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> store.pendingCount() == 0);
        Map<String, Long> callsPerTask = scheduler.calls().stream()
                .collect(Collectors.groupingBy(call -> call, Collectors.counting()));
        assertThat(callsPerTask).hasSize(300).allSatisfy((call, count) -> assertThat(count).as(call).isEqualTo(1));
    }

    @Test
    void reportsThePendingJobSyncs() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ReminderJobWorker worker = new ReminderJobWorker(store, scheduler, Clock.systemUTC(), tuning(Duration.ofHours(1)),
                meters);
        store.want(14, REMIND_AT, 0, Instant.now(), null);
        store.want(15, REMIND_AT, 0, Instant.now(), null);
        assertThat(meters.get("todo.reminder.jobs.pending").gauge().value()).isEqualTo(2);

        worker.convergeOnce();
        assertThat(meters.get("todo.reminder.jobs.pending").gauge().value()).isZero();
    }

    private static ReminderJobProperties tuning(Duration pollInterval) {
        return new ReminderJobProperties(true, 50, pollInterval, Duration.ofMinutes(1), Duration.ofMillis(20),
                Duration.ofMillis(200));
    }

    /** Not started: the test drives its passes. */
    private ReminderJobWorker idleWorker() {
        return new ReminderJobWorker(store, scheduler, Clock.systemUTC(), tuning(Duration.ofHours(1)),
                new SimpleMeterRegistry());
    }

    private ReminderJobWorker startWorker(Duration pollInterval) {
        ReminderJobWorker worker = new ReminderJobWorker(store, scheduler, Clock.systemUTC(), tuning(pollInterval),
                new SimpleMeterRegistry());
        worker.start();
        workers.add(worker);
        return worker;
    }

    private static String schedule(long taskId, Instant remindAt) {
        return "schedule " + taskId + " " + remindAt;
    }

    private static TaskEvent event(long taskId, TaskEventType type, Instant remindAt, long version) {
        Instant now = Instant.now();
        TaskData task = new TaskData(taskId, "u1", "Call the plumber", null, type == TaskEventType.COMPLETED, "medium",
                List.of(), remindAt == null ? null : remindAt.plusSeconds(900), "UTC", null, "due",
                remindAt == null ? null : "PT15M", remindAt, UUID.randomUUID().toString(), 1, null, now, now, version);
        return TaskEvent.of(type, task, now);
    }

    /** The Jobs API as the worker sees it: records each call, can fail the next calls or hold one mid-call. */
    private static final class RecordingScheduler extends ReminderJobs {

        private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger failuresLeft = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final Map<String, CountDownLatch> hold = new ConcurrentHashMap<>();

        RecordingScheduler() {
            super(null, null, NO_TRACING, null);
        }

        void failNextCalls(int count) {
            failuresLeft.set(count);
        }

        void holdNextCall(CountDownLatch started, CountDownLatch release) {
            hold.put("started", started);
            hold.put("release", release);
        }

        int failures() {
            return failures.get();
        }

        List<String> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }

        @Override
        public void schedule(long taskId, Instant remindAt, Instant now, String traceparent) {
            call("schedule " + taskId + " " + remindAt);
        }

        @Override
        public void cancel(long taskId) {
            call("cancel " + taskId);
        }

        private void call(String call) {
            if (failuresLeft.getAndDecrement() > 0) {
                failures.incrementAndGet();
                throw new IllegalStateException("UNAVAILABLE: no connection to the Scheduler (simulated)");
            }
            CountDownLatch started = hold.remove("started");
            if (started != null) {
                started.countDown();
                try {
                    hold.remove("release").await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            calls.add(call);
        }
    }
}
