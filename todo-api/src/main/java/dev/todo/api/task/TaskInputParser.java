package dev.todo.api.task;

import dev.todo.common.recurrence.InvalidRecurrenceException;
import dev.todo.common.recurrence.RecurrenceAnchor;
import dev.todo.common.recurrence.RecurrenceRule;
import dev.todo.common.web.InvalidInputException;
import dev.todo.common.web.ProblemFieldError;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Every field rule of SPEC §2 in one place. All errors of a request are collected, so a client sees every
 * problem at once in the {@code errors} array.
 */
@Component
public class TaskInputParser {

    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 4000;
    static final int MAX_TAGS = 20;
    static final int MAX_TAG = 30;
    static final int MAX_ZONE = 64;
    static final Duration MAX_REMINDER_OFFSET = Duration.ofDays(366);
    /** timestamptz covers far more, but dates outside this range are typing mistakes, not plans. */
    static final int MIN_YEAR = 1900;
    static final int MAX_YEAR = 9999;

    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    TaskInput parse(TaskRequest request) {
        List<ProblemFieldError> errors = new ArrayList<>();

        String title = request.title();
        if (title == null) {
            errors.add(new ProblemFieldError("title", "is required"));
        } else {
            title = title.strip();
            if (title.isEmpty()) {
                errors.add(new ProblemFieldError("title", "must not be blank"));
            } else if (characters(title) > MAX_TITLE) {
                errors.add(new ProblemFieldError("title", "must be at most " + MAX_TITLE + " characters"));
            } else if (hasControlCharacters(title, false)) {
                errors.add(new ProblemFieldError("title", "must not contain control characters"));
            }
        }

        String description = request.description();
        if (description != null) {
            if (characters(description) > MAX_DESCRIPTION) {
                errors.add(new ProblemFieldError("description",
                        "must be at most " + MAX_DESCRIPTION + " characters"));
            } else if (hasControlCharacters(description, true)) {
                errors.add(new ProblemFieldError("description", "must not contain control characters"));
            }
        }

        Priority priority = Priority.MEDIUM;
        if (request.priority() != null) {
            try {
                priority = Priority.fromWire(request.priority());
            } catch (IllegalArgumentException e) {
                errors.add(new ProblemFieldError("priority", e.getMessage()));
            }
        }

        List<String> tags = tags(request.tags(), errors);

        ZoneId zone = ZoneId.of("UTC");
        if (request.timeZone() != null) {
            String name = request.timeZone();
            if (name.length() > MAX_ZONE || !ZONES.contains(name)) {
                errors.add(new ProblemFieldError("time_zone", "must be an IANA time zone name such as Europe/Berlin"));
            } else {
                zone = ZoneId.of(name);
            }
        }

        Instant dueAt = null;
        if (request.dueAt() != null) {
            dueAt = dueAt(request.dueAt(), zone, errors);
        }

        RecurrenceRule recurrence = null;
        if (request.recurrencePattern() != null && !request.recurrencePattern().isEmpty()) {
            try {
                recurrence = RecurrenceRule.parse(request.recurrencePattern());
                if (dueAt == null && request.dueAt() == null) {
                    errors.add(new ProblemFieldError("recurrence_pattern", "a recurring task needs due_at"));
                } else if (dueAt != null) {
                    recurrence.requireExpandableFrom(dueAt.atZone(zone));
                }
            } catch (InvalidRecurrenceException e) {
                errors.add(new ProblemFieldError("recurrence_pattern", withoutFieldName(e.getMessage())));
            }
        }

        RecurrenceAnchor anchor = RecurrenceAnchor.DUE;
        if (request.recurrenceAnchor() != null) {
            try {
                anchor = RecurrenceAnchor.fromWire(request.recurrenceAnchor());
            } catch (IllegalArgumentException e) {
                errors.add(new ProblemFieldError("recurrence_anchor", "must be one of due, completion"));
            }
        }

        Duration reminderOffset = null;
        if (request.reminderOffset() != null && !request.reminderOffset().isEmpty()) {
            try {
                reminderOffset = Duration.parse(request.reminderOffset());
                if (reminderOffset.isNegative() || reminderOffset.compareTo(MAX_REMINDER_OFFSET) > 0) {
                    errors.add(new ProblemFieldError("reminder_offset", "must be between PT0S and P366D"));
                    reminderOffset = null;
                } else if (request.dueAt() == null) {
                    errors.add(new ProblemFieldError("reminder_offset", "a reminder needs due_at"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new ProblemFieldError("reminder_offset", "must be an ISO-8601 duration such as PT15M"));
            }
        }
        if (dueAt != null && reminderOffset != null) {
            Instant remindAt = dueAt.minus(reminderOffset);
            if (remindAt.atZone(zone).getYear() < MIN_YEAR) {
                errors.add(new ProblemFieldError("reminder_offset", "puts remind_at before " + MIN_YEAR));
            }
        }

        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new TaskInput(title, description, request.completed(), priority, tags, dueAt, zone, recurrence,
                anchor, reminderOffset);
    }

    private static List<String> tags(List<String> raw, List<ProblemFieldError> errors) {
        if (raw == null) {
            return List.of();
        }
        if (raw.size() > MAX_TAGS) {
            errors.add(new ProblemFieldError("tags", "must have at most " + MAX_TAGS + " entries"));
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String tag = raw.get(i);
            String field = "tags[" + i + "]";
            if (tag == null) {
                errors.add(new ProblemFieldError(field, "must not be null"));
                continue;
            }
            tag = tag.strip().toLowerCase(Locale.ROOT);
            if (tag.isEmpty() || characters(tag) > MAX_TAG) {
                errors.add(new ProblemFieldError(field, "must be 1 to " + MAX_TAG + " characters"));
            } else if (hasControlCharacters(tag, false) || tag.contains(",")) {
                errors.add(new ProblemFieldError(field, "must not contain commas or control characters"));
            } else {
                tags.add(tag);
            }
        }
        return List.copyOf(tags);
    }

    /**
     * RFC 3339 with an offset, or a local date-time read in the task's zone (so "09:00" means 09:00 there).
     */
    static Instant dueAt(String value, ZoneId zone, List<ProblemFieldError> errors) {
        Instant instant = null;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withOffset) {
            try {
                instant = LocalDateTime.parse(value).atZone(zone).toInstant();
            } catch (DateTimeException local) {
                errors.add(new ProblemFieldError("due_at", "must be an RFC 3339 date-time such as "
                        + "2026-03-27T09:00:00Z (without an offset it is read in time_zone)"));
                return null;
            }
        }
        int year = instant.atZone(zone).getYear();
        if (year < MIN_YEAR || year > MAX_YEAR) {
            errors.add(new ProblemFieldError("due_at", "must be between the years " + MIN_YEAR + " and " + MAX_YEAR));
            return null;
        }
        return instant;
    }

    /** Lengths count characters (code points) as PostgreSQL's varchar does, so an emoji counts once. */
    static int characters(String value) {
        return value.codePointCount(0, value.length());
    }

    /** The error already names the field; "recurrence_pattern: x" would say it twice. */
    static String withoutFieldName(String message) {
        return message.replaceFirst("^recurrence_pattern:? ", "");
    }

    /** PostgreSQL rejects NUL in text; other control characters have no place in a title or tag. */
    static boolean hasControlCharacters(String value, boolean allowLineBreaks) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(allowLineBreaks && (c == '\n' || c == '\r' || c == '\t'))) {
                return true;
            }
        }
        return false;
    }
}
