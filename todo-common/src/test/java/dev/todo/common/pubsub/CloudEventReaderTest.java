package dev.todo.common.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.todo.common.events.ReminderEvent;
import io.dapr.client.domain.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudEventReaderTest {

    private final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
    private final CloudEventReader reader = new CloudEventReader(json);

    private static final String DATA = "{\"event_id\":\"7f0c6a3e-4a55-4d43-9b2a-3c1a8c6a2f10\",\"task_id\":7,"
            + "\"title\":\"Water\",\"due_at\":\"2026-03-02T10:00:00Z\",\"remind_at\":\"2026-03-02T09:45:00Z\","
            + "\"user_id\":\"u1\"}";

    private static byte[] envelope(String data) {
        return ("{\"specversion\":\"1.0\",\"id\":\"ce-1\",\"source\":\"todo-api\",\"type\":\"com.dapr.event.sent\","
                + "\"datacontenttype\":\"application/json\",\"pubsubname\":\"kafka-pubsub\",\"topic\":\"reminders\","
                + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\","
                + "\"time\":\"2026-03-02T09:45:01Z\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheStructuredEnvelopeDaprdPosts() {
        CloudEvent<ReminderEvent> event = reader.read(envelope(DATA), ReminderEvent.class, e -> List.of());

        assertThat(event.getId()).isEqualTo("ce-1");
        assertThat(event.getTopic()).isEqualTo("reminders");
        assertThat(event.getData().taskId()).isEqualTo(7);
        assertThat(event.getData().remindAt()).isEqualTo(Instant.parse("2026-03-02T09:45:00Z"));
    }

    @Test
    void acceptsDataPublishedAsAJsonString() throws Exception {
        CloudEvent<ReminderEvent> event = reader.read(envelope(json.writeValueAsString(DATA)), ReminderEvent.class,
                e -> List.of());

        assertThat(event.getData().userId()).isEqualTo("u1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1]", "{\"specversion\":\"1.0\"}", "{\"data\":42}"})
    void unreadableBodiesArePoison(String body) {
        assertThatThrownBy(() -> reader.read(body.getBytes(StandardCharsets.UTF_8), ReminderEvent.class,
                e -> List.of())).isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void dataOfTheWrongShapeIsPoisonAndKeepsTheCloudEventId() {
        assertThatThrownBy(() -> reader.read(envelope("{\"task_id\":\"seven\"}"), ReminderEvent.class, e -> List.of()))
                .isInstanceOfSatisfying(PoisonMessageException.class,
                        e -> assertThat(e.cloudEventId()).isEqualTo("ce-1"));
    }

    @Test
    void theCallersChecksDecideWhatIsValid() {
        assertThatThrownBy(() -> reader.read(envelope(DATA), ReminderEvent.class, e -> List.of("title is missing")))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("invalid ReminderEvent: title is missing");
    }
}
