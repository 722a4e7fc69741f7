package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.todo.common.recurrence.RecurrenceRule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The document's pattern for {@code recurrence_pattern} promises that every match is accepted: Schemathesis
 * sends matches as valid data and fails the build on a 400 (it sent FREQ=YEARLY;INTERVAL=51 once, which the
 * cost bound refuses).
 */
class TaskApiDocumentTest {

    private static final Pattern RECURRENCE = Pattern.compile(TaskApiDocument.RECURRENCE);

    @Test
    void everyRuleThePatternAdmitsIsAccepted() {
        List<String> admitted = new ArrayList<>();
        for (String freq : List.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY")) {
            for (int interval = 1; interval <= 99; interval++) {
                for (String count : List.of("", ";COUNT=1", ";COUNT=99")) {
                    String rule = "FREQ=" + freq + ";INTERVAL=" + interval + count;
                    if (RECURRENCE.matcher(rule).matches()) {
                        admitted.add(rule);
                    }
                }
            }
        }
        assertThat(admitted).contains("FREQ=YEARLY;INTERVAL=50", "FREQ=DAILY;INTERVAL=99;COUNT=99")
                .doesNotContain("FREQ=YEARLY;INTERVAL=51");
        for (String rule : admitted) {
            assertThatCode(() -> RecurrenceRule.parse(rule)).as(rule).doesNotThrowAnyException();
            assertThatCode(() -> RecurrenceRule.parse("RRULE:" + rule)).as(rule).doesNotThrowAnyException();
        }
        for (String preset : List.of("daily", "weekdays", "weekly", "monthly", "yearly")) {
            assertThat(RECURRENCE.matcher(preset).matches()).as(preset).isTrue();
            assertThatCode(() -> RecurrenceRule.parse(preset)).doesNotThrowAnyException();
        }
    }
}
