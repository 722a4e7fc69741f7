package dev.todo.common.recurrence;

import dev.todo.common.events.TaskData;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Where one occurrence of a recurring task stands: its due date, its number in the series, the schedule's
 * start (DTSTART) and the zone its wall-clock time lives in.
 *
 * @param seriesStart DTSTART of the schedule; null means "this occurrence's due date"
 */
public record Series(ZoneId zone, Instant seriesStart, Instant dueAt, int occurrence, RecurrenceAnchor anchor) {

    public Series {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(dueAt, "a recurring task needs a due date");
        Objects.requireNonNull(anchor, "anchor");
        if (occurrence < 1) {
            throw new IllegalArgumentException("occurrence starts at 1");
        }
    }

    public static Series of(TaskData task) {
        return new Series(ZoneId.of(task.timeZone() == null ? "UTC" : task.timeZone()), task.seriesStartAt(),
                task.dueAt(), task.occurrence(), RecurrenceAnchor.fromWire(task.recurrenceAnchor()));
    }

    Instant scheduleStart() {
        return seriesStart != null ? seriesStart : dueAt;
    }
}
