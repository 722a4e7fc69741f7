package dev.todo.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator deletes each service's pod in turn ({@code kubectl delete pod}) under a user's steady create load
 * through the front door; each time the suite waits for the replacement to be {@code 2/2} Ready and the old pod to
 * be gone. Nothing may be lost or doubled:
 * <ul>
 * <li>every task the API stored has exactly one {@code created} event on task-events;</li>
 * <li>a recurring task completed right before recurring-service's pod is deleted gets exactly one next occurrence;</li>
 * <li>a reminder due while notification-service's pod is replaced becomes exactly one notification;</li>
 * <li>requests fail only while todo-api's only replica is gone, and every failed one left no task and no event
 * (each create carries a unique title, looked for in the stored tasks and on task-events).</li>
 * </ul>
 * The scenario runs once ({@link #deleteEachServicePodUnderLoad()}); each test checks one guarantee of it.
 */
/* disruptive (pod deletions): after every class of the default order (see the failsafe configuration) */
@Order(Order.DEFAULT + 2)
@ExtendWith(ClusterDiagnostics.class)
class PodDeletionIT {

    static final int CLIENTS = 2;
    static final Duration PACING = Duration.ofMillis(500);
    static final int MAX_CREATES = 4_000;
    static final Duration MAX_LOAD = Duration.ofMinutes(20);
    static final int STEADY = 10;
    static final Duration REPLACED_WITHIN = Duration.ofMinutes(4);
    /**
     * After todo-api's replacement is Ready, how long the front door may still answer from its old view of the
     * endpoints (Traefik watches EndpointSlices; a few seconds in practice). Requests sent in
     * [deletion - {@value #BEFORE_DELETION_SECONDS} s, replacement Ready + this] may fail.
     */
    static final Duration ROUTING_GRACE = Duration.ofSeconds(10);
    static final long BEFORE_DELETION_SECONDS = 2;
    /** The reminder is made due this long after it is created; notification-service's pod is deleted just before. */
    static final Duration REMINDER_AHEAD = Duration.ofSeconds(25);
    static final Duration DELETE_BEFORE_REMINDER = Duration.ofSeconds(2);
    static final Duration EFFECT_WITHIN = Duration.ofMinutes(3);
    static final Duration STAYS = Duration.ofSeconds(10);

    /** One pod deletion and its replacement, with the instants the suite saw them. */
    record Deletion(String app, String deletedPod, String replacementPod, Instant deleted, Instant replacementReady,
                    Instant oldGone) {
    }

    private static ClusterState state;
    private static Cluster cluster;
    private static FrontDoorUser user;
    private static final List<Deletion> deletions = new ArrayList<>();
    private static List<CreateLoad.Attempt> attempts = List.of();
    private static JsonNode recurring;
    private static JsonNode reminder;
    private static Map<Long, List<KafkaTopic.Record>> created;

    @BeforeAll
    static void deleteEachServicePodUnderLoad() throws Exception {
        state = ClusterState.current();
        cluster = Cluster.connect(state);
        user = FrontDoorUser.fresh(FrontDoor.of(state), "cluster-pods");
        await("no pod of an earlier rollout still terminating, every service 2/2 Ready").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2)).until(() -> Cluster.APPS.stream().allMatch(app ->
                        !cluster.appPods(app).isEmpty() && cluster.appPods(app).stream().allMatch(Cluster::twoOfTwoRunningAndReady)));

        ZonedDateTime due = ZonedDateTime.of(LocalDate.now(ZoneOffset.UTC).plusDays(2), LocalTime.of(9, 0), ZoneOffset.UTC);
        recurring = user.createTask("{\"title\":\"Daily stand-up\",\"due_at\":\"" + due.toInstant()
                + "\",\"time_zone\":\"UTC\",\"recurrence_pattern\":\"daily\"}");

        try (CreateLoad load = new CreateLoad(user, "pod deletion", CLIENTS, PACING, MAX_CREATES, MAX_LOAD)) {
            Instant start = Instant.now();
            await("the create load is steady").atMost(Duration.ofMinutes(1)).until(() -> load.createdAfter(start) >= STEADY);

            // 1. todo-api: its only replica goes; requests may fail until the replacement is routed to
            Deletion todoApi = deleteAndAwaitReplacement("todo-api");
            Instant routed = todoApi.replacementReady().plus(ROUTING_GRACE);
            await("creates succeed again after todo-api's replacement").atMost(Duration.ofMinutes(2))
                    .until(() -> load.createdAfter(routed) >= STEADY || !load.sending());

            // 2. notification-service: a reminder falls due while its pod is being replaced
            Instant dueAt = Instant.now().plus(REMINDER_AHEAD).plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
            reminder = user.createTask("{\"title\":\"Reminder across a restart\",\"due_at\":\"" + dueAt
                    + "\",\"reminder_offset\":\"PT20S\"}");
            Instant remindAt = Instant.parse(reminder.path("remind_at").asText());
            await("until just before the reminder is due").atMost(REMINDER_AHEAD.plusSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !Instant.now().isBefore(remindAt.minus(DELETE_BEFORE_REMINDER)));
            deleteAndAwaitReplacement("notification-service");

            // 3. recurring-service: a recurring task completed right before its pod goes
            user.complete(recurring.path("id").asLong(), true);
            Deletion last = deleteAndAwaitReplacement("recurring-service");

            await("creates after the last replacement").atMost(Duration.ofMinutes(1))
                    .until(() -> load.createdAfter(last.oldGone()) >= STEADY || !load.sending());
            load.stop();
            attempts = load.attempts();
        }
        System.out.println("PodDeletionIT: " + attempts.size() + " creates, " + failures().size() + " failed; "
                + deletions.stream().map(Deletion::toString).collect(Collectors.joining("\n  ", "deletions:\n  ", "")));
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** kubectl delete pod (the service's only pod, or its first), then its replacement 2/2 Ready and the old one gone. */
    private static Deletion deleteAndAwaitReplacement(String app) {
        List<Pod> before = cluster.activeAppPods(app);
        assertThat(before).as("%s pods before the deletion", app).isNotEmpty();
        Set<String> beforeNames = before.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        String victim = before.get(0).getMetadata().getName();
        Instant deleted = Instant.now();
        Cli.Result delete = Cli.kubectl(state, Duration.ofMinutes(1), null, "delete", "pod", victim,
                "-n", state.namespace(), "--wait=false");
        assertThat(delete.exitCode()).as("kubectl delete pod %s:\n%s", victim, delete.describe()).isZero();

        AtomicReference<String> replacement = new AtomicReference<>();
        await(app + ": a replacement for " + victim + " 2/2 Ready").atMost(REPLACED_WITHIN)
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    var ready = cluster.activeAppPods(app).stream()
                            .filter(p -> !beforeNames.contains(p.getMetadata().getName()))
                            .filter(Cluster::twoOfTwoRunningAndReady).findFirst();
                    ready.ifPresent(p -> replacement.set(p.getMetadata().getName()));
                    return ready.isPresent();
                });
        Instant replacementReady = Instant.now();
        await(app + ": " + victim + " gone").atMost(REPLACED_WITHIN).pollInterval(Duration.ofSeconds(1))
                .until(() -> cluster.appPods(app).stream().noneMatch(p -> victim.equals(p.getMetadata().getName())));
        Deletion deletion = new Deletion(app, victim, replacement.get(), deleted, replacementReady, Instant.now());
        deletions.add(deletion);
        return deletion;
    }

    @Test
    void eachDeletedPodWasReplacedByATwoOfTwoReadyPod() {
        assertThat(deletions).extracting(Deletion::app).as("pods deleted, in order")
                .containsExactly("todo-api", "notification-service", "recurring-service");
        for (Deletion d : deletions) {
            assertThat(d.replacementPod()).as("%s replacement", d.app()).isNotNull().isNotEqualTo(d.deletedPod());
            assertThat(cluster.activeAppPods(d.app())).as("%s pods now", d.app()).isNotEmpty()
                    .allSatisfy(p -> assertThat(Cluster.twoOfTwoRunningAndReady(p)).as(Cluster.describe(p)).isTrue());
        }
    }

    @Test
    void everyStoredTaskHasOneCreatedEventAndNoOtherAppeared() {
        Set<Long> acknowledged = attempts.stream().filter(CreateLoad.Attempt::created).map(CreateLoad.Attempt::taskId)
                .collect(Collectors.toSet());
        Set<Long> acknowledgedButMissing = new TreeSet<>(acknowledged);
        acknowledgedButMissing.removeAll(taskIds());
        assertThat(acknowledgedButMissing).as("creates answered 201 whose task todo-api does not list").isEmpty();

        // every event read must be of a task todo-api lists after the read
        KafkaTopic.assertOneCreatedEventEach(createdEvents(), taskIds(), "tasks todo-api has");
    }

    /**
     * The user's created events, read once every task listed before the read has its event (an event is published
     * after its commit, so a listed task without one is a lost event once the wait is over).
     */
    private static synchronized Map<Long, List<KafkaTopic.Record>> createdEvents() {
        if (created == null) {
            AtomicReference<Map<Long, List<KafkaTopic.Record>>> read = new AtomicReference<>(Map.of());
            await("a created event on task-events for each stored task").atMost(EFFECT_WITHIN)
                    .pollInterval(Duration.ofSeconds(10)).untilAsserted(() -> {
                        Set<Long> stored = taskIds();
                        read.set(KafkaTopic.createdEvents(KafkaTopic.readAll(cluster, "task-events"), user.userId));
                        Set<Long> missing = new TreeSet<>(stored);
                        missing.removeAll(read.get().keySet());
                        assertThat(missing).as("stored tasks (of %d) with no created event on task-events: lost events",
                                stored.size()).isEmpty();
                    });
            created = read.get();
        }
        return created;
    }

    @Test
    void requestsFailedOnlyWhileTodoApiWasGoneAndLeftNoTrace() {
        Deletion todoApi = deletions.stream().filter(d -> d.app().equals("todo-api")).findFirst().orElseThrow();
        Instant from = todoApi.deleted().minusSeconds(BEFORE_DELETION_SECONDS);
        Instant to = todoApi.replacementReady().plus(ROUTING_GRACE);
        List<CreateLoad.Attempt> failed = failures();
        System.out.println("PodDeletionIT: creates that failed while todo-api's pod was replaced (" + from + " .. " + to
                + "):\n" + CreateLoad.list(failed));

        List<CreateLoad.Attempt> outside = failed.stream()
                .filter(a -> a.sent().isBefore(from) || a.sent().isAfter(to)).toList();
        assertThat(outside).as("creates that failed outside todo-api's outage %s .. %s:\n%s", from, to,
                CreateLoad.list(outside)).isEmpty();

        Set<String> failedTitles = failed.stream().map(CreateLoad.Attempt::title).collect(Collectors.toSet());
        Set<String> storedTitles = user.tasks().stream().map(t -> t.path("title").asText()).collect(Collectors.toSet());
        Set<String> storedAnyway = new TreeSet<>(failedTitles);
        storedAnyway.retainAll(storedTitles);
        assertThat(storedAnyway).as("failed creates whose task todo-api stored all the same").isEmpty();

        Set<String> publishedTitles = new HashSet<>();
        KafkaTopic.readAll(cluster, "task-events").stream().filter(r -> user.userId.equals(r.userId()))
                .forEach(r -> publishedTitles.add(r.event().path("task_data").path("title").asText()));
        Set<String> publishedAnyway = new TreeSet<>(failedTitles);
        publishedAnyway.retainAll(publishedTitles);
        assertThat(publishedAnyway).as("failed creates with an event on task-events all the same").isEmpty();
    }

    @Test
    void aRecurringTaskCompletedJustBeforeRecurringServiceWentDownGetsExactlyOneNextOccurrence() {
        String series = recurring.path("series_id").asText();
        await("recurring-service's next occurrence of task " + recurring.path("id").asLong()).atMost(EFFECT_WITHIN)
                .pollInterval(Duration.ofSeconds(2)).until(() -> series(series).size() >= 2);
        await("still exactly one next occurrence").during(STAYS).atMost(STAYS.plusSeconds(20))
                .untilAsserted(() -> assertThat(series(series)).as("tasks of series %s", series).hasSize(2));
        JsonNode next = series(series).stream().filter(t -> t.path("occurrence").asInt() == 2).findFirst().orElseThrow(
                () -> new AssertionError("no occurrence 2 in series " + series + ": " + series(series)));
        assertThat(next.path("completed").asBoolean()).isFalse();
        assertThat(Instant.parse(next.path("due_at").asText())).as("daily: one day after the first")
                .isEqualTo(Instant.parse(recurring.path("due_at").asText()).plus(1, ChronoUnit.DAYS));
    }

    @Test
    void aReminderDueWhileNotificationServiceWasReplacedBecomesExactlyOneNotification() {
        long taskId = reminder.path("id").asLong();
        Instant remindAt = Instant.parse(reminder.path("remind_at").asText());
        Deletion notification = deletions.stream().filter(d -> d.app().equals("notification-service")).findFirst()
                .orElseThrow();
        assertThat(remindAt).as("the scenario: the reminder falls due around the deletion of %s", notification)
                .isAfterOrEqualTo(notification.deleted().minusSeconds(5))
                .isBeforeOrEqualTo(notification.replacementReady());

        await("a notification for task " + taskId).atMost(EFFECT_WITHIN).pollInterval(Duration.ofSeconds(2))
                .until(() -> !user.notificationsFor(taskId).isEmpty());
        await("still exactly one notification for task " + taskId).during(STAYS).atMost(STAYS.plusSeconds(20))
                .untilAsserted(() -> assertThat(user.notificationsFor(taskId)).hasSize(1));
    }

    private static List<CreateLoad.Attempt> failures() {
        return attempts.stream().filter(a -> !a.created()).toList();
    }

    private static Set<Long> taskIds() {
        return user.tasks().stream().map(t -> t.path("id").asLong()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<JsonNode> series(String seriesId) {
        return user.tasks().stream().filter(t -> seriesId.equals(t.path("series_id").asText())).toList();
    }
}
