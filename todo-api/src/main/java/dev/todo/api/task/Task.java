package dev.todo.api.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A task row. Field rules live in {@link TaskInputParser}; this class only holds state. */
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

    @Column(nullable = false)
    private String priority = Priority.MEDIUM.wireName();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "tags", columnDefinition = "text[]", nullable = false)
    private List<String> tags = new ArrayList<>();

    @Column(name = "due_at")
    private Instant dueAt;

    @Column(name = "time_zone", nullable = false)
    private String timeZone = "UTC";

    @Column(name = "recurrence_pattern")
    private String recurrencePattern;

    @Column(name = "recurrence_anchor", nullable = false)
    private String recurrenceAnchor = "due";

    @Column(name = "reminder_offset")
    private String reminderOffset;

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

    public Task(String userId, UUID seriesId, int occurrence, Instant createdAt) {
        this.userId = userId;
        this.seriesId = seriesId;
        this.occurrence = occurrence;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
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

    public void setTitle(String title) {
        this.title = title;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public boolean isCompleted() {
        return completed;
    }

    public void setCompleted(boolean completed) {
        this.completed = completed;
    }

    public String getPriority() {
        return priority;
    }

    public void setPriority(String priority) {
        this.priority = priority;
    }

    public List<String> getTags() {
        return tags;
    }

    public void setTags(List<String> tags) {
        this.tags = new ArrayList<>(tags);
    }

    public Instant getDueAt() {
        return dueAt;
    }

    public void setDueAt(Instant dueAt) {
        this.dueAt = dueAt;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public String getRecurrencePattern() {
        return recurrencePattern;
    }

    public void setRecurrencePattern(String recurrencePattern) {
        this.recurrencePattern = recurrencePattern;
    }

    public String getRecurrenceAnchor() {
        return recurrenceAnchor;
    }

    public void setRecurrenceAnchor(String recurrenceAnchor) {
        this.recurrenceAnchor = recurrenceAnchor;
    }

    public String getReminderOffset() {
        return reminderOffset;
    }

    public void setReminderOffset(String reminderOffset) {
        this.reminderOffset = reminderOffset;
    }

    public Instant getRemindAt() {
        return remindAt;
    }

    public void setRemindAt(Instant remindAt) {
        this.remindAt = remindAt;
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

    public void setSeriesStartAt(Instant seriesStartAt) {
        this.seriesStartAt = seriesStartAt;
    }

    public Instant getCompletedAt() {
        return completedAt;
    }

    public void setCompletedAt(Instant completedAt) {
        this.completedAt = completedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
    }

    public long getVersion() {
        return version;
    }
}
