package dev.todo.common.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.todo.common.events.ReminderEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class CloudEventSubscriberTest {

    private static final Subscription<ReminderEvent> REMINDERS = new Subscription<>("reminders", "reminders-dlq",
            ReminderEvent.class, e -> e.title().isEmpty() ? List.of("title is empty") : List.of(), "reminder",
            Level.DEBUG);

    private final CloudEventSubscriber subscriber =
            new CloudEventSubscriber(new CloudEventReader(JsonMapper.builder().findAndAddModules().build()));
    private final List<ReminderEvent> handled = new ArrayList<>();

    private static byte[] envelope(String title) {
        return ("{\"specversion\":\"1.0\",\"id\":\"ce-1\",\"type\":\"dev.todo.reminder.due.v1\",\"data\":"
                + "{\"event_id\":\"7f0c6a3e-4a55-4d43-9b2a-3c1a8c6a2f10\",\"task_id\":7,\"title\":\"" + title + "\","
                + "\"remind_at\":\"2026-03-02T09:45:00Z\",\"user_id\":\"u1\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private DaprAppResponse.Status receive(byte[] body, MessageHandler<ReminderEvent> handler) {
        return subscriber.receive(body, REMINDERS, handler).getBody().status();
    }

    @Test
    void aReadableMessageIsHandedToTheHandlerAndAcknowledged() {
        assertThat(receive(envelope("Water"), handled::add)).isEqualTo(DaprAppResponse.Status.SUCCESS);

        assertThat(handled).singleElement().satisfies(r -> assertThat(r.taskId()).isEqualTo(7));
    }

    @Test
    void anUnreadableOrInvalidMessageIsDroppedWithoutReachingTheHandler() {
        assertThat(receive("{not json".getBytes(StandardCharsets.UTF_8), handled::add))
                .isEqualTo(DaprAppResponse.Status.DROP);
        assertThat(receive(envelope(""), handled::add)).isEqualTo(DaprAppResponse.Status.DROP);
        assertThat(receive(null, handled::add)).isEqualTo(DaprAppResponse.Status.DROP);

        assertThat(handled).isEmpty();
    }

    @Test
    void aTransientFailureAsksForARetry() {
        assertThat(receive(envelope("Water"), r -> {
            throw new TransientMessageException("database unreachable", null);
        })).isEqualTo(DaprAppResponse.Status.RETRY);
    }

    @Test
    void aMessageTheHandlerRejectsIsDropped() {
        assertThat(receive(envelope("Water"), r -> {
            throw new PoisonMessageException("the database cannot store it", null);
        })).isEqualTo(DaprAppResponse.Status.DROP);
    }

    @Test
    void anUnexpectedFailurePropagatesSoDaprRetriesItAsAServerError() {
        assertThatThrownBy(() -> receive(envelope("Water"), r -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
    }
}
