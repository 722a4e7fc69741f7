package dev.todo.api.task;

import dev.todo.common.recurrence.RecurrenceAnchor;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A task row and the rules of its life: what a write changes, when its series' schedule restarts, when it is
 * due to remind, and which successor a completed occurrence may get or lose. Field rules for input live in
 * {@link TaskInputParser}; the rules here hold whoever asks (a user's request or recurring-service).
 */
@Entity
@Table(name = "tasks")
public class Task {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private String userId;

    @Column(nullable = false)
    private String title;

    private String description;

    @Column(nullable = false)
    private boolean completed;

    @Convert(converter = PriorityConverter.class)
    @Column(nullable = false)
    private Priority priority = Priority.MEDIUM;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "tags", columnDefinition = "text[]", nullable = false)
    private List<String> tags = new ArrayList<>();

    @Column(name = "due_at")
    private Instant dueAt;

    @Column(name = "time_zone", nullable = false)
    private String timeZone = "UTC";

    @Column(name = "recurrence_pattern")
    private String recurrencePattern;

    @Convert(converter = RecurrenceAnchorConverter.class)
    @Column(name = "recurrence_anchor", nullable = false)
    private RecurrenceAnchor recurrenceAnchor = RecurrenceAnchor.DUE;

    @Convert(converter = IsoDurationConverter.class)
    @Column(name = "reminder_offset")
    private Duration reminderOffset;

    @Column(name = "remind_at")
    private Instant remindAt;

    @Column(name = "series_id", nullable = false, updatable = false)
    private UUID seriesId;

    @Column(nullable = false, updatable = false)
    private int occurrence = 1;

    @Column(name = "series_start_at")
    private Instant seriesStartAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Optimistic lock and ETag: Hibernate increments it on every update. */
    @Version
    private long version;

    protected Task() {
    }

    private Task(String userId, UUID seriesId, int occurrence, Instant createdAt) {
        this.userId = userId;
        this.seriesId = seriesId;
        this.occurrence = occurrence;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /** A new task: the first occurrence of a series of its own, whose schedule starts at its due date. */
    static Task create(String userId, TaskInput input, Instant now) {
        Task task = new Task(userId, UUID.randomUUID(), 1, now);
        task.write(input, now);
        task.seriesStartAt = task.recurrencePattern != null ? task.dueAt : null;
        return task;
    }

    /**
     * Replaces every writable field. A redefined schedule (due date, rule, zone or anchor) starts again from this
     * occurrence's due date; {@link #touch} is the caller's once it knows the write changed something.
     */
    void revise(TaskInput input, Instant now) {
        Instant dueBefore = dueAt;
        String patternBefore = recurrencePattern;
        String zoneBefore = timeZone;
        RecurrenceAnchor anchorBefore = recurrenceAnchor;
        write(input, now);
        boolean scheduleChanged = !Objects.equals(dueBefore, dueAt) || !Objects.equals(patternBefore, recurrencePattern)
                || !Objects.equals(zoneBefore, timeZone) || anchorBefore != recurrenceAnchor;
        if (recurrencePattern == null) {
            seriesStartAt = null;
        } else if (scheduleChanged || seriesStartAt == null) {
            seriesStartAt = dueAt;
        }
    }

    /** @return whether the state changed (completing a completed task changes nothing) */
    boolean complete(boolean done, Instant now) {
        if (done == completed) {
            return false;
        }
        completed = done;
        completedAt = done ? now : null;
        return true;
    }

    void touch(Instant now) {
        updatedAt = now;
    }

    /** When a task due at {@code dueAt} reminds; null without a due date or an offset. */
    static Instant remindAt(Instant dueAt, Duration reminderOffset) {
        return dueAt != null && reminderOffset != null ? dueAt.minus(reminderOffset) : null;
    }

    /**
     * Checks that {@code occurrence} of {@code seriesId} is this task's successor in its owner's series.
     *
     * @param userId the owner the caller expects, or null when it does not say
     * @throws NextOccurrenceConflictException when it is not
     */
    void requireSuccessor(UUID seriesId, String userId, int occurrence) {
        if (!this.seriesId.equals(seriesId) || (userId != null && !userId.equals(this.userId))) {
            throw new NextOccurrenceConflictException("Task " + id + " is not part of series " + seriesId
                    + " of that user.");
        }
        if (recurrencePattern == null) {
            throw new NextOccurrenceConflictException("Task " + id + " does not recur.");
        }
        if (occurrence != this.occurrence + 1) {
            throw new NextOccurrenceConflictException("Task " + id + " is occurrence " + this.occurrence
                    + "; the next one is " + (this.occurrence + 1) + ", not " + occurrence + ".");
        }
    }

    /**
     * The next occurrence of this completed task, due at {@code dueAt}: the same fields, not completed. Anchor
     * {@code due} keeps the series' schedule start; anchor {@code completion} restarts it at each occurrence.
     *
     * @param sourceVersion this task's version in the completed event, or null when the caller does not say
     * @throws SourceTaskDisagreesException when this task is not completed at that version or later
     */
    Task nextOccurrence(Instant dueAt, Long sourceVersion, Instant now) {
        if (!completed) {
            // a completed event that arrives (or is replayed) after the user un-completed the task, or a forged one
            throw new SourceTaskDisagreesException("Task " + id + " is not completed (any more); no next occurrence.");
        }
        requireVersionAtLeast(sourceVersion);
        Task next = new Task(userId, seriesId, occurrence + 1, now);
        next.title = title;
        next.description = description;
        next.priority = priority;
        next.tags = new ArrayList<>(tags);
        next.timeZone = timeZone;
        next.recurrencePattern = recurrencePattern;
        next.recurrenceAnchor = recurrenceAnchor;
        next.reminderOffset = reminderOffset;
        next.dueAt = dueAt;
        next.remindAt = remindAt(dueAt, reminderOffset);
        next.seriesStartAt = recurrenceAnchor == RecurrenceAnchor.COMPLETION || seriesStartAt == null
                ? dueAt : seriesStartAt;
        return next;
    }

    /**
     * Checks that this task is un-completed at the event's version or later, so its successor may be taken back:
     * an {@code uncompleted} event todo-api did not write (or one overtaken by a new completion) removes nothing.
     *
     * @param sourceVersion this task's version in the event; null (an older caller) checks only the state
     * @throws SourceTaskDisagreesException when it is not
     */
    void requireUncompleted(Long sourceVersion) {
        if (completed) {
            throw new SourceTaskDisagreesException("Task " + id + " is completed; its next occurrence is kept.");
        }
        requireVersionAtLeast(sourceVersion);
    }

    /** @throws NextOccurrenceConflictException when this occurrence was completed or changed since it was created */
    void requireUntouched() {
        if (completed) {
            throw new NextOccurrenceConflictException("The next occurrence (task " + id
                    + ") is already completed; it is kept.");
        }
        if (version != 0) {
            throw new NextOccurrenceConflictException("The next occurrence (task " + id
                    + ") was changed by its user (version " + version + "); it is kept.");
        }
    }

    /** The event describes a version this task has not reached: it cannot have come from todo-api. */
    private void requireVersionAtLeast(Long eventVersion) {
        if (eventVersion != null && version < eventVersion) {
            throw new SourceTaskDisagreesException("Task " + id + " is at version " + version
                    + ", before the event's version " + eventVersion + "; nothing changed.");
        }
    }

    private void write(TaskInput input, Instant now) {
        title = input.title();
        description = input.description();
        priority = input.priority();
        tags = new ArrayList<>(input.tags());
        dueAt = input.dueAt();
        timeZone = input.timeZone().getId();
        recurrencePattern = input.recurrence() == null ? null : input.recurrence().pattern();
        recurrenceAnchor = input.anchor();
        reminderOffset = input.reminderOffset();
        remindAt = input.remindAt();
        if (input.completed() != null) {
            complete(input.completed(), now);
        }
    }

    public Long getId() {
        return id;
    }

    public String getUserId() {
        return userId;
    }

    public String getTitle() {
        return title;
    }

    public String getDescription() {
        return description;
    }

    public boolean isCompleted() {
        return completed;
    }

    public Priority getPriority() {
        return priority;
    }

    public List<String> getTags() {
        return tags;
    }

    public Instant getDueAt() {
        return dueAt;
    }

    public String getTimeZone() {
        return timeZone;
    }

    ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public String getRecurrencePattern() {
        return recurrencePattern;
    }

    public RecurrenceAnchor getRecurrenceAnchor() {
        return recurrenceAnchor;
    }

    public Duration getReminderOffset() {
        return reminderOffset;
    }

    public Instant getRemindAt() {
        return remindAt;
    }

    public UUID getSeriesId() {
        return seriesId;
    }

    public int getOccurrence() {
        return occurrence;
    }

    public Instant getSeriesStartAt() {
        return seriesStartAt;
    }

    public Instant getCompletedAt() {
        return completedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }
}
