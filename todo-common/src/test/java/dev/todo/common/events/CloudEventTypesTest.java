package dev.todo.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CloudEventTypesTest {

    @Test
    void everyTaskEventTypeHasItsOwnVersionedReverseDnsType() {
        assertThat(Arrays.stream(TaskEventType.values()).map(CloudEventTypes::of))
                .doesNotHaveDuplicates()
                .allSatisfy(type -> assertThat(type).matches("dev\\.todo\\.task\\.[a-z]+\\.v1"));
        assertThat(CloudEventTypes.of(TaskEventType.COMPLETED)).isEqualTo("dev.todo.task.completed.v1");
    }

    @Test
    void anOutboxRowsEventTypeNamesItsCloudEventType() {
        assertThat(CloudEventTypes.forEventType("uncompleted")).isEqualTo(CloudEventTypes.TASK_UNCOMPLETED);
        assertThat(CloudEventTypes.forEventType("reminder")).isEqualTo("dev.todo.reminder.due.v1");
        assertThatThrownBy(() -> CloudEventTypes.forEventType("archived")).isInstanceOf(IllegalArgumentException.class);
    }
}
