package dev.todo.common.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.todo.common.events.ReminderEvent;
import dev.todo.common.tracing.TraceParents;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import io.dapr.client.domain.BulkSubscribeAppResponseEntry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class BulkCloudEventSubscriberTest {

    private static final Subscription<ReminderEvent> REMINDERS = new Subscription<>("reminders", "reminders-dlq",
            ReminderEvent.class, e -> e.title().isEmpty() ? List.of("title is empty") : List.of(), "reminder",
            Level.DEBUG);

    private final BulkCloudEventSubscriber subscriber = new BulkCloudEventSubscriber(
            JsonMapper.builder().findAndAddModules().build(), new TraceParents(Tracer.NOOP, Propagator.NOOP));
    private final List<ReminderEvent> handled = new ArrayList<>();
    private final List<List<ReminderEvent>> batches = new ArrayList<>();

    private static String cloudEvent(String type, String title) {
        return "{\"specversion\":\"1.0\",\"id\":\"ce-" + title + "\",\"type\":\"" + type + "\","
                + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",\"data\":"
                + "{\"event_id\":\"7f0c6a3e-4a55-4d43-9b2a-3c1a8c6a2f10\",\"task_id\":7,\"title\":\"" + title + "\","
                + "\"remind_at\":\"2026-03-02T09:45:00Z\",\"user_id\":\"u1\"}}";
    }

    private static String reminder(String title) {
        return cloudEvent("dev.todo.reminder.due.v1", title);
    }

    /** As daprd posts a bulk delivery: each entry's event is the parsed CloudEvent. */
    private static byte[] bulk(String... events) {
        StringBuilder body = new StringBuilder("{\"id\":\"b1\",\"topic\":\"reminders\",\"pubsubname\":\"kafka-pubsub\","
                + "\"type\":\"com.dapr.event.sent.bulk\",\"metadata\":{\"pubsubName\":\"kafka-pubsub\"},\"entries\":[");
        for (int i = 0; i < events.length; i++) {
            body.append(i == 0 ? "" : ",").append("{\"entryId\":\"e").append(i).append("\",\"event\":")
                    .append(events[i]).append(",\"contentType\":\"application/cloudevents+json\",\"metadata\":{}}");
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Transient for "later", poison for "never", handled otherwise: the single-message handler. */
    private Object handle(ReminderEvent reminder) {
        if (reminder.title().equals("later")) {
            throw new TransientMessageException("database unreachable", null);
        }
        if (reminder.title().equals("never")) {
            throw new PoisonMessageException("the database cannot store it", null);
        }
        handled.add(reminder);
        return "recorded";
    }

    /** daprd matches answers by entry id, so their order is free. */
    private static Map<String, String> statuses(BulkSubscribeAppResponse response) {
        Map<String, String> byEntry = new LinkedHashMap<>();
        for (BulkSubscribeAppResponseEntry entry : response.getStatuses()) {
            byEntry.put(entry.getEntryId(), entry.getStatus().name());
        }
        return byEntry;
    }

    @Test
    void eachEntryOfAMixedBatchIsAnsweredAsItWouldBeAlone() {
        BulkSubscribeAppResponse answer = subscriber.receive(bulk(reminder("Water"), "\"{not json\"", reminder(""),
                reminder("later"), reminder("never"), "{\"specversion\":\"1.0\"}", reminder("Feed")),
                REMINDERS, this::handle).getBody();

        assertThat(statuses(answer)).containsOnly(Map.entry("e0", "SUCCESS"), Map.entry("e1", "DROP"),
                Map.entry("e2", "DROP"), Map.entry("e3", "RETRY"), Map.entry("e4", "DROP"), Map.entry("e5", "DROP"),
                Map.entry("e6", "SUCCESS"));
        assertThat(handled).extracting(ReminderEvent::title).containsExactly("Water", "Feed");
    }

    @Test
    void entriesOfATypeNotActedOnAreAcknowledgedWithoutReachingTheHandler() {
        BulkSubscribeAppResponse answer = subscriber.receive(bulk(cloudEvent("dev.todo.task.created.v1", "x"),
                reminder("Water"), cloudEvent("dev.todo.task.created.v1", "")), REMINDERS,
                Set.of("dev.todo.task.created.v1"), this::handle).getBody();

        assertThat(statuses(answer)).containsOnly(Map.entry("e0", "SUCCESS"), Map.entry("e1", "SUCCESS"),
                Map.entry("e2", "SUCCESS"));
        assertThat(handled).extracting(ReminderEvent::title).containsExactly("Water");
    }

    @Test
    void aBatchHandlerGetsEveryReadableEntryInOneCall() {
        BulkSubscribeAppResponse answer = subscriber.receiveBatch(bulk(reminder("Water"), "\"{not json\"",
                reminder("Feed")), REMINDERS, this::batch, this::handle).getBody();

        assertThat(statuses(answer)).containsOnly(Map.entry("e1", "DROP"), Map.entry("e0", "SUCCESS"),
                Map.entry("e2", "SUCCESS"));
        assertThat(batches).singleElement().satisfies(batch ->
                assertThat(batch).extracting(ReminderEvent::title).containsExactly("Water", "Feed"));
        assertThat(handled).isEmpty();
    }

    @Test
    void aTransientFailureOfTheBatchRetriesEveryReadableEntry() {
        BulkSubscribeAppResponse answer = subscriber.receiveBatch(bulk(reminder("Water"), reminder("later"), "[]"),
                REMINDERS, this::batch, this::handle).getBody();

        assertThat(statuses(answer)).containsOnly(Map.entry("e2", "DROP"), Map.entry("e0", "RETRY"),
                Map.entry("e1", "RETRY"));
    }

    @Test
    void aPoisonEntryInABatchIsFoundByHandlingEachAloneSoOnlyItIsDropped() {
        BulkSubscribeAppResponse answer = subscriber.receiveBatch(bulk(reminder("Water"), reminder("never"),
                reminder("Feed")), REMINDERS, this::batch, this::handle).getBody();

        assertThat(statuses(answer)).containsOnly(Map.entry("e0", "SUCCESS"), Map.entry("e1", "DROP"),
                Map.entry("e2", "SUCCESS"));
        assertThat(handled).extracting(ReminderEvent::title).containsExactly("Water", "Feed");
    }

    @Test
    void aBodyWithoutEntriesIsAnsweredWithNothingSoDaprdRetriesIt() {
        assertThat(subscriber.receive("{not json".getBytes(StandardCharsets.UTF_8), REMINDERS, this::handle)
                .getBody().getStatuses()).isEmpty();
        assertThat(subscriber.receive(null, REMINDERS, this::handle).getBody().getStatuses()).isEmpty();
        assertThat(subscriber.receiveBatch("{}".getBytes(StandardCharsets.UTF_8), REMINDERS, this::batch,
                this::handle).getBody().getStatuses()).isEmpty();
        assertThat(batches).isEmpty();
    }

    @Test
    void anUnexpectedFailurePropagatesSoDaprRetriesTheWholeBatch() {
        assertThatThrownBy(() -> subscriber.receive(bulk(reminder("Water")), REMINDERS, r -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
    }

    /** Fails the whole batch as the multi-row insert would: transient or poison if any entry is. */
    private List<?> batch(List<ReminderEvent> reminders) {
        for (ReminderEvent reminder : reminders) {
            if (reminder.title().equals("later")) {
                throw new TransientMessageException("database unreachable", null);
            }
            if (reminder.title().equals("never")) {
                throw new PoisonMessageException("the database cannot store it", null);
            }
        }
        batches.add(reminders);
        return reminders.stream().map(r -> "recorded").toList();
    }
}
