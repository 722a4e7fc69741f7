package dev.todo.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator's rolling upgrade under a user's steady load, through the front door:
 * {@code helm upgrade <release> <chart> --reuse-values --set image.tag=<rollout-tag> --wait} while a few clients
 * create tasks. The upgrade replaces every service's pod (the image reference changes, the image is the same build),
 * and afterwards the release is upgraded back to the installed tag so the next run starts from the same state.
 *
 * <p>The scenario runs once ({@link #upgradeUnderLoad()}); each test checks one guarantee of it.
 */
/* disruptive (an upgrade and back): after every class of the default order (see the failsafe configuration) */
@Order(Order.DEFAULT + 1)
@ExtendWith(ClusterDiagnostics.class)
class RollingUpgradeUnderLoadIT {

    static final String HELM_WAIT = "5m";
    static final Duration HELM_TIMEOUT = Duration.ofMinutes(7);
    /** The load: 2 clients, one create each per 500 ms (about 4/s), at most 2,400 creates or 12 minutes. */
    static final int CLIENTS = 2;
    static final Duration PACING = Duration.ofMillis(500);
    static final int MAX_CREATES = 2_400;
    static final Duration MAX_LOAD = Duration.ofMinutes(12);
    /** Creates that must succeed before the upgrade starts and after it finished: the load spans the whole rollout. */
    static final int STEADY = 10;
    static final Duration EVENTS_WITHIN = Duration.ofMinutes(3);

    private static ClusterState state;
    private static Cluster cluster;
    private static FrontDoorUser user;
    private static Cli.Result upgrade;
    private static List<CreateLoad.Attempt> attempts;
    private static Set<Long> acknowledged;
    private static Map<Long, List<KafkaTopic.Record>> created;

    @BeforeAll
    static void upgradeUnderLoad() throws Exception {
        state = ClusterState.current();
        cluster = Cluster.connect(state);
        user = FrontDoorUser.fresh(FrontDoor.of(state), "cluster-upgrade");
        for (String app : Cluster.APPS) {
            assertThat(cluster.activeAppPods(app)).as("%s before the upgrade", app)
                    .allMatch(Cluster::twoOfTwoRunningAndReady);
        }

        try (CreateLoad load = new CreateLoad(user, "rolling upgrade", CLIENTS, PACING, MAX_CREATES, MAX_LOAD)) {
            Instant start = Instant.now();
            await("the create load is steady").atMost(Duration.ofMinutes(1)).until(() -> load.createdAfter(start) >= STEADY);

            upgrade = Cli.helm(state, HELM_TIMEOUT, "upgrade", state.release(), state.chart().toString(),
                    "-n", state.namespace(), "--reuse-values", "--set", "image.tag=" + state.rolloutTag(),
                    "--wait", "--timeout", HELM_WAIT);
            // helm --wait returns when the new pods are ready; the old ones are still draining (preStop, graceful
            // shutdown): keep the load on until they are gone, then a few more creates
            await("the old pods gone").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> Cluster.APPS.stream().allMatch(app -> cluster.appPods(app).size()
                            == cluster.activeAppPods(app).size()));
            Instant settled = Instant.now();
            await("creates after the rollout").atMost(Duration.ofMinutes(1))
                    .until(() -> load.createdAfter(settled) >= STEADY || !load.sending());
            load.stop();
            attempts = load.attempts();
            acknowledged = load.acknowledgedIds();
        }
    }

    @AfterAll
    static void upgradeBackToTheInstalledTag() {
        if (cluster == null) {
            return;
        }
        try {
            Cli.Result back = Cli.helm(state, HELM_TIMEOUT, "upgrade", state.release(), state.chart().toString(),
                    "-n", state.namespace(), "--reuse-values", "--set", "image.tag=" + state.imageTag(),
                    "--wait", "--timeout", HELM_WAIT);
            assertThat(back.exitCode()).as("helm upgrade back to image tag %s:\n%s", state.imageTag(), back.describe())
                    .isZero();
        } finally {
            cluster.close();
        }
    }

    @Test
    void helmUpgradeCompletesAndEveryServiceRunsTheNewTagTwoOfTwoReady() {
        assertThat(upgrade.exitCode()).as("helm upgrade to %s:\n%s", state.rolloutTag(), upgrade.describe()).isZero();
        for (String app : Cluster.APPS) {
            await(app + " on tag " + state.rolloutTag()).atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                List<Pod> pods = cluster.activeAppPods(app);
                assertThat(pods).as(app + " pods").isNotEmpty();
                for (Pod pod : pods) {
                    assertThat(Cluster.twoOfTwoRunningAndReady(pod)).as(Cluster.describe(pod)).isTrue();
                    assertThat(Cluster.container(pod, app).orElseThrow().getImage()).as("%s image", app)
                            .endsWith(":" + state.rolloutTag());
                }
            });
        }
    }

    @Test
    void noRequestFailedDuringTheRollout() {
        assertThat(attempts).as("creates sent during the upgrade").hasSizeGreaterThan(2 * STEADY);
        assertThat(attempts.stream().filter(a -> !a.created()).toList())
                .as("creates that did not answer 201 during the rolling upgrade (of %d):\n%s", attempts.size(),
                        CreateLoad.list(attempts.stream().filter(a -> !a.created()).toList()))
                .isEmpty();
    }

    @Test
    void everyCreatedTaskHasOneCreatedEventAndNoOtherAppeared() {
        KafkaTopic.assertOneCreatedEventEach(createdEvents(), acknowledged, "acknowledged creates");
    }

    /** The user's created events, read once every acknowledged create is there (the relay may still be draining). */
    private static synchronized Map<Long, List<KafkaTopic.Record>> createdEvents() {
        if (created == null) {
            AtomicReference<Map<Long, List<KafkaTopic.Record>>> read = new AtomicReference<>(Map.of());
            await("task-events carries a created event for each of the " + acknowledged.size() + " acknowledged creates")
                    .atMost(EVENTS_WITHIN).pollInterval(Duration.ofSeconds(10)).untilAsserted(() -> {
                        read.set(KafkaTopic.createdEvents(KafkaTopic.readAll(cluster, "task-events"), user.userId));
                        Set<Long> missing = new TreeSet<>(acknowledged);
                        missing.removeAll(read.get().keySet());
                        assertThat(missing).as("acknowledged creates with no created event on task-events").isEmpty();
                    });
            created = read.get();
        }
        return created;
    }
}
